/**
 * The .deb: the staged app in /usr/lib/hearth, `hearth` in /usr/bin (the admin's command, run as
 * the service user with the service's settings), a hardened systemd unit, /etc/hearth/hearth.env as
 * a conffile, and maintainer scripts that create the `hearth` user and never delete data (purge
 * asks through debconf, default keep). Built with dpkg-deb alone: no debhelper needed.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { PackageOptions } from "./build";
import { settingsFile } from "./settings-file";

function sizeKib(dir: string): number {
  let bytes = 0;
  const walk = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) readdirSync(path).forEach((entry) => walk(join(path, entry)));
    else bytes += stat.size;
  };
  walk(dir);
  return Math.ceil(bytes / 1024);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

export function buildDeb(options: PackageOptions, app: string, tree: string, root: string): string {
  const files = join(root, "supervisor", "packaging", "files");
  const lib = join(tree, "usr", "lib", "hearth");
  mkdirSync(lib, { recursive: true });
  cpSync(app, lib, { recursive: true });
  mkdirSync(join(tree, "usr", "bin"), { recursive: true });
  copyFileSync(join(files, "hearth-cli"), join(tree, "usr", "bin", "hearth"));
  mkdirSync(join(tree, "usr", "lib", "systemd", "system"), { recursive: true });
  copyFileSync(join(files, "hearth.service"), join(tree, "usr", "lib", "systemd", "system", "hearth.service"));
  mkdirSync(join(tree, "etc", "hearth"), { recursive: true });
  writeFileSync(join(tree, "etc", "hearth", "hearth.env"), settingsFile(), { mode: 0o640 });
  mkdirSync(join(tree, "usr", "share", "doc", "hearth"), { recursive: true });
  copyFileSync(join(root, "README.md"), join(tree, "usr", "share", "doc", "hearth", "README.md"));

  const control = join(tree, "DEBIAN");
  mkdirSync(control);
  const md5sums = filesUnder(tree)
    .filter((path) => !path.startsWith(control))
    .map((path) => `${createHash("md5").update(readFileSync(path)).digest("hex")}  ${relative(tree, path)}`);
  writeFileSync(join(control, "md5sums"), md5sums.join("\n") + "\n");
  writeFileSync(
    join(control, "control"),
    [
      "Package: hearth",
      `Version: ${options.version}`,
      `Architecture: ${options.arch}`,
      "Maintainer: Hearth <hearth@localhost>",
      `Installed-Size: ${sizeKib(tree)}`,
      // workerd needs glibc 2.35 (Debian 12, Ubuntu 22.04); node and sqld libstdc++ and libgcc.
      "Depends: libc6 (>= 2.35), libstdc++6, libgcc-s1, passwd, debconf (>= 0.5) | debconf-2.0",
      "Recommends: ca-certificates",
      "Section: web",
      "Priority: optional",
      "Description: self-hosted Drive and Photos for a household",
      " Hearth keeps a household's files and photos on its own machine: a web app for",
      " uploads, folders, sharing and a photo timeline, WebDAV for sync clients.",
      " This package runs it as the systemd service hearth, with its data in",
      " /var/lib/hearth and its settings in /etc/hearth/hearth.env. It ships its own",
      " Node.js, workerd and sqld.",
      "",
    ].join("\n"),
  );
  writeFileSync(join(control, "conffiles"), "/etc/hearth/hearth.env\n");
  for (const script of ["postinst", "prerm", "postrm"]) {
    copyFileSync(join(files, script), join(control, script));
  }
  copyFileSync(join(files, "templates"), join(control, "templates"));

  const out = join(options.outDir, `hearth_${options.version}_${options.arch}.deb`);
  // gzip: xz saves about a fifth but takes minutes per architecture on a small build machine.
  execFileSync("dpkg-deb", ["--root-owner-group", `-Z${options.debCompression}`, "--build", tree, out], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  return out;
}
