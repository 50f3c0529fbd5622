/** Account routes: first-run setup, registration, sign in and out, the current user. */
import { Hono } from "hono";
import type { LoginRequest, RegisterRequest, SetupStatus, UserResponse } from "../lib/api-types";
import { openDatabase } from "../lib/db";
import type { CommonBindings } from "../lib/env";
import { badRequest, conflict, forbidden, HttpError } from "../lib/errors";
import { readJson } from "../lib/http";
import { newId } from "../lib/ids";
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from "../lib/password";
import { countUsers, findUserByEmail, insertUser, toUser } from "../lib/repositories/users";
import { endSession, startSession, type AuthEnv } from "../lib/session";

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

function validEmail(raw: unknown): string {
  if (typeof raw !== "string" || raw.length > 320 || !EMAIL.test(raw)) throw badRequest("invalid_email", "Enter a valid email address.");
  return raw.trim().toLowerCase();
}

function validPassword(raw: unknown): string {
  if (typeof raw !== "string" || raw.length < PASSWORD_MIN_LENGTH)
    throw badRequest("weak_password", `Passwords need at least ${PASSWORD_MIN_LENGTH} characters.`);
  if (raw.length > PASSWORD_MAX_LENGTH) throw badRequest("password_too_long", `Passwords can be at most ${PASSWORD_MAX_LENGTH} characters.`);
  return raw;
}

function validPersonName(raw: unknown): string {
  const name = typeof raw === "string" ? raw.trim() : "";
  if (name.length === 0 || name.length > 100 || /[\u0000-\u001f\u007f\u202a-\u202e]/.test(name))
    throw badRequest("invalid_name", "Enter a name of 1 to 100 characters.");
  return name;
}

export const authRoutes = new Hono<{ Bindings: CommonBindings }>()
  .get("/setup", async (c) => {
    const { db } = openDatabase(c.env);
    const status: SetupStatus = { needsSetup: (await countUsers(db)) === 0, version: c.env.VERSION };
    return c.json(status);
  })
  .post("/auth/register", async (c) => {
    const body = await readJson<RegisterRequest>(c);
    const email = validEmail(body.email);
    const password = validPassword(body.password);
    const name = validPersonName(body.name);
    const { db } = openDatabase(c.env);
    // Until invitations exist, only the first account can register itself: it becomes the admin.
    if ((await countUsers(db)) > 0) throw forbidden("Registration is closed. Ask your Hearth admin for an account.");
    if (await findUserByEmail(db, email)) throw conflict("email_taken", "An account with that email already exists.");
    const row = await insertUser(db, { id: newId(), email, name, passwordHash: await hashPassword(password), now: Date.now() });
    await startSession(c, db, row.id);
    const response: UserResponse = { user: toUser(row) };
    return c.json(response, 201);
  })
  .post("/auth/login", async (c) => {
    const body = await readJson<LoginRequest>(c);
    const { db } = openDatabase(c.env);
    const email = typeof body.email === "string" ? body.email.trim().toLowerCase().slice(0, 320) : "";
    const password = typeof body.password === "string" ? body.password : "";
    const user = email ? await findUserByEmail(db, email) : undefined;
    // The same answer for an unknown email and a wrong password, so accounts cannot be probed.
    const ok = user !== undefined && password.length <= PASSWORD_MAX_LENGTH && (await verifyPassword(password, user.passwordHash));
    if (!ok || user.disabledAt !== null) throw new HttpError(401, "invalid_credentials", "That email and password do not match.");
    await startSession(c, db, user.id);
    const response: UserResponse = { user: toUser(user) };
    return c.json(response);
  });

/** Routes for a signed-in user; `requireUser` runs before them (see index.ts). */
export const sessionRoutes = new Hono<AuthEnv>()
  .post("/auth/logout", async (c) => {
    await endSession(c);
    return c.body(null, 204);
  })
  .get("/me", (c) => {
    const response: UserResponse = { user: c.var.user };
    return c.json(response);
  });
