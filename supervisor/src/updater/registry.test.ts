/**
 * The registry client against a real HTTP server speaking the distribution API with the
 * anonymous bearer-token challenge that ghcr.io and Docker Hub use.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseImageRef, RegistryClient, RegistryError } from "./registry";

let server: Server;
let base: string;
const tokensIssued: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url!, "http://x");
    if (url.pathname === "/token") {
      tokensIssued.push(`${url.searchParams.get("service")} ${url.searchParams.get("scope")}`);
      response.setHeader("content-type", "application/json");
      return response.end(JSON.stringify({ token: "t0k" }));
    }
    if (request.headers.authorization !== "Bearer t0k") {
      response.statusCode = 401;
      response.setHeader(
        "www-authenticate",
        `Bearer realm="${base}/token",service="test-registry",scope="repository:owner/hearth:pull"`,
      );
      return response.end();
    }
    if (url.pathname === "/v2/owner/hearth/tags/list") {
      response.setHeader("content-type", "application/json");
      if (url.searchParams.get("last") === "1.1.0") return response.end(JSON.stringify({ tags: ["1.2.0"] }));
      response.setHeader("link", `</v2/owner/hearth/tags/list?n=2&last=1.1.0>; rel="next"`);
      return response.end(JSON.stringify({ tags: ["1.0.0", "1.1.0"] }));
    }
    if (url.pathname === "/v2/owner/hearth/manifests/1.2.0") {
      response.setHeader("docker-content-digest", "sha256:aaa");
      return response.end(request.method === "HEAD" ? undefined : JSON.stringify({ config: { digest: "sha256:cfg" } }));
    }
    if (url.pathname === "/v2/owner/hearth/blobs/sha256:cfg") {
      return response.end(JSON.stringify({ config: { Labels: { "io.hearth.release-notes": "Faster photos." } } }));
    }
    response.statusCode = 404;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => server.close());

describe("the OCI registry client", () => {
  it("parses image references the way docker does", () => {
    expect(parseImageRef("ghcr.io/owner/hearth:1.2.0")).toEqual({
      registry: "ghcr.io",
      repository: "owner/hearth",
      tag: "1.2.0",
      digest: undefined,
    });
    expect(parseImageRef("owner/hearth")).toMatchObject({
      registry: "registry-1.docker.io",
      repository: "owner/hearth",
    });
    expect(parseImageRef("debian")).toMatchObject({ repository: "library/debian" });
    expect(parseImageRef("127.0.0.1:5000/hearth@sha256:abc")).toMatchObject({
      registry: "127.0.0.1:5000",
      repository: "hearth",
      digest: "sha256:abc",
    });
  });

  it("gets an anonymous token on a 401 challenge, follows tag pages, resolves digests and reads labels", async () => {
    const client = new RegistryClient(parseImageRef(`${base.replace("http://", "")}/owner/hearth`));
    expect(await client.tags()).toEqual(["1.0.0", "1.1.0", "1.2.0"]);
    expect(tokensIssued[0]).toBe("test-registry repository:owner/hearth:pull");
    expect(await client.digestOf("1.2.0")).toBe("sha256:aaa");
    expect((await client.labelsOf("1.2.0"))["io.hearth.release-notes"]).toBe("Faster photos.");
    // One token serves every later request.
    expect(tokensIssued).toHaveLength(1);
  });

  it("says clearly when a version does not exist", async () => {
    const client = new RegistryClient(parseImageRef(`${base.replace("http://", "")}/owner/hearth`));
    await expect(client.digestOf("9.9.9")).rejects.toThrow(RegistryError);
    await expect(client.digestOf("9.9.9")).rejects.toThrow(/not in the registry/);
  });
});
