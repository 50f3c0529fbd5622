/**
 * `hearth admin reset-password <email> [--disable-two-factor]`: for the admin who is locked out.
 * Sets a new random password, ends the user's sessions, optionally turns two-factor sign-in off,
 * and records it in the audit log. Works whether Hearth is running (it uses the running sqld) or
 * not (it starts sqld on DATA_DIR/db just for this). In the container:
 * `docker exec hearth hearth admin reset-password you@example.com`.
 */
import type { Client } from "@libsql/client/web";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Scrypt } from "oslo/password";
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
  if (!existsSync(join(config.dataDir, "db"))) throw new StartupError(`No Hearth database in ${config.dataDir}. Set DATA_DIR to Hearth's data folder.`);
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

/** A password a person can type from a terminal: 4 groups of 5 lowercase letters and digits. */
function temporaryPassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const chars = [...randomBytes(20)].map((b) => alphabet[b % alphabet.length]).join("");
  return chars.match(/.{5}/g)!.join("-");
}

export async function adminCommand(args: string[], config: Config, distDir: string): Promise<number> {
  const [action, email, ...flags] = args;
  if (action !== "reset-password" || !email) {
    console.error("Usage: hearth admin reset-password <email> [--disable-two-factor]");
    return 2;
  }
  const disableTwoFactor = flags.includes("--disable-two-factor");
  return withDatabase(config, distDir, async (db) => {
    const found = await db.execute({ sql: "SELECT id, email FROM users WHERE email = ?", args: [email.trim().toLowerCase()] });
    const row = found.rows[0];
    if (!row) {
      console.error(`No account with the email ${email}.`);
      return 1;
    }
    const user = { id: String(row.id), email: String(row.email) };
    const password = temporaryPassword();
    const hash = "scrypt$" + (await new Scrypt({ N: 16384, r: 16, p: 1, dkLen: 64 }).hash(password));
    const now = Date.now();
    await db.batch(
      [
        { sql: "UPDATE users SET password_hash = ?, password_changed_at = ?, disabled_at = NULL WHERE id = ?", args: [hash, now, user.id] },
        ...(disableTwoFactor
          ? [
              { sql: "UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL WHERE id = ?", args: [user.id] },
              { sql: "DELETE FROM recovery_codes WHERE user_id = ?", args: [user.id] },
            ]
          : []),
        { sql: "DELETE FROM sessions WHERE user_id = ?", args: [user.id] },
        { sql: "DELETE FROM login_throttle WHERE key = ?", args: [`account:${user.email}`] },
        {
          sql: "INSERT INTO audit_log (at, action, success, actor_id, actor_email, ip, target_type, target_id, detail) VALUES (?, 'admin.user.reset_password', 1, NULL, NULL, NULL, 'user', ?, ?)",
          args: [now, user.id, JSON.stringify({ via: "hearth admin reset-password", twoFactorDisabled: disableTwoFactor })],
        },
      ],
      "write",
    );
    console.log(`New password for ${user.email}: ${password}`);
    console.log(`All their sessions were ended${disableTwoFactor ? " and two-factor sign-in was turned off" : ""}. Sign in and change it in Settings.`);
    return 0;
  });
}
