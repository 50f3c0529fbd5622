/**
 * The storage quota. What counts: every file's size, trash included, each file on its own, so a
 * copy or a second upload of the same photo counts again even though its bytes are stored once
 * (as Google Drive counts; a family sees "this folder is 2 GB" and expects it to cost 2 GB). The
 * count is kept by the database as files come and go, and the database itself refuses the insert
 * that would pass the quota (repositories/files.ts OverQuota), so concurrent uploads cannot
 * overrun it; the checks here only refuse early, before bytes flow.
 */
import { HttpError } from "../lib/errors";
import { OverQuota } from "../repositories/files";
import { findUser, usedBytesOf } from "../repositories/users";
import type { Services } from "./services";

export class QuotaExceeded extends HttpError {
  constructor(quota: number, used: number, wanted?: number) {
    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    const needs = wanted === undefined ? "" : `this needs ${mib(wanted)}, and `;
    super(
      413,
      "quota_exceeded",
      `Not enough space: ${needs}${mib(Math.max(0, quota - used))} of your ${mib(quota)} is free.`,
    );
  }
}

/** Throws 413 when `bytes` more would take the user over their quota (an early answer; the insert decides). */
export async function assertQuota(services: Pick<Services, "db">, userId: string, bytes: number): Promise<void> {
  const user = await findUser(services.db, userId);
  if (user?.quotaBytes === null || user?.quotaBytes === undefined) return;
  const used = await usedBytesOf(services.db, userId);
  if (used + bytes > user.quotaBytes) throw new QuotaExceeded(user.quotaBytes, used, bytes);
}

/** Runs a write that adds `bytes` of files, turning the database's quota refusal into a 413. */
export async function withinQuota<T>(
  services: Pick<Services, "db">,
  userId: string,
  bytes: number | undefined,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof OverQuota)) throw error;
    const user = await findUser(services.db, userId);
    throw new QuotaExceeded(user?.quotaBytes ?? 0, await usedBytesOf(services.db, userId), bytes);
  }
}
