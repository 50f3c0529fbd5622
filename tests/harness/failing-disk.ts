/**
 * A data folder on its own small ext4 filesystem (a loop device; needs root) that a test can make
 * fail the way a NAS disk does: ext4 mounted `errors=remount-ro` turns read-only on the first
 * error, and its sysfs `trigger_fs_error` raises one. Unlike `mount -o remount,ro`, which refuses
 * while sqld holds its files open for writing, this reaches every open file at once (EROFS).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

export interface FailingDisk {
  path: string;
  /** Makes the filesystem read-only now, as a disk error would. */
  failReadOnly(): void;
  unmount(): void;
}

/** Whether this machine can make one: root, loop devices and mkfs.ext4. */
export function canMakeFailingDisk(): boolean {
  if (process.getuid?.() !== 0 || !existsSync("/dev/loop-control")) return false;
  try {
    execFileSync("mkfs.ext4", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export function makeFailingDisk(sizeMb: number): FailingDisk {
  const image = join(tmpdir(), `hearth-disk-${process.pid}-${Date.now()}.ext4`);
  const path = `${image}.mnt`;
  writeFileSync(image, "");
  execFileSync("truncate", ["-s", `${sizeMb}M`, image]);
  execFileSync("mkfs.ext4", ["-q", "-F", image]);
  mkdirSync(path, { recursive: true });
  execFileSync("mount", ["-o", "loop,errors=remount-ro", image, path]);
  const device = execFileSync("findmnt", ["-no", "SOURCE", path], { encoding: "utf8" }).trim();
  return {
    path,
    failReadOnly() {
      writeFileSync(`/sys/fs/ext4/${basename(device)}/trigger_fs_error`, "hearth test: simulated disk error");
    },
    unmount() {
      try {
        execFileSync("umount", [path]);
      } finally {
        rmSync(path, { recursive: true, force: true });
        rmSync(image, { force: true });
      }
    },
  };
}
