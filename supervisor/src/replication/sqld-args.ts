/** sqld's command-line flags for a primary that serves replicas, and for a replica (mutual TLS both ways). */
import { primaryCertificates, replicaCertificates } from "./certs";

/** Added to Hearth's own sqld when REPLICATION_LISTEN is set: the replication (gRPC) port, TLS, client certificates required. */
export function primaryReplicationArgs(listen: string, dataDir: string): string[] {
  const certs = primaryCertificates(dataDir);
  return ["--grpc-listen-addr", listen, "--grpc-tls"].concat([
    "--grpc-cert-file",
    certs.cert,
    "--grpc-key-file",
    certs.key,
    "--grpc-ca-cert-file",
    certs.ca,
  ]);
}

export interface ReplicaOptions {
  /** Where the replica keeps its copy. */
  dbPath: string;
  /** The primary's replication address, host:port. */
  primary: string;
  /** A folder copied from the primary's DATA_DIR/replication/for-replicas. */
  certsDir: string;
  /** The replica's own HTTP API (what DATABASE_REPLICA_URL points at). */
  httpListen: string;
  /** Ed25519 public key the HTTP API requires tokens to be signed with. */
  jwtKeyFile: string;
}

export function replicaArgs(o: ReplicaOptions): string[] {
  const certs = replicaCertificates(o.certsDir);
  return ["--db-path", o.dbPath, "--http-listen-addr", o.httpListen, "--no-welcome"]
    .concat(["--auth-jwt-key-file", o.jwtKeyFile])
    .concat(["--primary-grpc-url", `https://${o.primary}`, "--primary-grpc-tls"])
    .concat(["--primary-grpc-cert-file", certs.cert, "--primary-grpc-key-file", certs.key])
    .concat(["--primary-grpc-ca-cert-file", certs.ca]);
}
