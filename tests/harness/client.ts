/** A small HTTP client that keeps the session cookie, as a browser would, and sends the app's Origin. */

export class Client {
  private cookie = "";

  constructor(readonly base: string) {}

  async request(
    method: string,
    path: string,
    init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { origin: this.base, ...init.headers };
    if (this.cookie) headers.cookie = this.cookie;
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
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) {
      const [pair] = setCookie.split(";");
      this.cookie = pair && !pair.endsWith("=") ? pair : "";
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
