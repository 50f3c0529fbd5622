/** The household-wide settings the admin changes: open registration, and requiring two-factor sign-in. */
import type { AdminSettings, User } from "@hearth/contract";
import { badRequest } from "../lib/errors";
import { readSettings, writeSettings } from "../repositories/settings";
import { recordAudit } from "./audit";
import type { ClientInfo } from "./sessions";
import type { Services } from "./services";

const SETTING_KEYS = ["registrationOpen", "requireTwoFactor"] as const satisfies readonly (keyof AdminSettings)[];

export async function householdSettings(services: Services): Promise<AdminSettings> {
  return readSettings(services.db);
}

/** Changes the settings sent (each true or false) and returns them all. */
export async function updateHouseholdSettings(
  services: Services,
  input: { actor: User; body: Partial<AdminSettings>; client: ClientInfo },
): Promise<AdminSettings> {
  const changes: Partial<AdminSettings> = {};
  for (const key of SETTING_KEYS) {
    const value = input.body[key];
    if (value === undefined) continue;
    if (typeof value !== "boolean") throw badRequest("invalid_setting", `${key} must be true or false.`);
    changes[key] = value;
  }
  if (Object.keys(changes).length === 0)
    throw badRequest("nothing_to_change", `Send ${SETTING_KEYS.join(" and/or ")}.`);
  await writeSettings(services.db, changes);
  await recordAudit(services, {
    action: "admin.settings.update",
    actor: input.actor,
    detail: changes,
    ip: input.client.ip,
  });
  return readSettings(services.db);
}
