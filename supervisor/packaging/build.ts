/**
 * `npm run package`: Hearth without Docker, for amd64 and arm64, into dist/packages/:
 *   hearth_<version>_<arch>.deb           a Debian/Ubuntu package with a systemd service
 *   hearth-<version>-linux-<arch>.tar.gz  the same files to unpack anywhere (glibc 2.35 or newer)
 * Each holds node, workerd and sqld for its architecture and the built app (dist/ of `npm run
 * build`, which must have run): the target needs no compiler, npm or internet.
 *
 * Options: --arch amd64,arm64  --version X.Y.Z (default package.json's)  --dist DIR (a built
 * dist/, default ./dist)  --out DIR (default dist/packages)  --formats deb,tar  --compression gzip|none
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ARCHES, collectRuntime, type Arch } from "./runtime";
import { buildDeb } from "./deb";

const root = fileURLToPath(new URL("../..", import.meta.url));
const files = join(root, "supervisor", "packaging", "files");

export interface PackageOptions {
  arch: Arch;
  version: string;
  distDir: string;
  outDir: string;
  formats: ("deb" | "tar")[];
  /** The .deb's: gzip (what ships), or none (tests: dpkg reads both, and it takes seconds not minutes). */
  debCompression: "gzip" | "none";
}

/** The tree both formats ship: bin/hearth, libexec/{node,workerd,sqld}, dist/. */
export function stageApp(options: PackageOptions, into: string): Record<string, string> {
  if (!existsSync(join(options.distDir, "hearth.mjs")))
    throw new Error(`${options.distDir}/hearth.mjs is missing: run \`npm run build\` first`);
  mkdirSync(join(into, "bin"), { recursive: true });
  const wrapper = readFileSync(join(files, "hearth"), "utf8").replace("@VERSION@", options.version);
  writeFileSync(join(into, "bin", "hearth"), wrapper, { mode: 0o755 });
  const versions = collectRuntime(root, options.arch, join(into, "libexec"));
  cpSync(options.distDir, join(into, "dist"), {
    recursive: true,
    filter: (path) => !path.startsWith(join(options.distDir, "packages")),
  });
  return versions;
}

/** Reproducible tar: fixed owner, order and times. */
function tarball(parent: string, folder: string, out: string): void {
  execFileSync("tar", [
    "--owner=0",
    "--group=0",
    "--numeric-owner",
    "--sort=name",
    `--mtime=@${sourceDateEpoch()}`,
    "-C",
    parent,
    "-czf",
    out,
    folder,
  ]);
}

function sourceDateEpoch(): string {
  if (process.env.SOURCE_DATE_EPOCH) return process.env.SOURCE_DATE_EPOCH;
  try {
    return execFileSync("git", ["log", "-1", "--format=%ct"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return "0";
  }
}

export function buildPackages(options: PackageOptions): string[] {
  const made: string[] = [];
  const stage = mkdtempSync(join(tmpdir(), `hearth-package-${options.arch}-`));
  try {
    const name = `hearth-${options.version}-linux-${options.arch}`;
    const app = join(stage, name);
    const versions = stageApp(options, app);
    console.log(`  ${options.arch}: node ${versions.node}, workerd ${versions.workerd}, sqld ${versions.sqld}`);
    if (options.formats.includes("tar")) {
      const out = join(options.outDir, `${name}.tar.gz`);
      tarball(stage, name, out);
      made.push(out);
    }
    if (options.formats.includes("deb")) made.push(buildDeb(options, app, join(stage, "deb"), root));
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  return made;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      arch: { type: "string", default: ARCHES.join(",") },
      version: { type: "string" },
      dist: { type: "string", default: join(root, "dist") },
      out: { type: "string", default: join(root, "dist", "packages") },
      formats: { type: "string", default: "deb,tar" },
      compression: { type: "string", default: "gzip" },
    },
  });
  const version =
    values.version ?? (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  mkdirSync(values.out, { recursive: true });
  for (const arch of values.arch.split(",") as Arch[]) {
    if (!ARCHES.includes(arch)) throw new Error(`--arch: ${arch} is not one of ${ARCHES.join(", ")}`);
    const started = Date.now();
    console.log(`packaging Hearth v${version} for ${arch}`);
    const made = buildPackages({
      arch,
      version,
      distDir: resolve(values.dist),
      outDir: resolve(values.out),
      formats: values.formats.split(",") as PackageOptions["formats"],
      debCompression: values.compression === "none" ? "none" : "gzip",
    });
    for (const path of made) console.log(`  ${path} (${(statSync(path).size / 1e6).toFixed(1)} MB)`);
    console.log(`  in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
