/** The server's limits (from the contract), checked here so the form can say so at once. */
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@hearth/contract";

export const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters.`;

/** Why a new password would be refused, or "" when it is fine. */
export function passwordProblem(password: string, confirm?: string): string {
  if (password.length < PASSWORD_MIN_LENGTH) return `Passwords need at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Passwords can be at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (confirm !== undefined && password !== confirm) return "The two passwords don't match.";
  return "";
}
