// CPU seconds each Hearth process spends per upload and per listing (load-independent).
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { Client } from "./harness/client";
import { startHearth, removeDataDir } from "./harness/hearth";

const hz = 100;
function tree(root: number): number[] {
  const kids: Record<number, number[]> = {};
  for (const d of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const st = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(st.slice(st.lastIndexOf(")") + 2).split(" ")[1]);
      (kids[ppid] ??= []).push(Number(d));
    } catch {}
  }
  const out: number[] = [];
  const walk = (p: number) => { out.push(p); for (const k of kids[p] ?? []) walk(k); };
  walk(root);
  return out;
}
function cpu(pids: number[]) {
  const res: Record<string, number> = {};
  for (const p of pids) {
    try {
      const st = readFileSync(`/proc/${p}/stat`, "utf8");
      const f = st.slice(st.lastIndexOf(")") + 2).split(" ");
      const cmd = readFileSync(`/proc/${p}/cmdline`, "utf8").split("\0").slice(0, 3).join(" ").slice(0, 80);
      const name = cmd.includes("media") ? "media" : cmd.includes("workerd") ? "edge-workerd" : cmd.includes("sqld") ? "sqld" : "node:" + p;
      res[name] = (res[name] ?? 0) + (Number(f[11]) + Number(f[12])) / hz;
    } catch {}
  }
  return res;
}
const hearth = await startHearth({ env: { MEDIA_IDLE_SECONDS: "600" } });
const me = new Client(hearth.url);
await me.register();
const file = "/tmp/prof-2mb.bin";
const pids = tree(hearth.process.pid!);
const N = Number(process.env.N ?? 100);
const diff = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(Object.keys(b).map((k) => [k, +(((b[k] ?? 0) - (a[k] ?? 0)) / N * 1000).toFixed(1)]));
let before = cpu(pids);
let t = Date.now();
console.log("URL", hearth.url, "COOKIE", me.cookie); execFileSync("bash", ["/tmp/exp.sh", hearth.url, me.cookie], { stdio: "inherit" });
for (let i = 0; i < N; i++) {
  writeFileSync(file, randomBytes(2 * 1024 * 1024));
  execFileSync("curl", ["-sS", "-o", "/dev/null", "-X", "PUT", "-T", file, "-H", `cookie: ${me.cookie}`, "-H", `origin: ${hearth.url}`, `${hearth.url}/api/files/content?name=f${i}.bin&onConflict=keepBoth`]);
}
console.log(`upload: ${((Date.now() - t) / N).toFixed(0)} ms wall each; CPU ms per upload:`, diff(before, cpu(pids)));
before = cpu(pids);
t = Date.now();
for (let i = 0; i < N; i++)
  execFileSync("curl", ["-sS", "-o", "/dev/null", "-H", `cookie: ${me.cookie}`, `${hearth.url}/api/files?parent=root&limit=100`]);
console.log(`listing: ${((Date.now() - t) / N).toFixed(0)} ms wall each; CPU ms per listing:`, diff(before, cpu(pids)));
before = cpu(pids);
t = Date.now();
for (let i = 0; i < N; i++)
  execFileSync("curl", ["-sS", "-o", "/dev/null", "-H", `cookie: ${me.cookie}`, `${hearth.url}/api/photos`]);
console.log(`photos: ${((Date.now() - t) / N).toFixed(0)} ms wall each; CPU ms per request:`, diff(before, cpu(pids)));
await hearth.stop();
removeDataDir(hearth.dataDir);
