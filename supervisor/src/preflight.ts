/**
 * Checks before anything starts: DATA_DIR usable, PORT free. Each failure is one clear sentence;
 * nothing in DATA_DIR is changed by a failed check.
 */
import { accessSync, constants, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { Config } from "./config";

export class StartupError extends Error {}

export const DATA_SUBDIRS = ["db", "blobs", "state", "backups"] as const;

export function checkDataDir(config: Config): void {
  const dir = config.dataDir;
  if (!existsSync(dir)) {
    if (!config.dataDirIsDefault)
      throw new StartupError(`DATA_DIR ${dir} does not exist. Create it (or mount a volume there) and start again.`);
    // Only Hearth's user may read the family's files and database.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  if (!statSync(dir).isDirectory()) throw new StartupError(`DATA_DIR ${dir} is not a folder.`);
  const probe = join(dir, `.hearth-write-test-${process.pid}`);
  try {
    accessSync(dir, constants.W_OK);
    writeFileSync(probe, "probe");
    rmSync(probe);
  } catch {
    const uid = typeof process.getuid === "function" ? process.getuid() : "?";
    throw new StartupError(
      `DATA_DIR ${dir} is not writable by this user (uid ${uid}). Make the folder (in a container: the host folder mounted there) owned by uid ${uid}, e.g. \`chown -R ${uid} <folder>\`.`,
    );
  }
  for (const sub of DATA_SUBDIRS) {
    const path = join(dir, sub);
    try {
      mkdirSync(path, { recursive: true, mode: 0o700 });
      accessSync(path, constants.W_OK);
    } catch {
      throw new StartupError(`DATA_DIR/${sub} (${path}) is not writable by this user.`);
    }
  }
}

/** Resolves when host:port can be listened on; rejects with a clear message when taken. */
export function checkPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE")
        reject(
          new StartupError(`PORT ${port} on ${host} is already in use. Stop what uses it or set PORT to another port.`),
        );
      else if (error.code === "EACCES")
        reject(new StartupError(`Not allowed to listen on ${host}:${port}. Use a PORT above 1023.`));
      else if (error.code === "EADDRNOTAVAIL")
        reject(new StartupError(`HOST ${host} is not an address of this machine.`));
      else reject(error);
    });
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** A free loopback port for an internal socket. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
