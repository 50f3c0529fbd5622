/**
 * The certificates that guard sqld's replication port. sqld's JWT guards only its HTTP API: a
 * replica started with no key at all copied the whole database and forwarded an anonymous write
 * (measured), so the gRPC port Hearth opens for replicas requires mutual TLS: the primary accepts
 * only clients with a certificate from this Hearth's own CA, and replicas accept only a primary
 * with one. Made with the `openssl` CLI (present on every Debian and in the image): ECDSA P-256
 * keys in PKCS#8, which sqld's rustls needs; the primary's certificate must name `sqld`, the
 * server name sqld's replica client checks whatever address it dials.
 *
 * DATA_DIR/replication/
 *   ca.pem, ca-key.pem            the CA (its key never leaves this box)
 *   primary.pem, primary-key.pem  the primary's server certificate
 *   for-replicas/                 copy this folder to a replica box: ca.pem, replica.pem, replica-key.pem
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const REPLICATION_FOLDER = "replication";
export const FOR_REPLICAS = "for-replicas";
/** The name sqld's replica expects on the primary's certificate. */
const PRIMARY_NAME = "sqld";
const DAYS = "3650";

export interface PrimaryCertificates {
  ca: string;
  cert: string;
  key: string;
}

export interface ReplicaCertificates {
  ca: string;
  cert: string;
  key: string;
}

export function primaryCertificates(dataDir: string): PrimaryCertificates {
  const dir = join(dataDir, REPLICATION_FOLDER);
  return { ca: join(dir, "ca.pem"), cert: join(dir, "primary.pem"), key: join(dir, "primary-key.pem") };
}

/** A replica's files in a folder copied from the primary's `for-replicas/`. */
export function replicaCertificates(dir: string): ReplicaCertificates {
  return { ca: join(dir, "ca.pem"), cert: join(dir, "replica.pem"), key: join(dir, "replica-key.pem") };
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new Error("the openssl command is needed to make replication certificates: apt-get install openssl");
    throw new Error(`openssl ${args[0]} failed: ${stderr || (error as Error).message}`);
  }
}

function newKey(cwd: string, file: string): void {
  openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", file], cwd);
  chmodSync(join(cwd, file), 0o600);
}

/** A certificate for `name` signed by the CA in `cwd`, for a server or a client. */
function signed(cwd: string, name: string, use: "serverAuth" | "clientAuth", cert: string, key: string): void {
  newKey(cwd, key);
  const csr = `${name}.csr`;
  const ext = `${name}.ext`;
  openssl(["req", "-new", "-key", key, "-subj", `/CN=${name}`, "-out", csr], cwd);
  writeFileSync(
    join(cwd, ext),
    `subjectAltName=DNS:${name}\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=${use}\n`,
  );
  openssl(
    ["x509", "-req", "-in", csr, "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-set_serial", `0x${randomSerial()}`].concat([
      "-days",
      DAYS,
      "-sha256",
      "-extfile",
      ext,
      "-out",
      cert,
    ]),
    cwd,
  );
  rmSync(join(cwd, csr));
  rmSync(join(cwd, ext));
}

function randomSerial(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Makes the CA, the primary's certificate and one replica certificate, unless they exist; true
 * when it made them. Every replica box gets the same `for-replicas/` folder.
 */
export function ensureReplicationCertificates(dataDir: string): boolean {
  const dir = join(dataDir, REPLICATION_FOLDER);
  const primary = primaryCertificates(dataDir);
  if ([primary.ca, primary.cert, primary.key].every((f) => existsSync(f))) return false;
  mkdirSync(join(dir, FOR_REPLICAS), { recursive: true, mode: 0o700 });
  newKey(dir, "ca-key.pem");
  openssl(
    ["req", "-x509", "-new", "-key", "ca-key.pem", "-sha256", "-days", DAYS, "-subj", "/CN=Hearth replication CA"]
      .concat(["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
      .concat(["-out", "ca.pem"]),
    dir,
  );
  signed(dir, PRIMARY_NAME, "serverAuth", "primary.pem", "primary-key.pem");
  signed(dir, "hearth-replica", "clientAuth", join(FOR_REPLICAS, "replica.pem"), join(FOR_REPLICAS, "replica-key.pem"));
  openssl(["x509", "-in", "ca.pem", "-out", join(FOR_REPLICAS, "ca.pem")], dir);
  return true;
}
