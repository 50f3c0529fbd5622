/** Bundles the conformance test worker for workerd, as the product's workers are bundled. */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("../conformance/worker.ts", import.meta.url));

/** Writes the bundled test worker (one ES module, no imports left) to `outfile`. */
export async function bundleTestWorker(outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd"],
    target: "es2022",
    logLevel: "warning",
  });
}
