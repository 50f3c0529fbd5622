/**
 * "A new version is available" for Hearth run without the compose stack's updater (`docker run`):
 * the supervisor asks the image registry itself, at start and then daily, which release is the
 * newest on the channel, and the host-status endpoint hands that to the admin's Updates page
 * with the two commands that update by hand. With the stack, the updater answers instead.
 */
import type { ReleaseCheck } from "@hearth/contract";
import { RegistryClient, parseImageRef } from "./updater/registry";
import { compareReleases, parseRelease, releasesOn, type Channel } from "./updater/versions";
import { NOTES_LABEL } from "./updater/releases";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReleaseCheckSettings {
  /** The image repository this Hearth came from, e.g. `ghcr.io/owner/hearth` (HEARTH_IMAGE). */
  repository: string;
  channel: Channel;
  currentVersion: string;
  insecureRegistry: boolean;
}

export class ReleaseWatch {
  private last: ReleaseCheck;
  private readonly registry: RegistryClient;

  constructor(
    private readonly settings: ReleaseCheckSettings,
    private readonly log: (line: string) => void,
  ) {
    this.registry = new RegistryClient(parseImageRef(settings.repository), settings.insecureRegistry);
    this.last = { image: settings.repository, latest: null, update_available: false, checked_at: null, error: null };
  }

  current(): ReleaseCheck {
    return this.last;
  }

  /** Checks now and then once a day (every minute while checks fail); timers never keep the process alive. */
  start(): void {
    const next = async () => {
      const result = await this.check();
      setTimeout(() => void next(), result.error ? 60_000 : DAY_MS).unref();
    };
    void next();
  }

  async check(): Promise<ReleaseCheck> {
    const { channel, currentVersion, repository } = this.settings;
    try {
      const newest = releasesOn(await this.registry.tags(), channel)[0];
      let latest: ReleaseCheck["latest"] = null;
      if (newest) {
        const digest = await this.registry.digestOf(newest);
        const labels = await this.registry.labelsOf(digest).catch(() => ({}) as Record<string, string>);
        latest = { tag: newest, digest, notes: labels[NOTES_LABEL] ?? "" };
      }
      const available = Boolean(
        latest && parseRelease(currentVersion) && compareReleases(latest.tag, currentVersion) > 0,
      );
      if (available && !this.last.update_available)
        this.log(`Hearth ${latest!.tag} is available (running ${currentVersion}); see Admin → Updates`);
      this.last = {
        image: repository,
        latest,
        update_available: available,
        checked_at: new Date().toISOString(),
        error: null,
      };
    } catch (error) {
      this.last = { ...this.last, checked_at: new Date().toISOString(), error: (error as Error).message };
    }
    return this.last;
  }
}
