/** The body of every error response: an HTTP status with `{error: {code, message}}`. */

export interface ApiError {
  error: { code: string; message: string };
}
