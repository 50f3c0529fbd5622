/** The R2 error codes DiskBucket reports, numbered as Cloudflare R2 numbers them. */
export const R2ErrorCode = {
  INTERNAL_ERROR: 10001,
  NO_SUCH_KEY: 10007,
  ENTITY_TOO_SMALL: 10011,
  METADATA_TOO_LARGE: 10012,
  INVALID_OBJECT_NAME: 10020,
  INVALID_MAX_KEYS: 10022,
  NO_SUCH_UPLOAD: 10024,
  INVALID_PART: 10025,
  INVALID_ARGUMENT: 10029,
  PRECONDITION_FAILED: 10031,
  BAD_DIGEST: 10037,
  INVALID_RANGE: 10039,
  BAD_UPLOAD: 10048,
} as const;

/**
 * An error shaped like the runtime's `R2Error`: the message reads
 * `"<action>: <message> (<code>)"`, so callers that log or match R2 errors see the same text.
 */
export class DiskBucketError extends Error implements R2Error {
  readonly code: number;
  readonly action: string;
  // Only a type: Error sets `stack` itself, and R2Error declares it non-optional.
  declare readonly stack: string;

  constructor(action: string, code: number, message: string) {
    super(`${action}: ${message} (${code})`);
    this.name = "R2Error";
    this.code = code;
    this.action = action;
  }
}

/** Thrown for a key longer than R2's 1024-byte limit. */
export function invalidObjectName(action: string): DiskBucketError {
  return new DiskBucketError(action, R2ErrorCode.INVALID_OBJECT_NAME, "The specified object name is not valid.");
}

/** Thrown when a stored object is inconsistent on disk (e.g. its data file was removed by hand). */
export function damagedObject(action: string, key: string): DiskBucketError {
  return new DiskBucketError(
    action,
    R2ErrorCode.INTERNAL_ERROR,
    `The stored object ${JSON.stringify(key)} is damaged.`,
  );
}

/** Thrown when a caller asks for server-side encryption with a customer key, which DiskBucket does not do. */
export function ssecUnsupported(action: string): DiskBucketError {
  return new DiskBucketError(action, R2ErrorCode.INVALID_ARGUMENT, "SSE-C (ssecKey) is not supported by DiskBucket.");
}
