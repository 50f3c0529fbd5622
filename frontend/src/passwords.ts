/** The server's limits (`workers/lib/password.ts`), checked here so the form can say so at once. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters.`;

/** Why a new password would be refused, or "" when it is fine. */
export function passwordProblem(password: string, confirm?: string): string {
  if (password.length < PASSWORD_MIN_LENGTH) return `Passwords need at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Passwords can be at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (confirm !== undefined && password !== confirm) return "The two passwords don't match.";
  return "";
}
