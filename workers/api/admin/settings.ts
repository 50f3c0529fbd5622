/** Admin: household-wide settings. The rules are in core/household-settings.ts. */
import { Hono } from "hono";
import type { AdminSettings } from "@hearth/contract";
import { householdSettings, updateHouseholdSettings } from "../../core/household-settings";
import { clientOf } from "../../http/client-info";
import { readJson } from "../../http/request";
import type { AuthEnv } from "../../http/session";

export const adminSettingsRoutes = new Hono<AuthEnv>()
  .get("/settings", async (c) => c.json(await householdSettings(c.var.services)))
  .patch("/settings", async (c) => {
    const body = await readJson<AdminSettings>(c);
    return c.json(await updateHouseholdSettings(c.var.services, { actor: c.var.user, body, client: clientOf(c) }));
  });
