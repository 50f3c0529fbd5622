/**
 * Uploads against `cp` (issue 10, goals 3 and 4): the same file through `PUT /api/files/content`,
 * WebDAV PUT and tus (8 MiB PATCHes), each sent by curl, one native client that costs little CPU
 * of the two cores the server needs. Every subject run follows a `cp` of the same file to the
 * same disk (interleaved), so a change in the machine's load hits both. The page cache is not
 * dropped between runs: the source file stays cached for cp and for curl alike, and neither the
 * blob store nor cp syncs to disk, so both write into the page cache. Each round changes the
 * file's first bytes, so no upload is a duplicate of an earlier one (dedup would skip work).
 * Printed: median and spread of wall time, the ratio of medians to cp's, and CPU seconds of each
 * process (edge workerd, sqld, supervisor with its digest helper, media, curl) for the median run,
 * with their sum: divided by the cores, the shortest wall time that much work allows.
 */
import { execFile } from "node:child_process";
import { mkdirSync, openSync, readdirSync, closeSync, rmSync, writeSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import type { Client } from "../harness/client";
import type { RunningHearth } from "../harness/hearth";
import { cpuSince, cpuSnapshot, CURL_SEND_AT_ONCE, median, medianAndSpread, toMs } from "./measure";

const ROUNDS = Number(process.env.BENCH_UPLOAD_ROUNDS ?? 3);
const CHUNK = 8 * 1024 * 1024;

interface Run {
  wallMs: number;
  cpu: Record<string, number>;
}

/** Runs a command under bash with `times`, so its own CPU (user + system of its children) is known. */
function timed(command: string, args: string[]): Promise<{ wallMs: number; cpuMs: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(
      "bash",
      ["-c", `"$@" && printf '\\n' && times`, "bash", command, ...args],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const wallMs = performance.now() - started;
        if (error) return reject(new Error(`${command} failed: ${error.message}\n${stderr}`));
        const lines = stdout.trimEnd().split("\n");
        const [user, sys] = lines.at(-1)!.split(" ").map(toMs);
        resolve({ wallMs, cpuMs: user! + sys!, stdout: lines.slice(0, -2).join("\n").trim() });
      },
    );
  });
}

