/**
 * The private-access recipes in docker/examples/ (README "Private access"): each is a valid compose
 * file as `docker-compose config` reads it, sets PUBLIC_URL to the https address people use and
 * TRUST_PROXY=true (a proxy sets X-Forwarded-For), lets nothing reach Hearth around that proxy, and
 * caps every service's log size. So does the main docker/compose.yaml.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const DOCKER = fileURLToPath(new URL("../docker", import.meta.url));
const EXAMPLES = join(DOCKER, "examples");
const ENV = { HEARTH_HOST_NAME: "nas.tail1234.ts.net", TS_AUTHKEY: "tskey-auth-test", TAILNET: "tail1234.ts.net" };

/** `docker-compose config` of an example: the whole file as compose resolves it, and each service's block. */
async function config(
  example: string,
  env: Record<string, string> = ENV,
  folder = join(EXAMPLES, example),
): Promise<{ text: string; services: Record<string, string> }> {
  // Async: docker-compose (Python) takes seconds to start, and the test worker must stay responsive.
  const { stdout: text } = await promisify(execFile)("docker-compose", ["config"], {
    cwd: folder,
    env: { PATH: process.env.PATH, ...env },
  });
  const body = text.slice(text.indexOf("\nservices:\n") + "\nservices:\n".length);
  const services: Record<string, string> = {};
  for (const block of body.split(/\n(?=  [a-z][\w-]*:\n)/)) {
    const name = /^\s*([a-z][\w-]*):\n/.exec(block)?.[1];
    if (name) services[name] = block.split(/\n(?=\S)/)[0]!;
  }
  return { text, services };
}

function expectCappedLogs(services: Record<string, string>): void {
  for (const [name, block] of Object.entries(services)) {
    expect(block, name).toMatch(/driver: json-file/);
    expect(block, name).toMatch(/max-size: 10m/);
    expect(block, name).toMatch(/max-file: '3'/);
  }
}

describe("the private-access compose examples", () => {
  it("the main compose file: app, updater and socket proxy all cap their logs", async () => {
    const { services } = await config("", { UPDATER_SECRET: "test-secret" }, DOCKER);
    expect(Object.keys(services).sort()).toEqual(["docker-proxy", "hearth", "updater"]);
    expectCappedLogs(services);
  });

  it("tailscale on the host: Hearth on loopback only, behind tailscale serve", async () => {
    const { services } = await config("tailscale-host");
    const hearth = services.hearth!;
    expect(hearth).toMatch(/PUBLIC_URL: https:\/\/nas\.tail1234\.ts\.net\n/);
    expect(hearth).toMatch(/TRUST_PROXY: "true"/);
    expect(hearth).toMatch(/- 127\.0\.0\.1:8787:8787\/tcp/);
    expect(hearth).toMatch(/read_only: true/);
    expectCappedLogs(services);
  });

  it("tailscale as a sidecar: Hearth shares its network, listens on its loopback, publishes nothing", async () => {
    const { services } = await config("tailscale-sidecar");
    const hearth = services.hearth!;
    expect(hearth).toMatch(/network_mode: service:tailscale/);
    expect(hearth).toMatch(/HOST: 127\.0\.0\.1/);
    expect(hearth).toMatch(/PUBLIC_URL: https:\/\/hearth\.tail1234\.ts\.net\n/);
    expect(hearth).toMatch(/TRUST_PROXY: "true"/);
    expect(hearth).not.toMatch(/ports:/);
    expect(services.tailscale).toMatch(/TS_SERVE_CONFIG: \/config\/serve\.json/);
    expect(services.tailscale).toMatch(/TS_HOSTNAME: hearth/);
    expectCappedLogs(services);
  });

  it("caddy on the LAN: https on the chosen name, Hearth reachable only through Caddy", async () => {
    const { services } = await config("caddy-lan", { HEARTH_DOMAIN: "photos.home.arpa" });
    const hearth = services.hearth!;
    expect(hearth).toMatch(/PUBLIC_URL: https:\/\/photos\.home\.arpa\n/);
    expect(hearth).toMatch(/TRUST_PROXY: "true"/);
    expect(hearth).not.toMatch(/ports:/);
    expect(services.caddy).toMatch(/published: 443|443:443/);
    expectCappedLogs(services);
  });

  it("refuses to start without the tailnet name or auth key, saying which", async () => {
    await expect(config("tailscale-host", {})).rejects.toThrow(/HEARTH_HOST_NAME/);
    await expect(config("tailscale-sidecar", { TAILNET: "tail1234.ts.net" })).rejects.toThrow(/TS_AUTHKEY/);
  });
});
