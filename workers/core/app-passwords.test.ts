import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import * as repo from "../repositories/app-passwords";
import { findUser, insertUser } from "../repositories/users";
import { toUser } from "./accounts-presenter";
import {
  authenticateDav,
  createAppPassword,
  listAppPasswords,
  parseBasicAuth,
  revokeAppPassword,
} from "./app-passwords";
import { pageAuditLog } from "./audit";

const phone = { ip: "192.168.1.20", userAgent: "PhotoSync/4.0" };

describe("app passwords", () => {
  let services: TestServices;
  let ann: ReturnType<typeof toUser>;

  beforeEach(async () => {
    services = await testServices();
    const row = await insertUser(services.db, {
      id: "ann",
      email: "ann@example.com",
      name: "Ann",
      passwordHash: "unused",
      now: services.now(),
      role: "member",
    });
    ann = toUser(row, false);
  });
  afterEach(() => services.close());

  const status = async (work: () => unknown) => {
    try {
      await work();
      return 200;
    } catch (error) {
      return (error as { status?: number }).status ?? 500;
    }
  };

  it("parses Basic credentials, and nothing else", () => {
    const header = `Basic ${btoa("Ann@Example.com:abcd-efgh")}`;
    expect(parseBasicAuth(header)).toEqual({ email: "ann@example.com", password: "abcd-efgh" });
    expect(parseBasicAuth(`Basic ${btoa("a:b:c")}`)).toEqual({ email: "a", password: "b:c" });
    expect(parseBasicAuth("Bearer x")).toBeUndefined();
    expect(parseBasicAuth(`Basic ${btoa("no colon")}`)).toBeUndefined();
    expect(parseBasicAuth("Basic !!!")).toBeUndefined();
    expect(parseBasicAuth(undefined)).toBeUndefined();
  });

  it("shows a password once, keeps only its hash, signs WebDAV in with it, and stops it when revoked", async () => {
    const created = await createAppPassword(services, ann, { name: "  Ann's phone " }, phone);
    expect(created.name).toBe("Ann's phone");
    expect(created.password).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){5}$/);
    const [row] = await repo.listAppPasswords(services.db, "ann");
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.password);

    const user = await authenticateDav(services, { email: "ann@example.com", password: created.password }, phone);
    expect(user.id).toBe("ann");
    const [listed] = await listAppPasswords(services, "ann");
    expect(listed).toMatchObject({ name: "Ann's phone", lastUsedClient: "PhotoSync/4.0", lastUsedIp: "192.168.1.20" });

    await revokeAppPassword(services, ann, created.id, phone);
    expect(
      await status(() => authenticateDav(services, { email: "ann@example.com", password: created.password }, phone)),
    ).toBe(401);
    expect(await status(() => revokeAppPassword(services, ann, created.id, phone))).toBe(404);
  });

  it("never takes the account password, another user's password or a blank name", async () => {
    expect(await status(() => createAppPassword(services, ann, { name: " " }, phone))).toBe(400);
    expect(await status(() => authenticateDav(services, undefined, phone))).toBe(401);
    expect(await status(() => authenticateDav(services, { email: "ann@example.com", password: "unused" }, phone))).toBe(
      401,
    );
    const bobRow = await insertUser(services.db, {
      id: "bob",
      email: "bob@example.com",
      name: "Bob",
      passwordHash: "unused",
      now: services.now(),
      role: "member",
    });
    const bobs = await createAppPassword(services, toUser(bobRow, false), { name: "bob" }, phone);
    expect(
      await status(() => authenticateDav(services, { email: "ann@example.com", password: bobs.password }, phone)),
    ).toBe(401);
    expect(await findUser(services.db, "ann")).toBeDefined();
  });

  it("throttles failures like sign-in, and audits a client once a day", async () => {
    const created = await createAppPassword(services, ann, { name: "laptop" }, phone);
    for (let i = 0; i < 3; i++)
      await authenticateDav(services, { email: "ann@example.com", password: created.password }, phone);
    services.advance(24 * 3600_000);
    await authenticateDav(services, { email: "ann@example.com", password: created.password }, phone);
    const log = await pageAuditLog(services, { action: "webdav.login" });
    expect(log.entries.filter((e) => e.success)).toHaveLength(2);

    const wrong = { email: "ann@example.com", password: "aaaa-aaaa-aaaa-aaaa-aaaa-aaaa" };
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await status(() => authenticateDav(services, wrong, phone)));
    expect(statuses).toContain(429);
    // Even the right password waits while the account is throttled.
    expect(
      await status(() => authenticateDav(services, { email: "ann@example.com", password: created.password }, phone)),
    ).toBe(429);
  });
});
