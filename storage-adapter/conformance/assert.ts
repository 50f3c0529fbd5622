/** Tiny assertions for conformance cases, which run inside workerd where no test framework is. */

/** A failed expectation. */
export class AssertionError extends Error {
  override name = "AssertionError";
}

/** Fails unless `condition` holds. */
export function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new AssertionError(what);
}

/** Fails unless `actual` and `expected` are deeply equal (compared as canonical JSON). */
export function checkEqual(actual: unknown, expected: unknown, what: string): void {
  const a = canonical(actual);
  const e = canonical(expected);
  if (a !== e) throw new AssertionError(`${what}: expected ${e}, got ${a}`);
}

/** Fails unless `action` rejects; returns the error. `match` is tested against its message. */
export async function checkRejects(action: () => Promise<unknown>, what: string, match?: RegExp): Promise<Error> {
  let result: unknown;
  try {
    result = await action();
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    if (match && !match.test(err.message)) {
      throw new AssertionError(`${what}: rejected with ${JSON.stringify(err.message)}, which does not match ${match}`);
    }
    return err;
  }
  throw new AssertionError(`${what}: expected a rejection, got ${canonical(result)}`);
}

function canonical(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      if (v instanceof Date) return { date: v.toISOString() };
      if (v instanceof ArrayBuffer) return { bytes: Array.from(new Uint8Array(v)) };
      if (v instanceof Uint8Array) return { bytes: Array.from(v) };
      if (v && typeof v === "object" && !Array.isArray(v)) {
        return Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        );
      }
      return v;
    }) ?? "undefined"
  );
}
