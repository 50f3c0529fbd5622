/**
 * `hearth admin reset-password <email> [--disable-two-factor]`: for the admin who is locked out.
 * It calls core/admin-users.ts `resetPasswordFromTerminal` (new password, sessions ended,
 * optionally two-factor off, an audit entry): the rules the web app follows. Works whether
 * Hearth is running (it uses the running sqld) or not (it starts sqld on DATA_DIR/db just for
 * this). In the container:
 * `docker exec hearth hearth admin reset-password you@example.com`.
 */
import type { Client } from "@libsql/client/web";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resetPasswordFromTerminal } from "@hearth/workers/core/admin-users";
import type { Services } from "@hearth/workers/core/services";
import { HttpError } from "@hearth/workers/lib/errors";
import { noEvents } from "@hearth/workers/lib/events";
import { hostServices } from "@hearth/workers/core/host-tasks";
import { findBinary } from "./binaries";
import type { Config } from "./config";
import { openClient, sqldChild } from "./database";
import { freePort, StartupError } from "./preflight";
import { createSqldCredentials } from "./sqld-auth";

export const RUNTIME_FILE = ".hearth-runtime.json";

export interface RuntimeInfo {
  pid: number;
  databaseUrl: string;
  /** The token the running sqld requires (this file is readable only by Hearth's user). */
  databaseAuthToken: string;
}

function runningHearth(config: Config): RuntimeInfo | undefined {
  const path = join(config.dataDir, RUNTIME_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const info = JSON.parse(readFileSync(path, "utf8")) as RuntimeInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}

/** Runs `work` with a database client: the running Hearth's, DATABASE_URL, or a temporary sqld. */
async function withDatabase<T>(config: Config, distDir: string, work: (db: Client) => Promise<T>): Promise<T> {
  if (config.databaseUrl) return work(openClient(config.databaseUrl, config.databaseAuthToken));
  const running = runningHearth(config);
  if (running) return work(openClient(running.databaseUrl, running.databaseAuthToken));
  if (!existsSync(join(config.dataDir, "db")))
    throw new StartupError(`No Hearth database in ${config.dataDir}. Set DATA_DIR to Hearth's data folder.`);
  const port = await freePort();
  const scratch = mkdtempSync(join(tmpdir(), "hearth-admin-"));
  const credentials = createSqldCredentials(scratch);
  const sqld = sqldChild(config, findBinary("sqld", config.sqldBin, distDir), port, credentials.keyFile);
  await sqld.start();
  try {
    return await work(openClient(`http://127.0.0.1:${port}`, credentials.token));
  } finally {
    await sqld.stop(5000);
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** `hearth admin` never deletes bytes: a rule that reaches for the blob store here is a bug, said loudly. */
const noBucket = new Proxy({} as R2Bucket, {
  get: (_, method) => () => {
    throw new Error(`hearth admin does not use the blob store (called bucket.${String(method)})`);
  },
});

export async function adminCommand(args: string[], config: Config, distDir: string): Promise<number> {
  const [action, email, ...flags] = args;
  if (action !== "reset-password" || !email) {
    console.error("Usage: hearth admin reset-password <email> [--disable-two-factor]");
    return 2;
  }
  const disableTwoFactor = flags.includes("--disable-two-factor");
  return withDatabase(config, distDir, async (client) => {
    // The same rule the web app's admin page uses, over the running database.
    const services: Services = { ...hostServices(client), bucket: noBucket, events: noEvents };
    try {
      const reset = await resetPasswordFromTerminal(services, { email, disableTwoFactor });
      console.log(`New password for ${reset.email}: ${reset.password}`);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      console.error(error.message);
      return 1;
    }
    const twoFactor = disableTwoFactor ? " and two-factor sign-in was turned off" : "";
    console.log(`All their sessions were ended${twoFactor}. Sign in and change it in Settings.`);
    return 0;
  });
}
