/**
 * Photos seeded straight into a running Hearth's database as uploads and the media process leave
 * them (blob, file and media rows, thumbnails listed, a real ThumbHash), fast enough for a million:
 * SQLite makes the rows itself with INSERT ... SELECT over a recursive CTE. Used by the Photos
 * bench (1,000,000 photos), the big-folder bench and the big-folder test.
 */
import type { Client as DbClient } from "@libsql/client/web";

/** Photos per transaction: large enough that per-request costs vanish, well inside sqld's 5 s transaction limit on a busy machine. */
const CHUNK = 5_000;
/** Photos are spread over 15 years back from now. */
const SPAN_MS = 15 * 365 * 24 * 3600 * 1000;
/** Photos per folder unless the caller says otherwise. */
const FOLDER_SIZE = 10_000;

const pad = (n: number) => String(n).padStart(8, "0");

/** A real ThumbHash and its colour, so the rows (and the API's answers) are as big as processed photos'. */
const THUMBHASH = "1QcSHQRnh493V4dIh4eXh1h4kJUI";
const COLOUR = "#8a7f6b";

/**
 * The rows of photos [from, to) made by SQLite itself: a recursive CTE counts, and one
 * INSERT ... SELECT per table writes them, so no row crosses the wire and the statement is parsed
 * once per chunk instead of binding 20,000 parameters per 2,000 rows. The triggers run for every
 * row as they do for uploads (quota, used bytes, month counts).
 *
 * Rows are made in date-taken order (photo j is the j-th newest) with ids in that order, so the
 * timeline index and the primary keys grow at one end instead of taking random inserts all over a
 * million-row b-tree (what made seeding slow down as it went). The upload order is still scattered
 * across the dates: photo j was the i-th uploaded, i = j·7919 mod count (a permutation, 7919 being
 * a prime that divides no count of the form 2^a·5^b).
 */
function seedChunk(
  owner: string,
  from: number,
  to: number,
  count: number,
  now: number,
  folderSize: number,
  tag: string,
) {
  const range = `WITH RECURSIVE seq(j) AS (SELECT ${from} UNION ALL SELECT j + 1 FROM seq WHERE j + 1 < ${to}),
    photo(j, i) AS (SELECT j, (j * 7919) % ${count} FROM seq)`;
  const pad8 = (column: string) => `printf('%08d', ${column})`;
  // One photo in 20 has no EXIF date and sits at its upload time (so the newest month is a big one).
  const takenAt = `CASE WHEN i % 20 = 0 THEN NULL ELSE ${now} - CAST(j * ${SPAN_MS / count} AS INTEGER) END`;
  const uploadedAt = `${now} - (${count} - i) * 1000`;
  return [
    `${range} INSERT INTO blobs (id, key, size, sha256, mime, created_at)
      SELECT 'pb${tag}' || ${pad8("j")}, 'originals/pb${tag}' || ${pad8("j")}, 3000000 + j, 'sha${tag}' || ${pad8("j")}, 'image/jpeg', ${uploadedAt} FROM photo`,
    `${range} INSERT INTO media (blob_id, taken_at, camera_make, camera_model, width, height, thumbnails, thumbhash, placeholder_colour, updated_at)
      SELECT 'pb${tag}' || ${pad8("j")}, ${takenAt}, 'Hearth', 'Bench', CASE WHEN j % 3 = 0 THEN 3000 ELSE 4000 END,
        CASE WHEN j % 3 = 0 THEN 4000 ELSE 3000 END, '240,720', '${THUMBHASH}', '${COLOUR}', ${uploadedAt} FROM photo`,
    // The file rows with the sort_at the insert trigger would give them (taken, else uploaded),
    // which saves it a lookup per row.
    `${range} INSERT INTO files (id, owner_id, parent_id, name, kind, size, mime, blob_id, created_at, updated_at, sort_at)
      SELECT 'pf${tag}' || ${pad8("j")}, '${owner}', 'photofolder${tag}' || ${pad8(`j / ${folderSize}`)}, 'IMG_' || ${pad8("j")} || '.jpg',
        'file', 3000000 + j, 'image/jpeg', 'pb${tag}' || ${pad8("j")}, ${uploadedAt}, ${uploadedAt}, coalesce(${takenAt}, ${uploadedAt}) FROM photo`,
  ];
}

/**
 * sqld waits only 100 ms for the write lock; a timed checkpoint or the media pump can hold it
 * longer on a busy machine, and a chunk can outlast sqld's 5 s transaction limit there. A refused
 * batch wrote nothing, so it is simply sent again.
 */
async function withBusyRetry<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      // A transaction over sqld's time limit (a busy machine) was rolled back whole too.
      const code = (error as { code?: string }).code;
      if ((code !== "SQLITE_BUSY" && code !== "TRANSACTION_TIMEOUT") || attempt >= 30) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/**
 * Seeds `count` photos of `owner` (blob, media and file rows) in top-level folders "Camera 0",
 * "Camera 1"... of `folderSize` photos (ids `photofolder00000000`...; `tag` goes into every id and
 * folder name, so several seedings can share a database); resolves with how long it took.
 */
export async function seedPhotos(
  db: DbClient,
  owner: string,
  count: number,
  options: { folderSize?: number; tag?: string } = {},
): Promise<number> {
  const { folderSize = FOLDER_SIZE, tag = "" } = options;
  if (!/^[A-Za-z0-9_-]+$/.test(owner + tag)) throw new Error(`unexpected owner id ${owner} or tag ${tag}`);
  const started = performance.now();
  const now = Date.now();
  const folders: { sql: string; args: (string | number)[] }[] = [];
  for (let f = 0; f * folderSize < count; f++)
    folders.push({
      sql: "INSERT INTO files (id, owner_id, parent_id, name, kind, size, created_at, updated_at) VALUES (?, ?, NULL, ?, 'folder', 0, ?, ?)",
      args: [`photofolder${tag}${pad(f)}`, owner, `Camera ${tag}${f}`, now, now],
    });
  await withBusyRetry(() => db.batch(folders, "write"));
  for (let start = 0; start < count; start += CHUNK) {
    const end = Math.min(count, start + CHUNK);
    await withBusyRetry(() => db.batch(seedChunk(owner, start, end, count, now, folderSize, tag), "write"));
    if (end % 100_000 === 0 || end === count)
      console.log(
        `  seeded ${end.toLocaleString("en")} photos (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
  }
  return performance.now() - started;
}
