/**
 * Build time (Node): how to bundle code that imports workers/media/* for workerd. Used by
 * supervisor/build.ts for the media process and by workers/media/media.test.ts for its test worker.
 *
 * Contract with the build script and the workerd config:
 *
 *   const media = mediaBuild();
 *   await esbuild.build({ ...media.esbuildOptions, entryPoints, outfile });
 *   // capnp, in the worker that runs the bundle, next to its esModule:
 *   //   modules = [ (name = "worker.js", esModule = embed "worker.js"),
 *   //               (name = "photon.wasm", wasm = embed "<path>"), ... ]
 *   for (const { name, path } of media.wasmModules) ...  // one `wasm` module each
 *
 * - Every wasm import in the bundle is rewritten to a fixed bare name from `wasmModules`
 *   ("photon.wasm", "ffmpeg-core.wasm", "jpeg-turbo.wasm"), so the module names in the config do not depend on
 *   node_modules' layout. workerd resolves such a name relative to the importing module, so
 *   declare the wasm modules in the same "folder" as the bundle (bundle "media.js" ->
 *   "photon.wasm"; bundle "media/index.js" -> "media/photon.wasm"). capnp's `embed` takes a path
 *   relative to the config file (absolute paths are refused). workerd rejects compiling wasm from
 *   bytes at run time; a `wasm` module is compiled once at startup and imported as a
 *   `WebAssembly.Module`. Importing an unknown .wasm fails the build, not the running worker.
 * - `@ffmpeg/core` is patched while bundling (never in node_modules): its Emscripten prelude
 *   believes it runs in a Web Worker and reads `self.location.href` to find its script folder.
 *   workerd has no `self.location`, so every createFFmpegCore() call threw "TypeError: Cannot
 *   read properties of undefined (reading 'href')". The patch reads it only when present (the
 *   folder is never used: the wasm comes through `instantiateWasm`). The build fails if the line
 *   is not found, e.g. after an upgrade.
 * - Bundle options (workerd-bundle.ts): ESM, platform "neutral", the "workerd" export condition
 *   (photon ships a workerd build that imports its .wasm as a module), and `module`/`main` fields
 *   for packages without `exports` (exifr).
 * - `libheif-js`'s libheif.js is patched the same way: it takes workerd (whose nodejs_compat
 *   `process` looks like Node's) for Node and would `require("fs")` to load its wasm. The patch
 *   makes its Node check false and drops its three `require`s (only reached on the Node path).
 * - ffmpeg-core.wasm is 32 MB: embed it only in the media process's config, not the edge's.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { BuildOptions, Plugin } from "esbuild";
import { placeTablePlugin } from "./place-table";
import { workerdBundleOptions } from "./workerd-bundle";

export interface WasmModule {
  /** Module name for the workerd config; the bundle imports exactly this string. */
  name: string;
  /** Absolute path of the .wasm file to `embed`. */
  path: string;
}

export interface MediaBuild {
  /** Spread into esbuild's options; add entryPoints and outfile/outdir. */
  esbuildOptions: BuildOptions;
  /** Every wasm module a media bundle may import. */
  wasmModules: WasmModule[];
}

/** Bundle settings and wasm modules for code that imports workers/media/*. */
export function mediaBuild(): MediaBuild {
  const wasmModules = resolveWasmModules();
  return {
    esbuildOptions: {
      ...workerdBundleOptions,
      plugins: [wasmModulesPlugin(wasmModules), ffmpegCorePatchPlugin(), libheifPatchPlugin(), placeTablePlugin()],
    },
    wasmModules,
  };
}

const require = createRequire(import.meta.url);

