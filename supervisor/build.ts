/**
 * `npm run build`: everything Hearth runs, into dist/.
 *   dist/hearth.mjs          the supervisor (Node), one self-contained file
 *   dist/workers/*.js        one bundle per isolate, plus the wasm modules media needs
 *   dist/workers/manifest.json  module names and files per worker, read by the supervisor
 *   dist/migrations/         drizzle-kit's SQL migrations and journal
 *   dist/public/             the web app (vite)
 */
import { build, type BuildOptions, type Plugin } from "esbuild";
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mediaBuild } from "./src/build/media-bundle";
import { workerdBundleOptions } from "./src/build/workerd-bundle";
import type { Manifest, ModuleEntry } from "./src/workerd-config";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
const workersOut = join(dist, "workers");
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;

/**
 * `oslo/password` re-exports Argon2id and Bcrypt, which load native Node addons; Hearth uses only
 * its Scrypt (native scrypt via node:crypto, present in workerd). Resolve the entry to that file.
 */
const osloScryptOnly: Plugin = {
  name: "oslo-scrypt-only",
  setup(b) {
    b.onResolve({ filter: /^oslo\/password$/ }, () => ({
      path: join(root, "node_modules", "oslo", "dist", "password", "scrypt.js"),
    }));
  },
};

const workerOptions: BuildOptions = {
  ...workerdBundleOptions,
  external: ["cloudflare:*", "node:*"],
  minify: false,
  sourcemap: false,
  logLevel: "warning",
  plugins: [osloScryptOnly],
};

async function buildWorkers(): Promise<Manifest> {
  const simple = ["api", "upload", "events"] as const;
  const manifest = {} as Manifest;
  for (const name of simple) {
    await build({
      ...workerOptions,
      entryPoints: [join(root, "workers", name, "index.ts")],
      outfile: join(workersOut, `${name}.js`),
    });
    manifest[name] = { modules: [{ name: `${name}.js`, type: "esModule", path: `${name}.js` }] };
  }
  const media = mediaBuild();
  await build({
    ...workerOptions,
    ...media.esbuildOptions,
    plugins: [...(media.esbuildOptions.plugins ?? []), osloScryptOnly],
    external: [...(workerOptions.external ?? []), ...(media.esbuildOptions.external ?? [])],
    entryPoints: [join(root, "workers", "media", "index.ts")],
    outfile: join(workersOut, "media.js"),
  });
  const wasm: ModuleEntry[] = media.wasmModules.map((m) => {
    copyFileSync(m.path, join(workersOut, basename(m.name)));
    return { name: m.name, type: "wasm", path: basename(m.name) };
  });
  manifest.media = { modules: [{ name: "media.js", type: "esModule", path: "media.js" }, ...wasm] };
  writeFileSync(join(workersOut, "manifest.json"), JSON.stringify(manifest, null, 2));
  return manifest;
}

/**
 * dockerode's SSH transport (ssh2) tries native add-ons (cpu-features, sshcrypto.node) inside
 * try/catch and falls back to JS. The updater speaks HTTP to the engine and the image ships no
 * add-ons: make those requires throw, as they would where the add-on is not built.
 */
const noNativeAddons: Plugin = {
  name: "no-native-addons",
  setup(b) {
    b.onResolve({ filter: /(\.node$|^cpu-features$)/ }, (args) => ({ path: args.path, namespace: "no-native-addon" }));
    b.onLoad({ filter: /.*/, namespace: "no-native-addon" }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`native add-on ${args.path} is not bundled`)});`,
      loader: "js",
    }));
  },
};

async function buildSupervisor(): Promise<void> {
  await build({
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    entryPoints: [join(root, "supervisor", "src", "entry.ts")],
    plugins: [osloScryptOnly, noNativeAddons],
    outfile: join(dist, "hearth.mjs"),
    define: { HEARTH_VERSION: JSON.stringify(version) },
    // Some dependencies (ws, via the libSQL client) still call require(); give the ESM bundle one.
    // ssh2 (under dockerode) reads __dirname at load: give the bundle CommonJS's two path globals.
    banner: {
      js:
        '#!/usr/bin/env node\nimport { createRequire as hearthCreateRequire } from "node:module";\nconst require = hearthCreateRequire(import.meta.url);\n' +
        'import { fileURLToPath as hearthFileUrlToPath } from "node:url";\nimport { dirname as hearthDirname } from "node:path";\n' +
        "const __filename = hearthFileUrlToPath(import.meta.url);\nconst __dirname = hearthDirname(__filename);",
    },
    logLevel: "warning",
  });
}

function copyMigrations(): void {
  cpSync(join(root, "db", "migrations"), join(dist, "migrations"), {
    recursive: true,
    filter: (src) => !src.endsWith("_snapshot.json"),
  });
}

function buildFrontend(): void {
  execFileSync(
    process.execPath,
    [join(root, "node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "warn"],
    {
      cwd: join(root, "frontend"),
      stdio: "inherit",
    },
  );
  cpSync(join(root, "frontend", "dist"), join(dist, "public"), { recursive: true });
}

const started = Date.now();
rmSync(dist, { recursive: true, force: true });
mkdirSync(workersOut, { recursive: true });
await buildWorkers();
await buildSupervisor();
copyMigrations();
if (!process.argv.includes("--no-frontend")) buildFrontend();
writeFileSync(join(dist, "BUILD"), `${version}\n`);
console.log(`built Hearth v${version} into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
