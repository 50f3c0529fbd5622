/**
 * Build time (Node): how every Hearth worker is bundled for workerd. media-bundle.ts adds the
 * media process's wasm modules and ffmpeg patch on top.
 */
import type { BuildOptions } from "esbuild";

export const workerdBundleOptions: BuildOptions = {
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["module", "main"],
};
