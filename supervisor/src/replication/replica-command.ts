/**
 * `hearth replication init` and `hearth replica`: the two commands of a primary + replica setup.
 *
 * On the primary box, REPLICATION_LISTEN=0.0.0.0:5001 makes Hearth's own sqld serve replicas
 * (certificates made on first use, or beforehand with `hearth replication init`). Copy its
 * DATA_DIR/replication/for-replicas/ to the second box and run there
 *
 *   hearth replica --primary <primary host>:5001 --certs <copied folder> [--listen 127.0.0.1:8081]
 *
 * which keeps a replica of the whole database in DATA_DIR/replica-db, restarted if it crashes,
 * and serves it on --listen (sqld's HTTP API, requiring the token it writes to
 * DATA_DIR/replica-auth/token): the DATABASE_REPLICA_URL and DATABASE_REPLICA_AUTH_TOKEN of a
 * Hearth on that box.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { findBinary } from "../binaries";
import { ManagedChild, waitForHttp } from "../child";
import type { Config } from "../config";
import { log } from "../log";
import { createSqldCredentials } from "../sqld-auth";
import { ensureReplicationCertificates, FOR_REPLICAS, REPLICATION_FOLDER, replicaCertificates } from "./certs";
import { replicaArgs } from "./sqld-args";

export function replicationCommand(argv: string[], config: Config): number {
  if (argv[0] !== "init") {
    console.error("Usage: hearth replication init");
    return 2;
  }
  const made = ensureReplicationCertificates(config.dataDir);
  const folder = join(config.dataDir, REPLICATION_FOLDER, FOR_REPLICAS);
  console.log(
    `${made ? "Made" : "Already made:"} the replication certificates in ${join(config.dataDir, REPLICATION_FOLDER)}.`,
  );
  console.log(
    `Copy ${folder} to each replica box, then run there: hearth replica --primary <this box>:<port> --certs <folder>`,
  );
  return 0;
}

/** The replica's HTTP token, made once and kept (so a Hearth using it survives the replica's restarts). */
export function replicaToken(dataDir: string): { keyFile: string; token: string; tokenFile: string } {
  const dir = join(dataDir, "replica-auth");
  const tokenFile = join(dir, "token");
  const keyFile = join(dir, "sqld-jwt-key.pem");
  if (existsSync(tokenFile) && existsSync(keyFile))
    return { keyFile, token: readFileSync(tokenFile, "utf8").trim(), tokenFile };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const credentials = createSqldCredentials(dir);
  writeFileSync(tokenFile, credentials.token, { mode: 0o600 });
  return { keyFile: credentials.keyFile, token: credentials.token, tokenFile };
}

export async function replicaCommand(argv: string[], config: Config, distDir: string): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { primary: { type: "string" }, certs: { type: "string" }, listen: { type: "string" } },
  });
  if (!values.primary || !values.certs) {
    console.error("Usage: hearth replica --primary <host:port> --certs <folder> [--listen 127.0.0.1:8081]");
    return 2;
  }
  const certs = replicaCertificates(values.certs);
  const missing = [certs.ca, certs.cert, certs.key].filter((f) => !existsSync(f));
  if (missing.length > 0) {
    console.error(
      `hearth replica: ${missing.join(", ")} not found; copy the primary's DATA_DIR/replication/${FOR_REPLICAS}/.`,
    );
    return 1;
  }
  const listen = values.listen ?? "127.0.0.1:8081";
  const auth = replicaToken(config.dataDir);
  const args = replicaArgs({
    dbPath: join(config.dataDir, "replica-db"),
    primary: values.primary,
    certsDir: values.certs,
    httpListen: listen,
    jwtKeyFile: auth.keyFile,
  });
  const url = `http://${listen.replace(/^0\.0\.0\.0:/, "127.0.0.1:")}`;
  const sqld = new ManagedChild({
    name: "replica",
    command: findBinary("sqld", config.sqldBin, distDir),
    args,
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "warn" },
    whenStarted: (child) => waitForHttp(`${url}/health`, child, 30_000),
  });
  await sqld.start();
  log("hearth", `replica of ${values.primary} ready on ${url}; its token is in ${auth.tokenFile}`);
  await new Promise<void>((resolve) => {
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
  });
  await sqld.stop(4000);
  return 0;
}
