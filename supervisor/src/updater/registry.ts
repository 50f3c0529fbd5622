/**
 * A small client of the OCI distribution API (what ghcr.io, Docker Hub and `docker-registry`
 * speak): list tags, resolve a tag to its manifest digest, read an image's labels. Anonymous
 * pulls of public images use the bearer-token flow: the first request answers 401 with
 * `WWW-Authenticate: Bearer realm=...,service=...,scope=...`; a GET on the realm gives a token.
 * Registries on loopback or `*.local` are spoken to over plain HTTP, as docker does.
 */
export interface ImageRef {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const MANIFEST_TYPES = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

/** `ghcr.io/owner/hearth:1.2.0`, `127.0.0.1:5000/hearth@sha256:…`, `owner/hearth` (Docker Hub). */
export function parseImageRef(ref: string): ImageRef {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const first = rest.split("/")[0]!;
  const hasRegistry = rest.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  const registry = hasRegistry ? first : "registry-1.docker.io";
  let repository = hasRegistry ? rest.slice(first.length + 1) : rest;
  if (!hasRegistry && !repository.includes("/")) repository = `library/${repository}`;
  return { registry, repository, tag, digest };
}

export function formatImageRef(ref: ImageRef): string {
  const registry = ref.registry === "registry-1.docker.io" ? "docker.io" : ref.registry;
  return `${registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

export class RegistryError extends Error {}

export class RegistryClient {
  private tokens = new Map<string, string>();

  constructor(
    private readonly image: ImageRef,
    /** Plain HTTP for a LAN registry without TLS (REGISTRY_INSECURE=true); loopback always is. */
    private readonly insecure = false,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  private get base(): string {
    const plain = this.insecure || /^(localhost|127\.|\[::1\])/.test(this.image.registry);
    return `${plain ? "http" : "https"}://${this.image.registry}/v2/${this.image.repository}`;
  }

  /** Every tag, following the registry's `Link` pagination. */
  async tags(): Promise<string[]> {
    const tags: string[] = [];
    let url: string | undefined = `${this.base}/tags/list?n=1000`;
    while (url) {
      const response = await this.get(url, "application/json");
      const body = (await response.json()) as { tags?: string[] | null };
      tags.push(...(body.tags ?? []));
      const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
      url = next ? new URL(next, url).toString() : undefined;
    }
    return tags;
  }

  /** The digest a tag points at now (what the engine will pull, pinned). */
  async digestOf(tag: string): Promise<string> {
    const response = await this.get(`${this.base}/manifests/${encodeURIComponent(tag)}`, MANIFEST_TYPES, "HEAD");
    const digest = response.headers.get("docker-content-digest");
    if (!digest) throw new RegistryError(`the registry gave no digest for ${tag}`);
    return digest;
  }

  /** The image's labels (release notes, version) for this machine's architecture. */
  async labelsOf(reference: string, architecture = "amd64"): Promise<Record<string, string>> {
    let manifest = (await (await this.get(`${this.base}/manifests/${reference}`, MANIFEST_TYPES)).json()) as {
      manifests?: { digest: string; platform?: { architecture: string; os: string } }[];
      config?: { digest: string };
    };
    if (manifest.manifests) {
      const match = manifest.manifests.find((m) => m.platform?.architecture === architecture) ?? manifest.manifests[0];
      if (!match) return {};
      manifest = (await (
        await this.get(`${this.base}/manifests/${match.digest}`, MANIFEST_TYPES)
      ).json()) as typeof manifest;
    }
    if (!manifest.config) return {};
    const config = (await (await this.get(`${this.base}/blobs/${manifest.config.digest}`, "*/*")).json()) as {
      config?: { Labels?: Record<string, string> | null };
    };
    return config.config?.Labels ?? {};
  }

  private async get(url: string, accept: string, method = "GET"): Promise<Response> {
    const scope = `repository:${this.image.repository}:pull`;
    const send = (token?: string) =>
      this.fetchImpl(url, { method, headers: { accept, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    let response: Response;
    try {
      response = await send(this.tokens.get(scope));
      if (response.status === 401) {
        const token = await this.tokenFor(response.headers.get("www-authenticate") ?? "", scope);
        this.tokens.set(scope, token);
        response = await send(token);
      }
    } catch (error) {
      if (error instanceof RegistryError) throw error;
      throw new RegistryError(`cannot reach the registry ${this.image.registry}: ${(error as Error).message}`);
    }
    if (response.status === 404) throw new RegistryError(`${url.replace(/^.*\/v2\//, "")} is not in the registry`);
    if (!response.ok) throw new RegistryError(`the registry answered ${response.status} for ${url}`);
    return response;
  }

  private async tokenFor(challenge: string, scope: string): Promise<string> {
    if (!/^Bearer /i.test(challenge))
      throw new RegistryError("the registry wants credentials; only public images are supported");
    const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    if (!params.realm) throw new RegistryError("the registry's challenge names no token service");
    const url = new URL(params.realm);
    if (params.service) url.searchParams.set("service", params.service);
    url.searchParams.set("scope", params.scope ?? scope);
    const response = await this.fetchImpl(url);
    if (!response.ok) throw new RegistryError(`the token service answered ${response.status}`);
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryError("the token service gave no token");
    return token;
  }
}
