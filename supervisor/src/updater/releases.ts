/** What is running, what the registry offers, what is kept locally, and pruning old local images. */
import type { Engine } from "./engine";
import type { ImageVersion } from "./journal";
import { RegistryClient, RegistryError, parseImageRef } from "./registry";
import { beyondKeep, newerRelease, releasesOn, type Channel } from "./versions";

export const VERSION_LABEL = "org.opencontainers.image.version";
export const NOTES_LABEL = "io.hearth.release-notes";

export interface LocalVersion {
  tag: string;
  digest: string;
  image_id: string;
  created_at: string;
  running: boolean;
}

export class Releases {
  readonly registry: RegistryClient;

  constructor(
    readonly repository: string,
    private readonly engine: Engine,
    private readonly container: string,
    insecureRegistry = false,
  ) {
    this.registry = new RegistryClient(parseImageRef(repository), insecureRegistry);
  }

  /** The version the app container runs: its image's version label and pinned digest. */
  async current(): Promise<(ImageVersion & { image_id: string }) | undefined> {
    const inspect = await this.engine.inspect(this.container);
    if (!inspect) return undefined;
    const image = await this.engine.image(inspect.Image);
    const repoDigest = image?.RepoDigests?.find((d) => d.startsWith(`${this.repository}@`));
    return {
      tag: image?.Config?.Labels?.[VERSION_LABEL] ?? "unknown",
      digest: repoDigest?.replace(/^.*@/, "") ?? "",
      ref: inspect.Image,
      image_id: inspect.Image,
    };
  }

  /** Resolves a tag in the registry to a pinned reference (400-worthy RegistryError when unknown). */
  async resolve(tag: string): Promise<ImageVersion> {
    const digest = await this.registry.digestOf(tag);
    return { tag, digest, ref: `${this.repository}@${digest}` };
  }

  async latest(channel: Channel): Promise<{ tag: string; digest: string; notes: string } | null> {
    const tags = await this.registry.tags();
    const newest = releasesOn(tags, channel)[0];
    if (!newest) return null;
    const digest = await this.registry.digestOf(newest);
    const labels = await this.registry.labelsOf(digest).catch(() => ({}) as Record<string, string>);
    return { tag: newest, digest, notes: labels[NOTES_LABEL] ?? "" };
  }

  async newer(channel: Channel, currentTag: string): Promise<string | undefined> {
    return newerRelease(await this.registry.tags(), channel, currentTag);
  }

  /** Local images of the repository, newest built first, with the tag they carry. */
  async local(): Promise<LocalVersion[]> {
    const running = (await this.engine.inspect(this.container))?.Image;
    const images = await this.engine.localImages(this.repository);
    return images.map((image) => {
      const tags = (image.RepoTags ?? [])
        .filter((t) => t.startsWith(`${this.repository}:`))
        .map((t) => t.slice(this.repository.length + 1));
      return {
        tag: image.Labels?.[VERSION_LABEL] ?? tags[0] ?? "untagged",
        digest: (image.RepoDigests ?? []).find((d) => d.startsWith(`${this.repository}@`))?.replace(/^.*@/, "") ?? "",
        image_id: image.Id,
        created_at: new Date(image.Created * 1000).toISOString(),
        running: image.Id === running,
      };
    });
  }

  private pruning: Promise<unknown> = Promise.resolve();

  /**
   * Removes local images beyond the newest `keep` (never the running one); returns the tags removed.
   * One prune at a time: the one after a finished update and one asked for by the admin could
   * otherwise remove the same images at once, and the engine refused one of them (kept for good).
   */
  prune(keep: number): Promise<string[]> {
    const run = this.pruning.then(() => this.pruneNow(keep));
    this.pruning = run.catch(() => undefined);
    return run;
  }

  private async pruneNow(keep: number): Promise<string[]> {
    const removed: string[] = [];
    const inUse = await this.engine.imagesInUse();
    for (const version of beyondKeep(await this.local(), keep)) {
      if (version.running) continue;
      if (inUse.has(version.image_id)) {
        console.log(`kept ${version.tag} (${version.image_id.slice(7, 19)}): a container uses it`);
        continue;
      }
      try {
        await this.engine.removeImage(version.image_id);
        removed.push(version.tag);
      } catch (error) {
        // Still used by a stopped container, or a parent of a kept one: the engine knows best.
        console.log(`kept ${version.tag} (${version.image_id.slice(7, 19)}): ${(error as Error).message}`);
      }
    }
    return removed;
  }
}

export { RegistryError };
