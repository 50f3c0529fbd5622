/**
 * The name-clash rule, the one place it is written. Names are unique per folder (case-insensitively)
 * among live items; when a create, upload, copy, rename, move or restore meets a taken name, the
 * user's choice (`onConflict`, from CONFLICT_MODES) decides:
 *  - `fail`: 409 `name_taken`, nothing changes;
 *  - `keepBoth`: the new item gets the first free `name (1).ext`, `name (2).ext`..., as Drive does;
 *  - `replace`: the item holding the name goes to the trash (the user's other tabs hear
 *    `file.trashed`) and the new one takes its name.
 * Repositories report a clash by throwing NameTaken (repositories/files.ts) from the write itself,
 * so two requests racing for one name cannot both win.
 */
import type { OnConflict } from "@hearth/contract";
import { conflict } from "../lib/errors";
import { numberedName } from "../lib/names";
import { findByName, NameTaken } from "../repositories/files";
import { markTrashed } from "../repositories/trash";
import type { Services } from "./services";

/** Where an item is going and the name it asks for. */
export interface Destination {
  ownerId: string;
  parentId: string | null;
  name: string;
}

/** How many numbered names are tried before giving up. */
const MAX_NUMBERED = 999;

export const nameTaken = (name: string) => conflict("name_taken", `“${name}” already exists in this folder.`);

/**
 * Runs `write(name)` (an insert or update that throws NameTaken on a clash) with the asked name,
 * resolving a clash as `onConflict` says. Resolves with what `write` returned.
 */
export async function withNameRule<T>(
  services: Services,
  destination: Destination,
  onConflict: OnConflict,
  write: (name: string) => Promise<T>,
): Promise<T> {
  const attempt = async (name: string): Promise<{ written: T } | undefined> => {
    try {
      return { written: await write(name) };
    } catch (error) {
      if (error instanceof NameTaken) return undefined;
      throw error;
    }
  };
  const first = await attempt(destination.name);
  if (first) return first.written;
  if (onConflict === "fail") throw nameTaken(destination.name);
  if (onConflict === "replace") {
    await trashHolderOfName(services, destination);
    const replaced = await attempt(destination.name);
    if (replaced) return replaced.written;
    // Someone took the name again meanwhile: keep both rather than trash a second item.
  }
  for (let n = 1; n <= MAX_NUMBERED; n++) {
    const numbered = await attempt(numberedName(destination.name, n));
    if (numbered) return numbered.written;
  }
  throw conflict("name_taken", `Too many items named like “${destination.name}” in this folder.`);
}

/** For a request that would waste work before meeting a clash (an upload's bytes): 409 now when `fail` will refuse. */
export async function assertNameAvailable(
  services: Services,
  destination: Destination,
  onConflict: OnConflict,
): Promise<void> {
  if (onConflict !== "fail") return;
  if (await findByName(services.db, destination.ownerId, destination.parentId, destination.name))
    throw nameTaken(destination.name);
}

async function trashHolderOfName(services: Services, destination: Destination): Promise<void> {
  const holder = await findByName(services.db, destination.ownerId, destination.parentId, destination.name);
  if (!holder) return;
  await markTrashed(services.db, holder, services.now());
  await services.events.publish(destination.ownerId, { type: "file.trashed", fileId: holder.id });
}
