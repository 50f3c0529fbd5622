/**
 * Children that die with the supervisor. If `hearth` itself is killed (SIGKILL, the OOM killer, a
 * crash), nothing runs its stop(): without help its sqld and workerd processes would live on as
 * orphans holding the port and the database. Linux can deliver a signal to a process when its
 * parent dies (prctl PR_SET_PDEATHSIG), but Node cannot set it for a child, so children are
 * started through util-linux's `setpriv --pdeathsig KILL`, which sets it and then execs the real
 * program in the same process (same pid, the supervisor stays its parent). util-linux is part of
 * every Debian install, the image's base included; where setpriv is missing (macOS, a minimal
 * distribution) children start directly and the supervisor says so once.
 */
import { spawnSync } from "node:child_process";
import { log } from "./log";

let setprivWorks: boolean | undefined;

/** Whether `setpriv --pdeathsig` runs here (checked once, by running it). */
function pdeathsigAvailable(): boolean {
  if (setprivWorks === undefined) {
    const probe =
      process.platform === "linux" && process.env.HEARTH_NO_PDEATHSIG !== "1"
        ? spawnSync("setpriv", ["--pdeathsig", "KILL", "true"], { stdio: "ignore", timeout: 5000 })
        : undefined;
    setprivWorks = probe?.status === 0;
    if (!setprivWorks)
      log(
        "hearth",
        "setpriv --pdeathsig is not available (util-linux): if this supervisor is killed with SIGKILL, its child processes outlive it",
      );
  }
  return setprivWorks;
}

/** The command and arguments that start `command` so that it is killed when the supervisor dies. */
export function diesWithParent(command: string, args: string[]): { command: string; args: string[] } {
  return pdeathsigAvailable()
    ? { command: "setpriv", args: ["--pdeathsig", "KILL", "--", command, ...args] }
    : { command, args };
}
