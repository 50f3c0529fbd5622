/**
 * `hearth releases`, `hearth update [--to X]`, `hearth rollback <tag>`: the Updates page from a
 * terminal, run inside the updater container (`docker compose exec updater hearth releases`).
 * They call the updater service on this container with its secret and follow the run to its end.
 */
import { readUpdaterConfig } from "./service";

interface Status {
  update_id: string;
  state: string;
  progress: number;
  error: string | null;
  log_tail: string[];
  timings: Record<string, number>;
}

async function call(path: string, method = "GET", body?: unknown): Promise<{ status: number; json: any }> {
  const config = readUpdaterConfig();
  const response = await fetch(`http://127.0.0.1:${config.port}${path}`, {
    method,
    headers: { authorization: `Bearer ${config.secret}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

async function follow(started: Status): Promise<number> {
  const finished = ["completed", "failed", "rolled_back", "cancelled"];
  const seen = new Set<string>();
  let status = started;
  for (;;) {
    for (const line of status.log_tail) if (!seen.has(line)) (seen.add(line), console.log(line));
    if (finished.includes(status.state)) break;
    await new Promise((r) => setTimeout(r, 1000));
    status = (await call(`/updates/${status.update_id}`)).json as Status;
  }
  const phases = Object.entries(status.timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`);
  console.log(
    `${status.state}${status.error ? `: ${status.error}` : ""}${phases.length ? ` (${phases.join(", ")})` : ""}`,
  );
  return status.state === "completed" ? 0 : 1;
}

export async function updaterCommand(command: string, args: string[]): Promise<number> {
  if (!process.env.UPDATER_SECRET) {
    console.error(
      `\`hearth ${command}\` runs inside the updater: docker compose exec updater hearth ${command} ${args.join(" ")}`.trim(),
    );
    return 2;
  }
  if (command === "releases") {
    const [{ json: version }, { json: releases }] = await Promise.all([call("/version"), call("/releases")]);
    console.log(`running: ${version.current?.tag ?? "?"} (${version.current?.digest ?? "no digest"})`);
    console.log(
      `latest ${version.channel}: ${version.latest?.tag ?? "none found"}${version.update_available ? "  ← update available" : ""}`,
    );
    if (version.latest?.notes) console.log(`notes: ${version.latest.notes}`);
    console.log(`in the registry: ${releases.releases.join(", ") || "none"}`);
    console.log(`kept here (keep ${releases.keep_images}):`);
    for (const v of releases.local)
      console.log(`  ${v.tag}\t${v.digest || v.image_id}\t${v.created_at}${v.running ? "\t(running)" : ""}`);
    return 0;
  }
  if (command === "update" || command === "rollback") {
    const to = command === "update" ? (args.includes("--to") ? args[args.indexOf("--to") + 1] : undefined) : args[0];
    if (command === "rollback" && !to) {
      console.error("Usage: hearth rollback <tag>   (`hearth releases` lists the versions kept here)");
      return 2;
    }
    const started =
      command === "update"
        ? await call("/updates", "POST", { target_version: to, force: args.includes("--force") })
        : await call("/rollback", "POST", { tag: to });
    if (started.status !== 202) {
      console.error(started.json.error?.message ?? `the updater answered ${started.status}`);
      return 1;
    }
    return follow(started.json as Status);
  }
  console.error(`Unknown command "${command}".`);
  return 2;
}
