/**
 * Asks the supervisor's host-status endpoint (supervisor/src/host-status.ts) how much room DATA_DIR
 * has, and (without the updater) what release the registry offers.
 */
import type { CollectorRun, DiskStatus, ReleaseCheck } from "@hearth/contract";

/** The data folder's free space and writability; null when there is no such endpoint or it does not answer. */
export async function diskStatusOf(hostStatus: Fetcher | undefined): Promise<DiskStatus | null> {
  if (!hostStatus) return null;
  try {
    const response = await hostStatus.fetch("http://host-status/disk", { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return null;
    return (await response.json()) as DiskStatus;
  } catch {
    return null;
  }
}

/** Has the supervisor run the collector now and answers its run; null when there is no such endpoint or it failed. */
export async function collectThroughHost(hostStatus: Fetcher | undefined): Promise<CollectorRun | null> {
  if (!hostStatus) return null;
  try {
    const response = await hostStatus.fetch("http://host-status/collect", { method: "POST" });
    return response.ok ? ((await response.json()) as CollectorRun) : null;
  } catch {
    return null;
  }
}

/** The supervisor's last look at the registry; null without one (no HEARTH_IMAGE, or the updater does it). */
export async function releaseCheckOf(hostStatus: Fetcher | undefined): Promise<ReleaseCheck | null> {
  if (!hostStatus) return null;
  try {
    const response = await hostStatus.fetch("http://host-status/release", { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return null;
    return (await response.json()) as ReleaseCheck | null;
  } catch {
    return null;
  }
}
