/** A small HTTP client that keeps its cookies (the session's and others), as a browser would, and sends the app's Origin. */

export class Client {
  /** Cookie name → value, as the server last set them (an empty value removes one). */
  readonly cookies = new Map<string, string>();

  /** The Cookie header it sends ("" before signing in). */
  get cookie(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  constructor(readonly base: string) {}

  async request(
    method: string,
    path: string,
    init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { origin: this.base, ...init.headers };
    if (this.cookies.size > 0) headers.cookie = this.cookie;
    let body = init.body;
    if (init.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.json);
    }
    const response = await fetch(this.base + path, {
      method,
      headers,
      body,
      redirect: "manual",
      duplex: "half",
    } as RequestInit);
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair = ""] = setCookie.split(";");
      const at = pair.indexOf("=");
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return response;
  }

  async json<T = any>(method: string, path: string, json?: unknown): Promise<{ status: number; body: T }> {
    const response = await this.request(method, path, json === undefined ? {} : { json });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** Registers (the first account) and keeps the session. */
  async register(email = "admin@example.com", password = "correct horse battery", name = "Admin") {
    return this.json("POST", "/api/auth/register", { email, password, name });
  }

  async login(email: string, password: string) {
    return this.json("POST", "/api/auth/login", { email, password });
  }

  async upload(name: string, bytes: Uint8Array<ArrayBuffer>, parent = "root") {
    const response = await this.request(
      "PUT",
      `/api/files/content?parent=${encodeURIComponent(parent)}&name=${encodeURIComponent(name)}`,
      {
        body: new Blob([bytes]),
      },
    );
    return { status: response.status, body: (await response.json()) as any };
  }
}

/**
 * A household of two on a fresh Hearth: Ann sets it up (the admin) and adds Bob, and both are
 * signed in. `bobId` is Bob's user id.
 */
export async function householdOfTwo(url: string): Promise<{ ann: Client; bob: Client; bobId: string }> {
  const ann = new Client(url);
  await ann.register("ann@example.com", "ann's long password", "Ann");
  const created = await ann.json("POST", "/api/admin/users", {
    email: "bob@example.com",
    password: "bob's long password",
    name: "Bob",
  });
  const bob = new Client(url);
  await bob.login("bob@example.com", "bob's long password");
  return { ann, bob, bobId: created.body.id ?? created.body.user?.id };
}
