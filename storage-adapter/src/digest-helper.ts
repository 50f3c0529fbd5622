/**
 * DiskBucket's side of the digest helper (digest-protocol.ts): tells it each file of a big write
 * as soon as the file is on disk, and asks for the run's SHA-256 at the end. Never throws: a
 * helper that is missing, restarted or confused answers "unknown" (null), and the caller hashes
 * the bytes itself, so the helper can only save work, never change a result.
 */
import {
  DIGEST_FEED,
  DIGEST_FORGET,
  DIGEST_RESULT,
  type DigestAnswer,
  type DigestFeed,
  type DigestQuery,
} from "./digest-protocol.js";
import type { DiskPath } from "./disk-client.js";

/** A file of a run, as written and verified. */
export interface RunFile {
  name: string;
  size: number;
}

/** A feed or forget is answered at once; longer means the helper is stuck, and the caller goes on without it. */
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * A result waits for the helper to finish hashing, which lags the write by about one piece (a
 * board without SHA instructions hashes at about the speed it receives); past this the bucket
 * hashes the bytes itself rather than hang an upload on a stuck helper.
 */
const RESULT_TIMEOUT_MS = 10 * 60_000;

export class DigestHelper {
  #unreachable = false;

  constructor(private readonly service: Fetcher) {}

  /** Says that `file` (written and its size checked) is file number `index` of the run in `folder`. False when the helper did not take it. */
  async feed(folder: DiskPath, index: number, file: RunFile): Promise<boolean> {
    const feed: DigestFeed = { run: [...folder], index, name: file.name, size: file.size };
    return (await this.#post(DIGEST_FEED, feed))?.status === 202;
  }

  /** The SHA-256 (hex) of exactly `files`, in order, as the helper hashed them; null when it cannot say. */
  async sha256(folder: DiskPath, files: RunFile[]): Promise<string | null> {
    const query: DigestQuery = { run: [...folder], names: files.map((file) => file.name) };
    const response = await this.#post(DIGEST_RESULT, query, RESULT_TIMEOUT_MS);
    if (response?.status !== 200) return null;
    const answer = (await response.json().catch(() => null)) as DigestAnswer | null;
    const size = files.reduce((sum, file) => sum + file.size, 0);
    if (!answer || answer.size !== size || !/^[0-9a-f]{64}$/.test(answer.sha256)) return null;
    return answer.sha256;
  }

  /** Lets the helper drop the run's state. */
  async forget(folder: DiskPath): Promise<void> {
    await this.#post(DIGEST_FORGET, { run: [...folder] });
  }

  async #post(path: string, body: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Response | null> {
    // Once the helper failed to answer, this request stops asking (and waiting): it hashes itself.
    if (this.#unreachable) return null;
    try {
      const response = await this.service.fetch(`http://digests${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.status !== 200) await response.body?.cancel();
      return response;
    } catch (error) {
      this.#unreachable = true;
      console.warn(`the blob digest helper did not answer ${path}:`, error);
      return null;
    }
  }
}
