/**
 * Accounts and household security against the real runtime: registration rules, invites,
 * sessions, two-factor sign-in, throttling, CSRF, hostile input, the admin's powers, the audit
 * log and the locked-out admin's command.
 */
import { createClient, type Client as DbClient } from "@libsql/client/web";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./harness/client";
import { blobOnDisk, databaseOf, HEARTH, removeDataDir, ROOT, startHearth, type RunningHearth } from "./harness/hearth";

const PASSWORD = "household password";
const totp = (secret: string, offsetSeconds = 0) => {
  // generateTOTP uses the current time; shift it for "next code" cases by faking Date.now.
  const realNow = Date.now;
  Date.now = () => realNow() + offsetSeconds * 1000;
  try {
    return generateTOTP(decodeBase32IgnorePadding(secret), 30, 6);
  } finally {
    Date.now = realNow;
  }
};

describe("accounts and household security", () => {
  let hearth: RunningHearth;
  let db: DbClient;
  let admin: Client;

  beforeAll(async () => {
    hearth = await startHearth();
    db = createClient(databaseOf(hearth));
    admin = new Client(hearth.url);
    expect((await admin.register("admin@example.com", PASSWORD, "Admin")).body.user.role).toBe("admin");
  });
  afterAll(async () => {
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
  });

  const newMember = async (email: string, name = "Member") => {
    const created = await admin.json("POST", "/api/admin/users", { email, password: PASSWORD, name });
    expect(created.status).toBe(201);
    const client = new Client(hearth.url);
    expect((await client.login(email, PASSWORD)).status).toBe(200);
    return { client, id: created.body.id as string };
  };

  describe("registration", () => {
    it("is closed after the first account: 403 and no account made", async () => {
      const response = await new Client(hearth.url).register("stranger@example.com", PASSWORD, "Stranger");
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe("registration_closed");
      expect(
        (await db.execute("SELECT count(*) AS n FROM users WHERE email = 'stranger@example.com'")).rows[0]?.n,
      ).toBe(0);
    });

    it("opens when the admin opens it, and new accounts are members", async () => {
      expect((await admin.json("PATCH", "/api/admin/settings", { registrationOpen: true })).body.registrationOpen).toBe(
        true,
      );
      expect((await new Client(hearth.url).json("GET", "/api/setup")).body.registrationOpen).toBe(true);
      const response = await new Client(hearth.url).register("open@example.com", PASSWORD, "Open");
      expect(response.status).toBe(201);
      expect(response.body.user.role).toBe("member");
      await admin.json("PATCH", "/api/admin/settings", { registrationOpen: false });
    });

    it("an invite link works once, for its email, and not after it expires", async () => {
      const invite = await admin.json("POST", "/api/admin/invites", { email: "kid@example.com", role: "member" });
      expect(invite.status).toBe(201);
      const token = new URL(invite.body.url).pathname.split("/").pop()!;
      expect(token.length).toBeGreaterThanOrEqual(40);
      const info = await new Client(hearth.url).json("GET", `/api/invites/${token}`);
      expect(info.body).toMatchObject({ email: "kid@example.com", invitedBy: "Admin" });

      const wrongEmail = await new Client(hearth.url).json("POST", "/api/auth/register", {
        email: "other@example.com",
        password: PASSWORD,
        name: "X",
        inviteToken: token,
      });
      expect(wrongEmail.status).toBe(403);
      const used = await new Client(hearth.url).json("POST", "/api/auth/register", {
        email: "kid@example.com",
        password: PASSWORD,
        name: "Kid",
        inviteToken: token,
      });
      expect(used.status).toBe(201);
      const again = await new Client(hearth.url).json("POST", "/api/auth/register", {
        email: "kid2@example.com",
        password: PASSWORD,
        name: "Kid 2",
        inviteToken: token,
      });
      expect(again.status).toBe(410);
      expect(again.body.error.code).toBe("invite_used");

      const expiring = await admin.json("POST", "/api/admin/invites", {});
      const expiringToken = new URL(expiring.body.url).pathname.split("/").pop()!;
      await db.execute({
        sql: "UPDATE invites SET expires_at = ? WHERE id = ?",
        args: [Date.now() - 1000, expiring.body.id],
      });
      const late = await new Client(hearth.url).json("POST", "/api/auth/register", {
        email: "late@example.com",
        password: PASSWORD,
        name: "Late",
        inviteToken: expiringToken,
      });
      expect(late.status).toBe(410);
      expect(late.body.error.code).toBe("invite_expired");
      expect((await new Client(hearth.url).json("GET", "/api/invites/not-a-real-token")).status).toBe(404);
    });
  });

  describe("sessions", () => {
    it("the cookie is HttpOnly and SameSite=Lax, and the database keeps only a hash of it", async () => {
      const response = await new Client(hearth.url).request("POST", "/api/auth/login", {
        json: { email: "admin@example.com", password: PASSWORD },
      });
      const cookie = response.headers.get("set-cookie")!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      const token = /hearth_session=([^;]+)/.exec(cookie)![1]!;
      expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(20);
      const stored = await db.execute("SELECT id FROM sessions");
      expect(stored.rows.map((r) => r.id)).not.toContain(token);
    });

    it("an expired session is refused", async () => {
      const { client, id } = await newMember("expiring@example.com");
      await db.execute({ sql: "UPDATE sessions SET expires_at = ? WHERE user_id = ?", args: [Date.now() - 1, id] });
      const me = await client.json("GET", "/api/me");
      expect(me.status).toBe(401);
    });

    it("lists sessions with their device, and a revoked one stops working", async () => {
      const { client: laptop } = await newMember("sessions@example.com");
      const phone = new Client(hearth.url);
      await phone.request("POST", "/api/auth/login", {
        json: { email: "sessions@example.com", password: PASSWORD },
        headers: { "user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1" },
      });
      const list = await laptop.json("GET", "/api/me/sessions");
      expect(list.body.sessions).toHaveLength(2);
      const phoneSession = list.body.sessions.find((s: any) => !s.current);
      expect(phoneSession.device).toBe("Safari on iOS");
      expect(phoneSession.ip).toBe("127.0.0.1");
      expect((await laptop.request("DELETE", `/api/me/sessions/${phoneSession.id}`)).status).toBe(204);
      expect((await phone.json("GET", "/api/me")).status).toBe(401);
      expect((await laptop.json("GET", "/api/me")).status).toBe(200);
    });

    it("sign out everywhere ends every session", async () => {
      const { client: a } = await newMember("everywhere@example.com");
      const b = new Client(hearth.url);
      await b.login("everywhere@example.com", PASSWORD);
      expect((await a.request("POST", "/api/auth/logout-everywhere")).status).toBe(204);
      expect((await a.json("GET", "/api/me")).status).toBe(401);
      expect((await b.json("GET", "/api/me")).status).toBe(401);
    });

    it("a password change ends every other session and needs the current password", async () => {
      const { client: a } = await newMember("changer@example.com");
      const b = new Client(hearth.url);
      await b.login("changer@example.com", PASSWORD);
      const wrong = await a.json("POST", "/api/me/password", {
        currentPassword: "not it at all",
        newPassword: "a brand new password",
      });
      expect(wrong.status).toBe(403);
      expect(
        (
          await a.request("POST", "/api/me/password", {
            json: { currentPassword: PASSWORD, newPassword: "a brand new password" },
          })
        ).status,
      ).toBe(204);
      expect((await a.json("GET", "/api/me")).status).toBe(200);
      expect((await b.json("GET", "/api/me")).status).toBe(401);
      expect((await new Client(hearth.url).login("changer@example.com", PASSWORD)).status).toBe(401);
      expect((await new Client(hearth.url).login("changer@example.com", "a brand new password")).status).toBe(200);
    });
  });

  describe("two-factor sign-in", () => {
    it("enrols with a code, then sign-in needs the second factor; each recovery code works once", async () => {
      const { client } = await newMember("totp@example.com", "Totp");
      const setup = await client.json("POST", "/api/me/two-factor/setup");
      expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Hearth:totp%40example\.com\?/);
      expect((await client.json("POST", "/api/me/two-factor/enable", { code: "000000" })).status).toBe(400);
      const enrolCode = totp(setup.body.secret);
      const enabled = await client.json("POST", "/api/me/two-factor/enable", { code: enrolCode });
      expect(enabled.status).toBe(200);
      const codes: string[] = enabled.body.recoveryCodes;
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);
      expect((await client.json("GET", "/api/me")).body.user.twoFactorEnabled).toBe(true);

      const fresh = new Client(hearth.url);
      const step1 = await fresh.login("totp@example.com", PASSWORD);
      expect(step1.status).toBe(200);
      expect(step1.body).toMatchObject({ twoFactorRequired: true });
      expect((await fresh.json("GET", "/api/me")).status).toBe(401);
      const bad = await fresh.json("POST", "/api/auth/login/two-factor", {
        challenge: step1.body.challenge,
        code: "123456",
      });
      expect(bad.status).toBe(401);
      // The enrolment code was used up: the same code again is a replay.
      const replay = await fresh.json("POST", "/api/auth/login/two-factor", {
        challenge: step1.body.challenge,
        code: enrolCode,
      });
      expect(replay.status).toBe(401);
      const good = await fresh.json("POST", "/api/auth/login/two-factor", {
        challenge: step1.body.challenge,
        code: totp(setup.body.secret, 30),
      });
      expect(good.status).toBe(200);
      expect((await fresh.json("GET", "/api/me")).body.user.email).toBe("totp@example.com");

      const viaRecovery = new Client(hearth.url);
      const challenge = (await viaRecovery.login("totp@example.com", PASSWORD)).body.challenge;
      expect(
        (await viaRecovery.json("POST", "/api/auth/login/two-factor", { challenge, code: codes[0]!.toUpperCase() }))
          .status,
      ).toBe(200);
      const reuse = new Client(hearth.url);
      const challenge2 = (await reuse.login("totp@example.com", PASSWORD)).body.challenge;
      expect(
        (await reuse.json("POST", "/api/auth/login/two-factor", { challenge: challenge2, code: codes[0] })).status,
      ).toBe(401);
      expect(
        (await reuse.json("POST", "/api/auth/login/two-factor", { challenge: challenge2, code: codes[1] })).status,
      ).toBe(200);
    });

    it("a challenge dies after five wrong codes", async () => {
      const { client } = await newMember("guess@example.com");
      const setup = await client.json("POST", "/api/me/two-factor/setup");
      await client.json("POST", "/api/me/two-factor/enable", { code: totp(setup.body.secret) });
      const attacker = new Client(hearth.url);
      const { challenge } = (await attacker.login("guess@example.com", PASSWORD)).body;
      for (let i = 0; i < 5; i++)
        expect((await attacker.json("POST", "/api/auth/login/two-factor", { challenge, code: "111111" })).status).toBe(
          401,
        );
      const late = await attacker.json("POST", "/api/auth/login/two-factor", {
        challenge,
        code: totp(setup.body.secret, 30),
      });
      expect(late.status).toBe(410);
    });

    it("when the admin requires it, a member without it can only enrol", async () => {
      const { client } = await newMember("later@example.com");
      await admin.json("PATCH", "/api/admin/settings", { requireTwoFactor: true });
      try {
        expect((await client.json("GET", "/api/me")).body.user.mustEnrollTwoFactor).toBe(true);
        const files = await client.json("GET", "/api/files?parent=root");
        expect(files.status).toBe(403);
        expect(files.body.error.code).toBe("two_factor_required");
        const setup = await client.json("POST", "/api/me/two-factor/setup");
        await client.json("POST", "/api/me/two-factor/enable", { code: totp(setup.body.secret) });
        expect((await client.json("GET", "/api/files?parent=root")).status).toBe(200);
      } finally {
        // The admin is not enrolled either: after this, only the enrolment routes would work for them.
        await db.execute("UPDATE settings SET value = 'false' WHERE key = 'requireTwoFactor'");
      }
    });
  });

  describe("abuse resistance", () => {
    it("failed sign-ins are throttled per account with a growing delay, the same answer for unknown emails", async () => {
      await db.execute("DELETE FROM login_throttle");
      await newMember("target@example.com");
      const attacker = new Client(hearth.url);
      const unknown = await attacker.login("nobody@example.com", "whatever password");
      const wrong = await attacker.login("target@example.com", "wrong password!");
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
      await attacker.login("target@example.com", "wrong password!");
      await attacker.login("target@example.com", "wrong password!");
      // Three failures: now even the right password has to wait.
      const throttled = await attacker.request("POST", "/api/auth/login", {
        json: { email: "target@example.com", password: PASSWORD },
      });
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      const waitOf = async () =>
        Number(
          (
            await db.execute(
              "SELECT blocked_until - last_failure_at AS wait FROM login_throttle WHERE key = 'account:target@example.com'",
            )
          ).rows[0]?.wait,
        );
      const first = await waitOf();
      await new Promise((r) => setTimeout(r, first + 100));
      expect((await attacker.login("target@example.com", "wrong password!")).status).toBe(401);
      const second = await waitOf();
      expect(second).toBe(first * 2);
      await new Promise((r) => setTimeout(r, second + 100));
      expect((await attacker.login("target@example.com", PASSWORD)).status).toBe(200);
      await db.execute("DELETE FROM login_throttle");
    });

    it("state-changing requests from another site are refused and change nothing", async () => {
      const response = await admin.request("POST", "/api/folders", {
        json: { parentId: "root", name: "csrf" },
        headers: { origin: "https://evil.example" },
      });
      expect(response.status).toBe(403);
      const fetchSite = await admin.request("PATCH", "/api/me", {
        json: { name: "Hacked" },
        headers: { origin: hearth.url, "sec-fetch-site": "cross-site" },
      });
      expect(fetchSite.status).toBe(403);
      expect((await admin.json("GET", "/api/me")).body.user.name).toBe("Admin");
      expect((await admin.json("GET", "/api/files?parent=root")).body.items.map((i: any) => i.name)).not.toContain(
        "csrf",
      );
    });

    it("hostile input gets a clear 4xx and changes nothing", async () => {
      const before = (await db.execute("SELECT count(*) AS n FROM users")).rows[0]?.n;
      const cases: [string, unknown, number][] = [
        ["very long email", { email: `${"a".repeat(300)}@example.com`, password: PASSWORD, name: "X" }, 400],
        ["odd email", { email: "a@b@c", password: PASSWORD, name: "X" }, 400],
        ["email with spaces", { email: "a b@example.com", password: PASSWORD, name: "X" }, 400],
        ["short password", { email: "short@example.com", password: "short", name: "X" }, 400],
        ["huge password", { email: "huge@example.com", password: "x".repeat(10_000), name: "X" }, 400],
        ["very long name", { email: "long@example.com", password: PASSWORD, name: "n".repeat(500) }, 400],
        [
          "name with direction override",
          { email: "rlo@example.com", password: PASSWORD, name: "evil\u202Egnp.exe" },
          400,
        ],
        ["email not a string", { email: ["x"], password: PASSWORD, name: "X" }, 400],
      ];
      for (const [label, body, status] of cases) {
        const response = await admin.json("POST", "/api/admin/users", body);
        expect({ label, status: response.status, code: typeof response.body?.error?.code }).toEqual({
          label,
          status,
          code: "string",
        });
      }
      const oversized = await admin.request("POST", "/api/admin/users", {
        body: JSON.stringify({ email: "x@example.com", pad: "x".repeat(200_000) }),
        headers: { "content-type": "application/json" },
      });
      expect(oversized.status).toBe(413);
      const wrongType = await admin.request("POST", "/api/admin/users", {
        body: "email=x@example.com",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect(wrongType.status).toBe(415);
      const malformed = await admin.request("POST", "/api/auth/login", {
        body: "{not json",
        headers: { "content-type": "application/json" },
      });
      expect(malformed.status).toBe(400);
      expect((await db.execute("SELECT count(*) AS n FROM users")).rows[0]?.n).toBe(before);
    });
  });

  describe("the admin", () => {
    it("disables a user, whose sessions end at once; a member cannot do admin things", async () => {
      const { client, id } = await newMember("disabled@example.com");
      expect((await client.json("GET", "/api/admin/users")).status).toBe(403);
      const patched = await admin.json("PATCH", `/api/admin/users/${id}`, { disabled: true });
      expect(patched.body.disabled).toBe(true);
      expect((await client.json("GET", "/api/me")).status).toBe(401);
      expect((await new Client(hearth.url).login("disabled@example.com", PASSWORD)).status).toBe(401);
      await admin.json("PATCH", `/api/admin/users/${id}`, { disabled: false });
      expect((await new Client(hearth.url).login("disabled@example.com", PASSWORD)).status).toBe(200);
    });

    it("sets a quota and sees usage", async () => {
      const { client, id } = await newMember("quota@example.com");
      await client.upload("a.bin", new Uint8Array(1234) as Uint8Array<ArrayBuffer>);
      await admin.json("PATCH", `/api/admin/users/${id}`, { quotaBytes: 10_000_000 });
      const user = (await admin.json("GET", "/api/admin/users")).body.users.find((u: any) => u.id === id);
      expect(user).toMatchObject({ quotaBytes: 10_000_000, usedBytes: 1234 });
    });

    it("deletes a user by giving their files to another, or deleting them after typing the name", async () => {
      const { client: leaving, id: leavingId } = await newMember("leaving@example.com", "Leaving Person");
      const kept = await leaving.upload("keep.txt", new TextEncoder().encode("keep me") as Uint8Array<ArrayBuffer>);
      // A link the leaving person gave out (to the grandparents, say) keeps working, now the heir's to manage.
      const link = (await leaving.json("POST", "/api/shares", { fileId: kept.body.id })).body;
      expect(link.token).toBeTruthy();
      const { client: heir, id: heirId } = await newMember("heir@example.com", "Heir");
      // And an album of theirs, shared with the heir as a viewer.
      const beach = await leaving.upload(
        "beach.png",
        new Uint8Array(readFileSync(join(ROOT, "tests", "fixtures", "small.png"))),
      );
      const album = (await leaving.json("POST", "/api/albums", { name: "Summer", fileIds: [beach.body.id] })).body;
      expect((await leaving.json("PUT", `/api/albums/${album.id}/members/${heirId}`, { role: "viewer" })).status).toBe(
        200,
      );
      expect((await admin.json("DELETE", `/api/admin/users/${leavingId}`, {})).status).toBe(400);
      expect((await admin.json("DELETE", `/api/admin/users/${leavingId}`, { transferTo: heirId })).status).toBe(204);
      const folder = (await heir.json("GET", "/api/files?parent=root")).body.items.find(
        (i: any) => i.name === "Files from Leaving Person",
      );
      expect(folder).toBeTruthy();
      const inside = (await heir.json("GET", `/api/files?parent=${folder.id}`)).body.items;
      expect(inside.map((i: any) => i.name).sort()).toEqual(["beach.png", "keep.txt"]);
      expect(
        await (
          await heir.request("GET", `/api/files/${inside.find((i: any) => i.name === "keep.txt").id}/content`)
        ).text(),
      ).toBe("keep me");
      expect((await new Client(hearth.url).json("GET", `/api/public/${link.token}`)).status).toBe(200);
      const heirsLinks = (await heir.json("GET", "/api/shares")).body.shares;
      expect(heirsLinks.map((s: any) => s.token)).toEqual([link.token]);
      expect((await heir.json("DELETE", `/api/shares/${heirsLinks[0].id}`)).status).toBe(204);
      expect((await new Client(hearth.url).json("GET", `/api/public/${link.token}`)).status).toBe(404);
      const heirsAlbums = (await heir.json("GET", "/api/albums")).body;
      expect(heirsAlbums.owned.map((a: any) => a.name)).toEqual(["Summer"]);
      expect(heirsAlbums.shared).toEqual([]);
      const summer = (await heir.json("GET", `/api/albums/${album.id}`)).body;
      expect(summer.items.map((i: any) => i.name)).toEqual(["beach.png"]);

      const { client: gone, id: goneId } = await newMember("gone@example.com", "Gone Person");
      const file = (await gone.upload("bye.txt", new TextEncoder().encode("bye") as Uint8Array<ArrayBuffer>)).body;
      const key = (await db.execute({ sql: "SELECT key FROM blobs WHERE sha256 = ?", args: [file.sha256] })).rows[0]
        ?.key as string;
      expect(blobOnDisk(hearth.dataDir, key)).toBe(true);
      expect(
        (await admin.json("DELETE", `/api/admin/users/${goneId}`, { deleteFiles: true, confirmName: "gone person" }))
          .status,
      ).toBe(400);
      expect(
        (await admin.json("DELETE", `/api/admin/users/${goneId}`, { deleteFiles: true, confirmName: "Gone Person" }))
          .status,
      ).toBe(204);
      expect(
        (await db.execute({ sql: "SELECT count(*) AS n FROM files WHERE owner_id = ?", args: [goneId] })).rows[0]?.n,
      ).toBe(0);
      expect((await db.execute({ sql: "SELECT count(*) AS n FROM blobs WHERE key = ?", args: [key] })).rows[0]?.n).toBe(
        0,
      );
      expect(blobOnDisk(hearth.dataDir, key)).toBe(false);
    });

    it("cannot delete or disable themselves", async () => {
      const me = (await admin.json("GET", "/api/me")).body.user;
      expect((await admin.json("PATCH", `/api/admin/users/${me.id}`, { disabled: true })).status).toBe(403);
      expect((await admin.json("DELETE", `/api/admin/users/${me.id}`, { transferTo: "x" })).status).toBe(403);
    });

    it("reads the audit log newest first, filtered by user and action", async () => {
      const all = (await admin.json("GET", "/api/admin/audit?limit=200")).body.entries;
      expect(all.length).toBeGreaterThan(10);
      expect(all[0].id).toBeGreaterThan(all[1].id);
      const actions = new Set(all.map((e: any) => e.action));
      for (const action of [
        "user.register",
        "login",
        "admin.user.create",
        "admin.invite.create",
        "two_factor.enable",
        "password.change",
        "session.revoke",
        "admin.user.delete",
        "admin.settings.update",
      ]) {
        expect(actions).toContain(action);
      }
      const failed = all.find((e: any) => e.action === "login" && !e.success);
      expect(failed).toMatchObject({ ip: "127.0.0.1" });
      const logins = (await admin.json("GET", "/api/admin/audit?action=login")).body.entries;
      expect(logins.every((e: any) => e.action.startsWith("login"))).toBe(true);
      const me = (await admin.json("GET", "/api/me")).body.user;
      const mine = (await admin.json("GET", `/api/admin/audit?user=${me.id}`)).body.entries;
      expect(mine.every((e: any) => e.actorId === me.id || e.targetId === me.id)).toBe(true);
      const page = await admin.json("GET", "/api/admin/audit?limit=5");
      const next = await admin.json("GET", `/api/admin/audit?limit=5&before=${page.body.nextBefore}`);
      expect(next.body.entries[0].id).toBeLessThan(page.body.entries[4].id);
    });

    it("a locked-out admin gets a new password from `hearth admin reset-password`", async () => {
      const output = execFileSync(process.execPath, [HEARTH, "admin", "reset-password", "admin@example.com"], {
        env: { ...process.env, DATA_DIR: hearth.dataDir },
        encoding: "utf8",
      });
      const password = /New password for admin@example\.com: (\S+)/.exec(output)?.[1];
      expect(password).toBeTruthy();
      expect((await admin.json("GET", "/api/me")).status).toBe(401);
      const fresh = new Client(hearth.url);
      expect((await fresh.login("admin@example.com", password!)).status).toBe(200);
      admin = fresh;
    });
  });
});