function resolveWasmModules(): WasmModule[] {
  // require.resolve picks the "require" export (dist/umd); the bundle imports the "import" one.
  // Both .wasm files are the same bytes, but name the one the bundle uses. The plugin below
  // checks every import against these paths, so a changed package layout fails the build.
  const ffmpegCoreUmd = require.resolve("@ffmpeg/core");
  return [
    { name: "photon.wasm", path: require.resolve("@cf-wasm/photon/photon.wasm") },
    { name: "ffmpeg-core.wasm", path: resolve(dirname(ffmpegCoreUmd), "../esm/ffmpeg-core.wasm") },
    { name: "libheif.wasm", path: require.resolve("libheif-js/libheif-wasm/libheif.wasm") },
    // Built by supervisor/codecs/jpeg-turbo/build.sh and committed.
    {
      name: "jpeg-turbo.wasm",
      path: fileURLToPath(new URL("../../../workers/media/codecs/jpeg-turbo.wasm", import.meta.url)),
    },
  ];
}

/** Keeps wasm imports external under their fixed module name. */
function wasmModulesPlugin(modules: WasmModule[]): Plugin {
  const nameByPath = new Map(modules.map((module) => [module.path, module.name]));
  return {
    name: "hearth-media-wasm",
    setup(build) {
      build.onResolve({ filter: /\.wasm$|^@ffmpeg\/core\/wasm$/ }, async (args) => {
        if (args.pluginData === "resolving-wasm") return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: "resolving-wasm",
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        const name = nameByPath.get(resolved.path);
        if (name === undefined) {
          const text = `${resolved.path} is not a known wasm module; add it to supervisor/src/build/media-bundle.ts`;
          return { errors: [{ text }] };
        }
        return { path: name, external: true };
      });
    },
  };
}

const FFMPEG_CORE_FILE = /[\\/]@ffmpeg[\\/]core[\\/]dist[\\/]esm[\\/]ffmpeg-core\.js$/;
const WORKER_LOCATION_LOOKUP = "scriptDirectory=self.location.href";
const GUARDED_LOCATION_LOOKUP = 'scriptDirectory=globalThis.location?.href??""';

const LIBHEIF_FILE = /[\\/]libheif-js[\\/]libheif-wasm[\\/]libheif\.js$/;
const LIBHEIF_NODE_CHECK =
  'me=typeof process=="object"&&typeof process.versions=="object"&&typeof process.versions.node=="string"';
const LIBHEIF_NODE_REQUIRES = ['require("fs")', 'require("path")', 'require("crypto")'];

/** Makes libheif.js take the web path in workerd and bundle without Node built-ins (see the header). */
function libheifPatchPlugin(): Plugin {
  return {
    name: "hearth-libheif-environment",
    setup(build) {
      build.onLoad({ filter: LIBHEIF_FILE }, async (args) => {
        let source = await readFile(args.path, "utf8");
        for (const needle of [LIBHEIF_NODE_CHECK, ...LIBHEIF_NODE_REQUIRES]) {
          const occurrences = source.split(needle).length - 1;
          if (occurrences !== 1) {
            return { errors: [{ text: `expected one "${needle}" in ${args.path}, found ${occurrences}` }] };
          }
        }
        source = source.replace(LIBHEIF_NODE_CHECK, "me=false");
        for (const needle of LIBHEIF_NODE_REQUIRES) source = source.replace(needle, "undefined");
        return { contents: source, loader: "js" };
      });
    },
  };
}

/** Makes ffmpeg-core.js importable where `self.location` is undefined (see the header). */
function ffmpegCorePatchPlugin(): Plugin {
  return {
    name: "hearth-ffmpeg-core-location",
    setup(build) {
      build.onLoad({ filter: FFMPEG_CORE_FILE }, async (args) => {
        const source = await readFile(args.path, "utf8");
        const occurrences = source.split(WORKER_LOCATION_LOOKUP).length - 1;
        if (occurrences !== 1) {
          return {
            errors: [{ text: `expected one "${WORKER_LOCATION_LOOKUP}" in ${args.path}, found ${occurrences}` }],
          };
        }
        return { contents: source.replace(WORKER_LOCATION_LOOKUP, GUARDED_LOCATION_LOOKUP), loader: "js" };
      });
    },
  };
}
