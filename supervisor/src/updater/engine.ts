/**
 * The Docker Engine, through dockerode (over DOCKER_HOST: the stack's socket proxy, or a socket).
 * Only what an update needs: inspect, pull with byte progress, run a one-off command in an image
 * with the app's mounts, exec in the app, stop/rename/start/remove, create from a record, prune.
 */
import Dockerode from "dockerode";
import type { RecordedContainer } from "./container-spec";

export interface PullProgress {
  done: number;
  total: number;
}

export class Engine {
  readonly docker: Dockerode;

  constructor(dockerHost = process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock") {
    this.docker = new Dockerode(connectionOf(dockerHost));
  }

  async ping(): Promise<void> {
    await this.docker.ping();
  }

  async inspect(nameOrId: string): Promise<Dockerode.ContainerInspectInfo | undefined> {
    try {
      return await this.docker.getContainer(nameOrId).inspect();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  async image(ref: string): Promise<Dockerode.ImageInspectInfo | undefined> {
    try {
      return await this.docker.getImage(ref).inspect();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  /** Pulls `ref`; `onProgress` gets bytes downloaded over bytes known so far. `signal` aborts it. */
  async pull(ref: string, onProgress: (p: PullProgress) => void, signal?: AbortSignal): Promise<void> {
    const stream = (await this.docker.pull(ref)) as NodeJS.ReadableStream & { destroy?: () => void };
    const layers = new Map<string, PullProgress>();
    await new Promise<void>((resolve, reject) => {
      const abort = () => {
        stream.destroy?.();
        reject(new Error("cancelled"));
      };
      signal?.addEventListener("abort", abort, { once: true });
      this.docker.modem.followProgress(
        stream,
        (error: Error | null) => {
          signal?.removeEventListener("abort", abort);
          if (error) reject(error);
          else resolve();
        },
        (event: {
          id?: string;
          status?: string;
          error?: string;
          progressDetail?: { current?: number; total?: number };
        }) => {
          if (event.error) return;
          if (!event.id) return;
          const layer = layers.get(event.id) ?? { done: 0, total: 0 };
          if (event.status === "Downloading" && event.progressDetail?.total) {
            layer.total = event.progressDetail.total;
            layer.done = event.progressDetail.current ?? 0;
          } else if (/Download complete|Already exists|Pull complete/.test(event.status ?? "")) {
            layer.done = layer.total;
          }
          layers.set(event.id, layer);
          let done = 0;
          let total = 0;
          for (const l of layers.values()) {
            done += l.done;
            total += l.total;
          }
          onProgress({ done, total });
        },
      );
    });
  }

  /**
   * Runs `cmd` once in `image` with the app's mounts, user and env; returns exit code and output.
   * Idempotent by `name`: a leftover container of that name is removed first.
   */
  async runOnce(
    image: string,
    cmd: string[],
    app: RecordedContainer,
    name: string,
  ): Promise<{ code: number; output: string }> {
    const host = app.create.HostConfig ?? {};
    // A run cut short by an updater restart may have left it behind: the name is this run's.
    await this.remove(name);
    const container = await this.docker.createContainer({
      name,
      Image: image,
      Cmd: cmd,
      // The caller stopped the app: see runningHearth() in backups/command.ts.
      Env: [...(app.create.Env ?? []), "HEARTH_APP_STOPPED=1"],
      User: app.create.User,
      HostConfig: {
        Binds: host.Binds,
        Mounts: host.Mounts,
        VolumesFrom: host.VolumesFrom,
        Tmpfs: host.Tmpfs,
        NetworkMode: "none",
        ReadonlyRootfs: host.ReadonlyRootfs,
        CapDrop: host.CapDrop,
        SecurityOpt: host.SecurityOpt,
      },
    });
    try {
      await container.start();
      const result = (await container.wait()) as { StatusCode: number };
      const logs = await container.logs({ stdout: true, stderr: true });
      return { code: result.StatusCode, output: demux(logs) };
    } finally {
      await container.remove({ force: true }).catch(() => {});
    }
  }

  /** Runs `cmd` inside the running container; returns exit code and output. */
  async exec(nameOrId: string, cmd: string[]): Promise<{ code: number; output: string }> {
    const exec = await this.docker.getContainer(nameOrId).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
    // Not hijacked: a plain streamed response passes any HTTP proxy (the stack's socket proxy).
    const stream = await exec.start({ Detach: false, Tty: false });
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", resolve);
      stream.on("error", reject);
    });
    const info = await exec.inspect();
    return { code: info.ExitCode ?? -1, output: demux(Buffer.concat(chunks)) };
  }

  /** Creates (not starts) a container from a record, on `image`, and joins its other networks. */
  async createFrom(app: RecordedContainer, image: string, name: string): Promise<string> {
    const container = await this.docker.createContainer({ ...app.create, Image: image, name });
    for (const [network, settings] of Object.entries(app.extra_networks)) {
      await this.docker.getNetwork(network).connect({ Container: container.id, EndpointConfig: settings });
    }
    return container.id;
  }

  async stop(nameOrId: string, seconds = 20): Promise<void> {
    try {
      await this.docker.getContainer(nameOrId).stop({ t: seconds });
    } catch (error) {
      // 304: already stopped; 404: gone. Both are what stopping wants.
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== 304 && status !== 404) throw error;
    }
  }

  async start(nameOrId: string): Promise<void> {
    try {
      await this.docker.getContainer(nameOrId).start();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 304) throw error;
    }
  }

  async rename(nameOrId: string, name: string): Promise<void> {
    await this.docker.getContainer(nameOrId).rename({ name });
  }

  async remove(nameOrId: string): Promise<void> {
    try {
      await this.docker.getContainer(nameOrId).remove({ force: true });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
  }

  /** Local images of `repository` (by tag or digest), newest first. */
  async localImages(repository: string): Promise<Dockerode.ImageInfo[]> {
    // Filtered here: the engine's `reference` filter misreads a registry's host:port as a tag.
    const images = await this.docker.listImages();
    const ours = (ref: string) => ref.startsWith(`${repository}:`) || ref.startsWith(`${repository}@`);
    return images
      .filter((i) => [...(i.RepoTags ?? []), ...(i.RepoDigests ?? [])].some(ours))
      .sort((a, b) => b.Created - a.Created);
  }

  /** Forced (an image can carry several tags); callers skip images any container uses. */
  async removeImage(id: string): Promise<void> {
    await this.docker.getImage(id).remove({ force: true });
  }

  /** Image ids that some container, running or stopped, is made from. */
  async imagesInUse(): Promise<Set<string>> {
    const containers = await this.docker.listContainers({ all: true });
    return new Set(containers.map((c) => c.ImageID));
  }

  async tag(imageId: string, repository: string, tag: string): Promise<void> {
    await this.docker.getImage(imageId).tag({ repo: repository, tag });
  }
}

function connectionOf(dockerHost: string): Dockerode.DockerOptions {
  if (dockerHost.startsWith("unix://")) return { socketPath: dockerHost.slice("unix://".length) };
  const url = new URL(dockerHost.replace(/^tcp:/, "http:"));
  return { host: url.hostname, port: Number(url.port || 2375), protocol: "http" };
}

/** The engine's multiplexed stdout/stderr frames (8-byte headers) as text; plain text as is. */
function demux(buffer: Buffer): string {
  const parts: string[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length && buffer[offset]! <= 2 && buffer.readUInt16BE(offset + 1) === 0) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size).toString("utf8"));
    offset += 8 + size;
  }
  if (offset < buffer.length) parts.push(buffer.subarray(offset).toString("utf8"));
  return parts.join("");
}
