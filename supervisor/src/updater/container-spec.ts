/**
 * The app container's configuration, recorded before an update and replayed onto another image.
 *
 * "Exactly the old configuration" means what the admin (or compose) chose: ports, mounts, env,
 * networks and aliases, labels (compose's too), restart policy, user, read-only root, tmpfs,
 * capabilities, security options, limits, health check. What the OLD IMAGE put into the
 * container (its ENV such as HEARTH_VERSION, its labels, entrypoint, command, health check,
 * working dir) is left out, so the new image's own values apply, as `docker compose up` does.
 */
import type Dockerode from "dockerode";

export type ContainerInspect = Dockerode.ContainerInspectInfo;
export interface ImageDefaults {
  Env?: string[] | null;
  Labels?: Record<string, string> | null;
  Entrypoint?: string[] | string | null;
  Cmd?: string[] | null;
  WorkingDir?: string;
  User?: string;
  Healthcheck?: unknown;
  StopSignal?: string;
}

/** What a container was created with, minus what its image supplied. */
export interface RecordedContainer {
  id: string;
  name: string;
  image_id: string;
  /** The repo digest the container's image was pulled by, when known: how it is found again. */
  image_digest: string;
  create: Dockerode.ContainerCreateOptions;
  /** Networks beyond the first, connected after create (the API takes one at create time). */
  extra_networks: Record<string, Dockerode.EndpointSettings>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function recordContainer(
  inspect: ContainerInspect,
  image: ImageDefaults,
  imageDigest: string,
): RecordedContainer {
  const config = inspect.Config;
  const imageEnv = new Set(image.Env ?? []);
  const imageLabels = image.Labels ?? {};
  const labels = Object.fromEntries(Object.entries(config.Labels ?? {}).filter(([k, v]) => imageLabels[k] !== v));
  const create: Dockerode.ContainerCreateOptions = {
    Env: (config.Env ?? []).filter((e) => !imageEnv.has(e)),
    Labels: labels,
    ExposedPorts: config.ExposedPorts,
    Tty: config.Tty,
    OpenStdin: config.OpenStdin,
    Hostname: config.Hostname === inspect.Id.slice(0, 12) ? undefined : config.Hostname,
    Domainname: config.Domainname || undefined,
    HostConfig: inspect.HostConfig as Dockerode.HostConfig,
  };
  if (!same(config.Entrypoint, image.Entrypoint)) create.Entrypoint = config.Entrypoint as string[];
  if (!same(config.Cmd, image.Cmd)) create.Cmd = config.Cmd as string[];
  if (config.WorkingDir !== (image.WorkingDir ?? "")) create.WorkingDir = config.WorkingDir;
  if (config.User !== (image.User ?? "")) create.User = config.User;
  const health = (config as { Healthcheck?: unknown }).Healthcheck;
  if (!same(health, image.Healthcheck)) (create as { Healthcheck?: unknown }).Healthcheck = health;
  const stopSignal = (config as { StopSignal?: string }).StopSignal;
  if (stopSignal && stopSignal !== image.StopSignal) create.StopSignal = stopSignal;
  const stopTimeout = (config as { StopTimeout?: number }).StopTimeout;
  if (stopTimeout !== undefined) create.StopTimeout = stopTimeout;

  const networks = Object.entries(inspect.NetworkSettings.Networks ?? {}).map(([name, endpoint]) => {
    // The engine adds the container's short id as an alias; the new container gets its own.
    const aliases = (endpoint.Aliases ?? []).filter((a: string) => a !== inspect.Id.slice(0, 12));
    const settings: Dockerode.EndpointSettings = { Aliases: aliases };
    if (endpoint.IPAMConfig) settings.IPAMConfig = endpoint.IPAMConfig;
    if (endpoint.Links) settings.Links = endpoint.Links;
    return [name, settings] as const;
  });
  const [first, ...rest] = networks;
  const mode = inspect.HostConfig.NetworkMode ?? "";
  if (first && !["host", "none", "bridge", "default"].includes(mode) && !mode.startsWith("container:")) {
    create.NetworkingConfig = { EndpointsConfig: { [first[0]]: first[1] } };
  }
  return {
    id: inspect.Id,
    name: inspect.Name.replace(/^\//, ""),
    image_id: inspect.Image,
    image_digest: imageDigest,
    create,
    extra_networks: Object.fromEntries(create.NetworkingConfig ? rest : []),
  };
}
