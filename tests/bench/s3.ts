/**
 * `BENCH_ONLY=s3 npm run bench`: upload and download throughput of Hearth with its bytes in S3
 * (a single-node Ceph RGW on this machine, tests/harness/ceph.ts) as a ratio to the same Hearth
 * on the local disk. Both instances run side by side; curl is the client (PUT /api/files/content
 * with -T, GET …/content), the rounds interleave disk and S3, each round a fresh file (no dedup).
 * BENCH_S3_MIB sets the file size (default 256), BENCH_S3_ROUNDS the rounds (default 3).
 */
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCeph } from "../harness/ceph";
import { Client } from "../harness/client";
import { ROOT, startHearth, type RunningHearth } from "../harness/hearth";
import { CURL_SEND_AT_ONCE } from "./measure";

const MIB = 1024 * 1024;
const sizeMiB = Number(process.env.BENCH_S3_MIB ?? 256);
const rounds = Number(process.env.BENCH_S3_ROUNDS ?? 3);

interface Target {
  name: string;
  hearth: RunningHearth;
  client: Client;
  up: number[];
  down: number[];
}

function curl(args: string[]): Promise<{ code: string; seconds: number }> {
  return new Promise((resolve, reject) =>
    execFile("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", ...args], (error, stdout) => {
      if (error) return reject(error);
      const [code = "", seconds = "0"] = stdout.split(" ");
      resolve({ code, seconds: Number(seconds) });
    }),
  );
}

export async function benchS3(): Promise<string[]> {
  const work = join(ROOT, ".tmp", "bench-s3");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const ceph = await startCeph({ bucket: "bench" });
  const targets: Target[] = [];
  try {
    const s3Env = {
      BLOB_STORE: `s3://${ceph.bucket}`,
      S3_ENDPOINT: ceph.endpoint,
      S3_REGION: ceph.region,
      S3_ACCESS_KEY_ID: ceph.accessKeyId,
      S3_SECRET_ACCESS_KEY: ceph.secretAccessKey,
    };
    for (const [name, env] of [
      ["disk", {}],
      ["s3", s3Env],
    ] as const) {
      const hearth = await startHearth({ env });
      const client = new Client(hearth.url);
      await client.register("bench@example.com", "benchmark password", "Bench");
      targets.push({ name, hearth, client, up: [], down: [] });
    }
    for (let round = 0; round < rounds; round++) {
      const file = join(work, `round-${round}.bin`);
      writeFileSync(file, randomBytes(sizeMiB * MIB));
      execFileSync("sync");
      // Alternate which store goes first, so neither always gets the warmer page cache.
      const order = round % 2 === 0 ? targets : [...targets].reverse();
      for (const target of order) {
        const cookie = (target.client as unknown as { cookie: string }).cookie;
        const headers = ["-H", `cookie: ${cookie}`, "-H", `origin: ${target.hearth.url}`];
        const put = await curl([
          ...headers,
          "-X",
          "PUT",
          ...CURL_SEND_AT_ONCE,
          "-T",
          file,
          `${target.hearth.url}/api/files/content?parent=root&name=round-${round}.bin`,
        ]);
        if (put.code !== "201") throw new Error(`${target.name} upload answered ${put.code}`);
        target.up.push(put.seconds);
        const listed = await target.client.json("GET", "/api/files?parent=root");
        const id = (listed.body.items as { id: string; name: string }[]).find(
          (i) => i.name === `round-${round}.bin`,
        )?.id;
        const get = await curl([...headers, `${target.hearth.url}/api/files/${id}/content`]);
        if (get.code !== "200") throw new Error(`${target.name} download answered ${get.code}`);
        target.down.push(get.seconds);
      }
      rmSync(file);
    }
  } finally {
    for (const target of targets) await target.hearth.stop();
    for (const target of targets) rmSync(target.hearth.dataDir, { recursive: true, force: true });
    await ceph.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const rate = (s: number) => `${(sizeMiB / s).toFixed(0)} MiB/s`;
  const spread = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)} s`;
  const [disk, s3] = targets as [Target, Target];
  const line = (what: string, d: number[], s: number[]) =>
    `${sizeMiB} MiB ${what}: disk ${median(d).toFixed(2)} s (${rate(median(d))}, ${spread(d)}), S3 ${median(s).toFixed(2)} s (${rate(median(s))}, ${spread(s)}) → S3 takes ${(median(s) / median(d)).toFixed(2)}x (median of ${rounds} interleaved rounds, curl)`;
  return [
    line("upload (PUT /api/files/content)", disk.up, s3.up),
    line("download (GET …/content)", disk.down, s3.down),
    `load average after: ${execFileSync("uptime", { encoding: "utf8" })
      .trim()
      .replace(/.*load average: /, "")}`,
  ];
}
