#!/usr/bin/env node
// `npm start`: on a fresh clone, install dependencies and build first, then run the supervisor.
// Rebuilds when sources are newer than dist/ so a `git pull` is picked up.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const run = (args) => execFileSync(npm, args, { cwd: root, stdio: "inherit" });

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry === "dist") continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

if (!existsSync(join(root, "node_modules", ".package-lock.json"))) {
  console.log("[hearth] installing dependencies (npm ci)...");
  run(["ci"]);
}
const built = join(root, "dist", "BUILD");
const sources = ["workers", "frontend", "db", "storage-adapter", "supervisor", "package-lock.json"].map((p) =>
  newestMtime(join(root, p)),
);
if (!existsSync(built) || Math.max(...sources) > statSync(built).mtimeMs) {
  console.log("[hearth] building...");
  run(["run", "build"]);
}
const child = spawn(process.execPath, [join(root, "dist", "hearth.mjs"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