export async function benchUploads(hearth: RunningHearth, client: Client, source: string, mib: number, work: string) {
  const supervisor = hearth.process.pid!;
  const cookie = (client as unknown as { cookie: string }).cookie;
  const auth = ["-H", `cookie: ${cookie}`, "-H", `origin: ${hearth.url}`];
  const email = String((await client.json("GET", "/api/me")).body.user.email);
  const appPassword = (await client.json("POST", "/api/me/app-passwords", { name: "uploads" })).body.password as string;
  const chunks = join(work, "chunks");
  rmSync(chunks, { recursive: true, force: true });
  mkdirSync(chunks);
  await timed("split", ["-b", String(CHUNK), "-d", "-a", "4", source, join(chunks, "c")]);
  const chunkFiles = readdirSync(chunks).sort();
  const size = mib * 1024 * 1024;

  /** Measures one run of `send` with the CPU of Hearth's processes and of the client. */
  async function measure(send: () => Promise<{ wallMs: number; cpuMs: number }>, client = "curl"): Promise<Run> {
    const before = cpuSnapshot(supervisor);
    const { wallMs, cpuMs } = await send();
    const cpu = cpuSince(supervisor, before);
    cpu[client] = cpuMs;
    return { wallMs, cpu };
  }

  const copy = () => timed("cp", [source, join(work, "copy.bin")]);
  const putApi = async (round: number) => {
    const r = await timed("curl", [
      "-sS",
      "-f",
      "-o",
      "-",
      ...CURL_SEND_AT_ONCE,
      "-T",
      source,
      ...auth,
      `${hearth.url}/api/files/content?parent=root&name=put-${round}.bin`,
    ]);
    return { ...r, id: JSON.parse(r.stdout).id as string };
  };
  const putDav = (round: number) =>
    timed("curl", [
      "-sS",
      "-f",
      "-o",
      "/dev/null",
      "-u",
      `${email}:${appPassword}`,
      ...CURL_SEND_AT_ONCE,
      "-T",
      source,
      `${hearth.url}/dav/dav-${round}.bin`,
    ]);
  const tus = async (round: number) => {
    const filename = Buffer.from(`tus-${round}.bin`).toString("base64");
    const created = await fetch(`${hearth.url}/api/uploads`, {
      method: "POST",
      headers: {
        cookie,
        origin: hearth.url,
        "tus-resumable": "1.0.0",
        "upload-length": String(size),
        "upload-metadata": `filename ${filename},parentId ${Buffer.from("root").toString("base64")}`,
      },
    });
    if (created.status !== 201) throw new Error(`tus create answered ${created.status}`);
    const location = new URL(created.headers.get("location")!, hearth.url).href;
    // One curl, one connection, every PATCH in turn (a config file of requests).
    const config = chunkFiles
      .map((file, i) =>
        [
          `url = "${location}"`,
          `request = "PATCH"`,
          `upload-file = "${join(chunks, file)}"`,
          `header = "cookie: ${cookie}"`,
          `header = "origin: ${hearth.url}"`,
          `header = "tus-resumable: 1.0.0"`,
          `header = "Expect:"`, // CURL_SEND_AT_ONCE
          `header = "content-type: application/offset+octet-stream"`,
          `header = "upload-offset: ${i * CHUNK}"`,
          `output = "/dev/null"`,
          `write-out = "%{http_code} %header{hearth-file-id}\\n"`,
          `fail`,
        ].join("\n"),
      )
      .join("\nnext\n");
    const configPath = join(work, "tus.conf");
    writeFileSync(configPath, config, { mode: 0o600 });
    const r = await timed("curl", ["-sS", "-K", configPath]);
    return { ...r, id: r.stdout.trim().split("\n").at(-1)!.split(" ")[1]! };
  };

  const expectSha = async (id: string, what: string) => {
    const item = (await client.json("GET", `/api/files/${id}`)).body as { sha256?: string };
    const want = (await timed("sha256sum", [source])).stdout.split(" ")[0];
    if (item.sha256 !== want) throw new Error(`${what}: SHA-256 ${item.sha256} is not the file's ${want}`);
  };
  const cleanUp = async () => {
    const top = (await client.json("GET", "/api/files?parent=root")).body.items as { id: string; name: string }[];
    for (const item of top.filter((i) => /^(put|dav|tus)-\d+\.bin$/.test(i.name)))
      await client.request("DELETE", `/api/files/${item.id}`);
    await client.request("DELETE", "/api/trash");
    rmSync(join(work, "copy.bin"), { force: true });
  };

  const runs: Record<string, Run[]> = {
    cp: [],
    "PUT /api/files/content": [],
    "WebDAV PUT": [],
    "tus, 8 MiB PATCHes": [],
  };
  for (let round = 0; round < ROUNDS; round++) {
    // New first bytes (in the file and in its first chunk), so nothing is a duplicate.
    const stamp = randomBytes(16);
    for (const path of [source, join(chunks, chunkFiles[0]!)]) {
      const fd = openSync(path, "r+");
      writeSync(fd, stamp, 0, stamp.length, 0);
      closeSync(fd);
    }
    for (const [name, send] of [
      ["PUT /api/files/content", () => putApi(round)],
      ["WebDAV PUT", () => putDav(round)],
      ["tus, 8 MiB PATCHes", () => tus(round)],
    ] as const) {
      runs.cp!.push(await measure(copy, "cp"));
      let id: string | undefined;
      runs[name]!.push(
        await measure(async () => {
          const r = await send();
          if ("id" in r) id = r.id as string;
          return r;
        }),
      );
      if (id) await expectSha(id, name);
      await cleanUp();
      console.log(
        `upload round ${round + 1}: ${name} ${(runs[name]!.at(-1)!.wallMs / 1000).toFixed(2)} s, cp ${(runs.cp!.at(-1)!.wallMs / 1000).toFixed(2)} s; load ${loadavg()[0]!.toFixed(1)}`,
      );
    }
  }
  const cpMedian = median(runs.cp!.map((r) => r.wallMs));
  const lines = [
    `${mib} MiB uploads by curl vs cp of the same file (${ROUNDS} interleaved rounds, page cache kept, load average ${loadavg()[0]!.toFixed(1)}):`,
  ];
  for (const [name, list] of Object.entries(runs)) {
    const walls = list.map((r) => r.wallMs);
    const mid = list.find((r) => r.wallMs === median(walls))!;
    const cpu = Object.entries(mid.cpu)
      .filter(([, ms]) => ms >= 10)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([label, ms]) => `${label} ${(ms / 1000).toFixed(2)}`)
      .join(", ");
    const ratio = name === "cp" ? "" : ` → ${(median(walls) / cpMedian).toFixed(2)}x cp`;
    // What the processes need together bounds the wall time from below on this many cores.
    const total = Object.values(mid.cpu).reduce((sum, ms) => sum + ms, 0);
    const floor =
      name === "cp"
        ? ""
        : `; together ${(total / 1000).toFixed(2)} s, so at least ${(total / 1000 / cpus().length).toFixed(2)} s (${(total / cpus().length / cpMedian).toFixed(2)}x cp) on ${cpus().length} cores`;
    lines.push(`  ${name}: ${medianAndSpread(walls)}${ratio}; CPU s of the median run: ${cpu}${floor}`);
  }
  rmSync(chunks, { recursive: true, force: true });
  return lines;
}
