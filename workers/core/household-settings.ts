/** The household-wide settings the admin changes: open registration, requiring two-factor sign-in, the map's street detail. */
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
  if (input.body.mapTileUrl !== undefined) changes.mapTileUrl = checkMapTileUrl(input.body.mapTileUrl);
  if (Object.keys(changes).length === 0)
    throw badRequest("nothing_to_change", `Send ${[...SETTING_KEYS, "mapTileUrl"].join(" and/or ")}.`);
  await writeSettings(services.db, changes);
  await recordAudit(services, {
    action: "admin.settings.update",
    actor: input.actor,
    detail: changes,
    ip: input.client.ip,
  });
  return readSettings(services.db);
}

/**
 * A map tile or style URL as the admin typed it, checked: http(s), at most 500 characters, and
 * either a style (ends in .json, query allowed) or a tile template with {z}, {x} and {y}. Empty
 * or null turns street detail off.
 */
export function checkMapTileUrl(value: unknown): string | null {
  if (value === null || value === "") return null;
  const text = typeof value === "string" ? value.trim() : "";
  let url: URL | null = null;
  try {
    url = new URL(text.replaceAll("{", "%7B").replaceAll("}", "%7D"));
  } catch {
    url = null;
  }
  const isTemplate = ["{z}", "{x}", "{y}"].every((part) => text.includes(part));
  const isStyle = url !== null && url.pathname.endsWith(".json");
  if (!url || text.length > 500 || !/^https?:$/.test(url.protocol) || !(isTemplate || isStyle))
    throw badRequest(
      "invalid_setting",
      "mapTileUrl is an http(s) MapLibre style URL ending in .json, or a tile URL with {z}, {x} and {y}.",
    );
  return text;
}

/** The origin the Places map may load street detail from; null while the map is offline. */
export async function mapTileOrigin(services: Services): Promise<string | null> {
  const { mapTileUrl } = await readSettings(services.db);
  return mapTileUrl ? new URL(mapTileUrl.replaceAll("{", "%7B").replaceAll("}", "%7D")).origin : null;
}
