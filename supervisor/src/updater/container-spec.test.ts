import { describe, expect, it } from "vitest";
import { recordContainer, type ContainerInspect } from "./container-spec";

const id = "0123456789abcdef0123456789abcdef";
const inspect = {
  Id: id,
  Name: "/hearth",
  Image: "sha256:old",
  Config: {
    Hostname: id.slice(0, 12),
    Env: ["PATH=/app/bin:/usr/bin", "HEARTH_VERSION=1.0.0", "MEDIA_CONCURRENCY=2", "UPDATER_URL=http://updater:8788"],
    Labels: {
      "org.opencontainers.image.version": "1.0.0",
      "com.docker.compose.service": "hearth",
      "com.docker.compose.project": "home",
    },
    Entrypoint: ["/usr/bin/tini", "--", "hearth"],
    Cmd: null,
    WorkingDir: "/data",
    User: "1001:1001",
    ExposedPorts: { "8787/tcp": {} },
    Healthcheck: { Test: ["CMD-SHELL", "node -e ..."], Interval: 30e9 },
  },
  HostConfig: {
    NetworkMode: "home_default",
    Binds: ["/srv/hearth:/data:rw"],
    PortBindings: { "8787/tcp": [{ HostIp: "", HostPort: "8787" }] },
    RestartPolicy: { Name: "unless-stopped" },
    ReadonlyRootfs: true,
    Tmpfs: { "/tmp": "" },
    CapDrop: ["ALL"],
    SecurityOpt: ["no-new-privileges:true"],
    Memory: 1073741824,
  },
  NetworkSettings: {
    Networks: {
      home_default: { Aliases: ["hearth", id.slice(0, 12)] },
      home_updates: { Aliases: ["hearth"] },
    },
  },
} as unknown as ContainerInspect;

const image = {
  Env: ["PATH=/app/bin:/usr/bin", "HEARTH_VERSION=1.0.0"],
  Labels: { "org.opencontainers.image.version": "1.0.0" },
  Entrypoint: ["/usr/bin/tini", "--", "hearth"],
  Cmd: null,
  WorkingDir: "/data",
  User: "1001:1001",
  Healthcheck: { Test: ["CMD", "node", "..."] },
};

describe("recording the app container for a recreate", () => {
  const recorded = recordContainer(inspect, image, "127.0.0.1:5000/hearth@sha256:abc");

  it("keeps what the admin chose: env, compose labels, ports, mounts, limits, hardening, health check", () => {
    expect(recorded.create.Env).toEqual(["MEDIA_CONCURRENCY=2", "UPDATER_URL=http://updater:8788"]);
    expect(recorded.create.Labels).toEqual({
      "com.docker.compose.service": "hearth",
      "com.docker.compose.project": "home",
    });
    expect(recorded.create.HostConfig).toBe(inspect.HostConfig);
    expect((recorded.create as { Healthcheck?: unknown }).Healthcheck).toEqual(inspect.Config.Healthcheck);
  });

  it("leaves out what the old image supplied, so the new image's version, entrypoint and labels apply", () => {
    expect(recorded.create.Env!.some((e) => e.startsWith("HEARTH_VERSION="))).toBe(false);
    expect(recorded.create.Entrypoint).toBeUndefined();
    expect(recorded.create.User).toBeUndefined();
    expect(recorded.create.Hostname).toBeUndefined();
  });

  it("keeps every network with its aliases, minus the old container's own id", () => {
    expect(recorded.create.NetworkingConfig).toEqual({ EndpointsConfig: { home_default: { Aliases: ["hearth"] } } });
    expect(recorded.extra_networks).toEqual({ home_updates: { Aliases: ["hearth"] } });
    expect(recorded.image_digest).toBe("127.0.0.1:5000/hearth@sha256:abc");
  });
});
