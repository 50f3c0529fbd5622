/** Admin: household-wide settings. */
import { Hono } from "hono";
import type { AdminSettings } from "@hearth/contract";
import { audit } from "../../lib/audit";
import { badRequest } from "../../lib/errors";
import { readJson } from "../../http/request";
import { readSettings, writeSettings } from "../../repositories/settings";
import type { AuthEnv } from "../../http/session";

export const adminSettingsRoutes = new Hono<AuthEnv>()
  .get("/settings", async (c) => c.json<AdminSettings>(await readSettings(c.var.db)))
  .patch("/settings", async (c) => {
    const body = await readJson<AdminSettings>(c);
    const changes: Partial<AdminSettings> = {};
    for (const key of ["registrationOpen", "requireTwoFactor"] as const) {
      if (body[key] === undefined) continue;
      if (typeof body[key] !== "boolean") throw badRequest("invalid_setting", `${key} must be true or false.`);
      changes[key] = body[key];
    }
    if (Object.keys(changes).length === 0) throw badRequest("nothing_to_change", "Send registrationOpen and/or requireTwoFactor.");
    await writeSettings(c.var.db, changes);
    await audit(c, c.var.db, { action: "admin.settings.update", actor: c.var.user, detail: changes });
    return c.json<AdminSettings>(await readSettings(c.var.db));
  });
