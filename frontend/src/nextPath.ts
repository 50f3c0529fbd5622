/** Only paths inside the app are followed after sign-in (no open redirect to other sites). */
export function safeNext(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/login") ? value : "/drive";
}
