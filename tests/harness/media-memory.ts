/**
 * Watching a media process's memory from outside (the memory-budget test and the media-memory
 * bench): which process it is, its resident and peak sizes, and a decompression bomb to feed it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { crc32 } from "node:zlib";

/** The media workerd process started by this Hearth (a child of the supervisor), by its config file's name. */
export function mediaPid(supervisorPid: number, name = "media-1"): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline.includes(`${name}.capnp`) && new RegExp(`^PPid:\\s+${supervisorPid}$`, "m").test(status))
        return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  throw new Error(`no ${name} process found`);
}

/** A memory field of /proc/<pid>/status in MiB: VmRSS (resident now) or VmHWM (peak resident so far). */
export function memoryMb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match![1]) / 1024;
}

/** A PNG whose header says 9999×10000 pixels in ~300 bytes: a decompression bomb, never meant to be decoded. */
export function bombPng(): Uint8Array<ArrayBuffer> {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(9999, 0);
  ihdr.writeUInt32BE(10000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const png = Buffer.concat([
    signature,
    chunk("IHDR", ihdr),
    chunk("IDAT", Buffer.alloc(256)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  return new Uint8Array(png) as Uint8Array<ArrayBuffer>;
}
