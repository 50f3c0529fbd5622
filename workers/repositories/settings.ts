/** Household settings (admin page): typed, with defaults for keys never saved. */
import { sql } from "drizzle-orm";
import type { AdminSettings } from "@hearth/contract";
import { schema, type Database } from "./database";

const { settings } = schema;

export const DEFAULT_SETTINGS: AdminSettings = { registrationOpen: false, requireTwoFactor: false, mapTileUrl: null };

export async function readSettings(db: Database): Promise<AdminSettings> {
  const rows = await db.select().from(settings);
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return {
    registrationOpen:
      typeof stored.registrationOpen === "boolean" ? stored.registrationOpen : DEFAULT_SETTINGS.registrationOpen,
    requireTwoFactor:
      typeof stored.requireTwoFactor === "boolean" ? stored.requireTwoFactor : DEFAULT_SETTINGS.requireTwoFactor,
    mapTileUrl: typeof stored.mapTileUrl === "string" ? stored.mapTileUrl : DEFAULT_SETTINGS.mapTileUrl,
  };
}

export async function writeSettings(db: Database, changes: Partial<AdminSettings>): Promise<void> {
  for (const [key, value] of Object.entries(changes)) {
    await db
      .insert(settings)
      .values({ key, value: JSON.stringify(value) })
      .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value` } });
  }
}
