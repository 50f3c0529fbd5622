/**
 * /etc/hearth/hearth.env: every setting of `hearth --help` (config.ts VARIABLES, the README's
 * table), commented, with the package's own values set. It is read both by systemd
 * (EnvironmentFile=) and by the shell (`hearth` on the command line), so it keeps to what both read
 * alike: KEY=value lines, double quotes around a value with spaces.
 */
import { VARIABLES } from "../src/config";

/** What the package sets, and why the others are left alone. */
const PACKAGE_VALUES: Record<string, { value?: string; note: string }> = {
  DATA_DIR: {
    value: "/var/lib/hearth",
    note: "Elsewhere (e.g. a NAS disk): chown it to hearth:hearth and allow it with `sudo systemctl edit hearth`:\n[Service]\nReadWritePaths=/srv/hearth",
  },
  HOST: {
    value: "0.0.0.0",
    note: "0.0.0.0 serves the LAN; 127.0.0.1 when a proxy on this machine is the only way in.",
  },
  PORT: { note: "1024 or above (the service holds no privileges); put a proxy in front for 443." },
  UPDATER_URL: { note: "Docker only: the package updates with apt or dpkg -i, so leave this empty." },
  UPDATER_SECRET: { note: "Docker only." },
  HEARTH_WORKERD_BIN: { note: "Set by the package (/usr/lib/hearth/libexec/workerd)." },
  HEARTH_SQLD_BIN: { note: "Set by the package (/usr/lib/hearth/libexec/sqld)." },
};

export function settingsFile(): string {
  const lines = [
    "# Hearth's settings. After a change: sudo systemctl restart hearth",
    "# KEY=value, one a line; double quotes around a value with spaces. A line starting with # is off",
    "# (the default in brackets applies). `hearth --help` lists the same settings.",
    "",
  ];
  for (const variable of VARIABLES) {
    const own = PACKAGE_VALUES[variable.name];
    lines.push(`# ${variable.name}: ${variable.meaning} [${variable.default}]`);
    if (own) lines.push(...own.note.split("\n").map((line) => `#   ${line}`));
    const shown = own?.value ?? (variable.default.startsWith("(") ? "" : variable.default);
    lines.push(own?.value !== undefined ? `${variable.name}=${own.value}` : `#${variable.name}=${shown}`, "");
  }
  return lines.join("\n");
}
