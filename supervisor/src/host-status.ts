/**
 * What only the host can tell the edge: how much room DATA_DIR has left, and whether it can be
 * written at all. A loopback HTTP endpoint the edge reaches as its HOST_STATUS service
 * (workerd-config.ts): the upload isolate asks it before accepting bytes and after a store fails
 * (a full disk reaches the worker only as "internal error"), the admin page shows it.
 */
import { accessSync, constants, readFileSync, realpathSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import type { CollectorRun, DiskStatus, ReleaseCheck } from "@hearth/contract";

/** Measures DATA_DIR now: free and total bytes, and whether its blob folder is writable. */
export function measureDisk(dataDir: string): DiskStatus {
  const stats = statfsSync(dataDir);
  let writable = true;
  try {
    accessSync(join(dataDir, "blobs"), constants.W_OK);
  } catch {
    writable = false;
  }
  // Mounted read-only: access() as root says yes, statfs's flags do not reach Node; probe the mount table.
  if (writable && mountedReadOnly(dataDir)) writable = false;
  // A filesystem that went read-only on an error (ext4 errors=remount-ro) may still be listed "rw": try a write.
  if (writable && !writeSucceeds(dataDir)) writable = false;
  return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize, writable };
}

const PROBE_FILE = ".hearth-write-probe";

/**
 * Whether an empty file can be created in DATA_DIR. Asked afresh every time (microseconds): the
 * answer that matters is the one right after a write failed.
 */
function writeSucceeds(dataDir: string): boolean {
  try {
    writeFileSync(join(dataDir, PROBE_FILE), "");
    rmSync(join(dataDir, PROBE_FILE), { force: true });
    return true;
  } catch (error) {
    // Only a read-only filesystem counts; other errors (a full disk's inode table, say) say nothing about it.
    return (error as NodeJS.ErrnoException).code !== "EROFS";
  }
}

function mountedReadOnly(dataDir: string): boolean {
  try {
    const real = realpathSync(dataDir);
    let best = { point: "", ro: false };
    for (const line of readFileSync("/proc/self/mounts", "utf8").split("\n")) {
      const [, point, , options] = line.split(" ");
      if (!point || !options) continue;
      const inside = real === point || real.startsWith(point.endsWith("/") ? point : `${point}/`);
      if (inside && point.length >= best.point.length) best = { point, ro: options.split(",").includes("ro") };
    }
    return best.ro;
  } catch {
    return false;
  }
}

/**
 * Starts the endpoint on 127.0.0.1:port; resolves once it listens. `/disk`: DATA_DIR's room;
 * `/release`: what the registry offers (release-check.ts), for a Hearth without the updater;
 * `POST /collect` runs the stored-bytes collector now (Admin → Storage "Clean up now") and answers its run.
 */
export async function startHostStatus(
  dataDir: string,
  port: number,
  hooks: { collect?: () => Promise<CollectorRun>; release?: () => ReleaseCheck | null } = {},
): Promise<Server> {
  const { collect, release = () => null } = hooks;
  const server = createServer((request, response) => {
    if (request.url === "/collect" && request.method === "POST" && collect) {
      collect().then(
        (run) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(run)),
        (error: Error) => response.writeHead(500).end(error.message),
      );
      return;
    }
    if (request.url === "/release") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(release()));
      return;
    }
    if (request.url !== "/disk") {
      response.writeHead(404).end();
      return;
    }
    try {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(measureDisk(dataDir)));
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return server;
}
