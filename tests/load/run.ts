/**
 * `npm run test:load [seconds]`: the full storm of issue 12 (50 uploaders of 2 MB, 20 listing
 * clients) against a fresh Hearth on loopback, then prints the figures, sqld's CPU and WAL size
 * through the storm, and its slowest statements. Exits 1 on any error, a p99 listing over 1 s, or
 * a server slower than 1 s to answer after the storm.
 *
 * Environment: LOAD_SECONDS (180), LOAD_UPLOADERS (50), LOAD_LISTERS (20), LOAD_UPLOAD_MB (2);
 * LOAD_WHOLE_FOLDERS=1 has the listers read whole folders rather than the web app's first screen;
 * LOAD_URL aims at a running Hearth instead (no sqld figures then).
 */
import { readFileSync } from "node:fs";
import { freePort, removeDataDir, startHearth } from "../harness/hearth";
import { sqldStats, watchSqld } from "./sqld-watch";
import { storm } from "./storm";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const seconds = Number(process.argv[2] ?? env("LOAD_SECONDS", 180));
const uploaders = env("LOAD_UPLOADERS", 50);
const listers = env("LOAD_LISTERS", 20);
// LOAD_WHOLE_FOLDERS=1: listers read whole folders, not the first screen the web app asks for.
const wholeFolders = process.env.LOAD_WHOLE_FOLDERS === "1";
const uploadMb = env("LOAD_UPLOAD_MB", 2);

const adminPort = process.env.LOAD_URL ? undefined : await freePort();
const hearth = process.env.LOAD_URL
  ? undefined
  : await startHearth({ env: { SQLD_ADMIN_LISTEN_ADDR: `127.0.0.1:${adminPort}` } });
const url = process.env.LOAD_URL ?? hearth!.url;
const load = () => {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "?";
  }
};
console.log(
  `storm: ${seconds} s, ${uploaders} uploaders x ${uploadMb} MB, ${listers} listing clients (${wholeFolders ? "whole folders" : "first screens"}), against ${url}; load ${load()}`,
);
const started = Date.now();
const watch = hearth ? watchSqld(hearth.dataDir) : undefined;
try {
  const figures = await storm({
    url,
    durationMs: seconds * 1000,
    uploaders,
    listers,
    uploadBytes: uploadMb * 1024 * 1024,
    wholeFolders,
  });
  watch?.stop();
  console.log(`uploads ok: ${figures.uploads}, upload errors: ${figures.uploadErrors}`);
  console.log(`listings ok: ${figures.listings}, listing errors: ${figures.listingErrors}`);
  console.log(`listing latency p50 ${figures.p50} ms, p99 ${figures.p99} ms, max ${figures.max} ms`);
  console.log(`upload latency p50 ${figures.uploadP50} ms, p99 ${figures.uploadP99} ms`);
  console.log(
    `after the storm: a listing answered in ${figures.answerAfterMs} ms, a new folder in ${figures.writeAfterMs} ms, /health ${figures.healthAfter}`,
  );
  console.log(`took ${Math.round((Date.now() - started) / 1000)} s; load ${load()}`);
  if (Object.keys(figures.failures).length > 0) {
    console.log("failures:", figures.failures);
    const complaints = (hearth?.output() ?? "").split("\n").filter((line) => /error|exception|unavailable/i.test(line));
    if (complaints.length > 0)
      console.log(`Hearth logged ${complaints.length} errors; the last:\n${complaints.slice(-10).join("\n")}`);
  }
  if (watch && watch.samples.length > 0) {
    const peak = (key: "cpuPercent" | "walKiB" | "threads") => Math.max(...watch.samples.map((s) => s[key]));
    console.log(
      `sqld: peak CPU ${peak("cpuPercent")}%, peak threads ${peak("threads")}, peak WAL ${peak("walKiB")} KiB; ` +
        `CPU after the storm ${watch.samples.at(-1)!.cpuPercent}%`,
    );
  }
  const stats = adminPort ? await sqldStats(`http://127.0.0.1:${adminPort}`) : undefined;
  if (stats) {
    console.log(`sqld: ${stats.queryCount} statements, p99 ${stats.elapsedP99} ms; slowest:`);
    for (const q of stats.slowest) console.log(`  ${q.elapsedMs} ms  ${q.sql}`);
  }
  const failed =
    figures.uploadErrors + figures.listingErrors > 0 ||
    figures.p99 > 1000 ||
    figures.answerAfterMs > 1000 ||
    figures.writeAfterMs > 1000;
  process.exitCode = failed ? 1 : 0;
} finally {
  watch?.stop();
  if (hearth) {
    await hearth.stop();
    removeDataDir(hearth.dataDir);
  }
}
