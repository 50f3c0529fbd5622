/**
 * Hearth's metadata schema (drizzle, SQLite dialect for libSQL). Times are integer milliseconds
 * since the epoch. Migrations in db/migrations are generated from this file by drizzle-kit
 * (`npm run db:generate`) and committed; never edit an applied migration.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    /** Stored lower-cased; the login form compares against the lower-cased input. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["admin", "member"] })
      .notNull()
      .default("member"),
    quotaBytes: integer("quota_bytes"),
    /**
     * Sum of the sizes of the user's files, trash included, each file counted (a copy or a
     * duplicate too). Kept by triggers on `files` (migration 0005), which also refuse an insert
     * that would pass `quota_bytes`: the quota holds however many uploads race.
     */
    usedBytes: integer("used_bytes").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    disabledAt: integer("disabled_at"),
    passwordChangedAt: integer("password_changed_at"),
    /** Base32 TOTP secret once two-factor sign-in is on. */
    totpSecret: text("totp_secret"),
    /** A secret shown for scanning but not yet confirmed with a code. */
    totpPendingSecret: text("totp_pending_secret"),
    totpEnabledAt: integer("totp_enabled_at"),
    /** The 30-second step of the last accepted code: a code is accepted once, never replayed. */
    totpLastStep: integer("totp_last_step"),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 (hex) of the cookie token: a leaked database does not leak live sessions. */
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    userAgent: text("user_agent"),
    ip: text("ip"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Bytes in the blob store. Keys are immutable; many files may point at one blob. */
export const blobs = sqliteTable(
  "blobs",
  {
    id: text("id").primaryKey(),
    key: text("key").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    mime: text("mime"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("blobs_key_unique").on(t.key), index("blobs_sha256_idx").on(t.sha256)],
);

/** Folders and files in one tree per owner; `parent_id` null is the owner's root. */
export const files = sqliteTable(
  "files",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    parentId: text("parent_id"),
    /** `parent_id` with root as '' so the unique name index also covers the root folder. */
    parentKey: text("parent_key").generatedAlwaysAs(sql`ifnull(parent_id, '')`, { mode: "virtual" }),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["file", "folder"] }).notNull(),
    size: integer("size").notNull().default(0),
    mime: text("mime"),
    blobId: text("blob_id").references(() => blobs.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /** Soft delete: set when moved to the trash, on the item and everything inside it. */
    trashedAt: integer("trashed_at"),
    /** The item the user put in the trash that took this one with it (itself for that item). */
    trashedWith: text("trashed_with"),
    /** Where the trashed item was, as JSON [{id, name}] from the top: to restore it even if its folders are gone. */
    trashedFrom: text("trashed_from"),
    starredAt: integer("starred_at"),
    /**
     * Where a photo or video sits on the timeline: the date it was taken (EXIF) when known, else
     * the file's date. Null for everything that is not an image or video. Kept by triggers (see
     * migration 0007_photos_timeline), so every path that adds, moves or processes a file keeps it right.
     */
    sortAt: integer("sort_at"),
    /** Set when the owner archived the photo: it stays in Drive but leaves the Photos timeline. */
    archivedAt: integer("archived_at"),
  },
  (t) => [
    index("files_owner_parent_idx").on(t.ownerId, t.parentId, t.trashedAt),
    index("files_blob_idx").on(t.blobId),
    index("files_trashed_with_idx").on(t.trashedWith),
    index("files_owner_updated_idx").on(t.ownerId, t.updatedAt),
    // One live item per name in a folder (case-insensitive, as on the desktops families use).
    uniqueIndex("files_live_name_unique")
      .on(t.ownerId, t.parentKey, sql`lower(${t.name})`)
      .where(sql`${t.trashedAt} is null`),
    // A folder's page in each listing order (folders first, then files): read in order from these
    // indexes, so the first screen of a 20,000-photo folder needs no sort of the whole folder.
    index("files_children_name_idx")
      .on(t.ownerId, t.parentKey, t.kind, sql`lower(${t.name})`, t.id)
      .where(sql`${t.trashedAt} is null`),
    index("files_children_modified_idx")
      .on(t.ownerId, t.parentKey, t.kind, t.updatedAt, t.id)
      .where(sql`${t.trashedAt} is null`),
    index("files_children_size_idx")
      .on(t.ownerId, t.parentKey, t.kind, t.size, t.id)
      .where(sql`${t.trashedAt} is null`),
    // The Photos timeline, newest first, paged by (sort_at, id): a backward scan of this index.
    index("files_photos_timeline_idx")
      .on(t.ownerId, t.sortAt, t.id)
      .where(
        sql`${t.trashedAt} is null and ${t.kind} = 'file' and ${t.sortAt} is not null and ${t.archivedAt} is null`,
      ),
    // A folder's timeline photos by date: what a partner share limited to folders reads, one range
    // per folder of the chosen subtrees (repositories/partners.ts), never the whole library.
    index("files_photos_folder_idx")
      .on(t.parentId, t.sortAt, t.id)
      .where(
        sql`${t.trashedAt} is null and ${t.kind} = 'file' and ${t.sortAt} is not null and ${t.archivedAt} is null`,
      ),
    index("files_photos_archive_idx")
      .on(t.ownerId, t.sortAt, t.id)
      .where(
        sql`${t.trashedAt} is null and ${t.kind} = 'file' and ${t.sortAt} is not null and ${t.archivedAt} is not null`,
      ),
  ],
);

/**
 * How many photos and videos each owner's timeline has per month ("2024-07", UTC), so the
 * scrubber's month list is one small read at any library size. Maintained by triggers on
 * `files` (migration 0007_photos_timeline) in the same statement as the change.
 */
export const photoMonths = sqliteTable(
  "photo_months",
  {
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    month: text("month").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.month] })],
);

/**
 * How many timeline photos (live, not archived) each folder holds directly, per month: a partner
 * share limited to folders sums these over the chosen subtrees for its month list and to bound its
 * page reads. Kept by triggers on `files` (migration 0013_partners), like photo_months.
 */
export const photoFolderMonths = sqliteTable(
  "photo_folder_months",
  {
    folderId: text("folder_id").notNull(),
    month: text("month").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.folderId, t.month] })],
);

/**
 * Partner sharing: the owner shares their Photos library with another household member, from a
 * date (`from_at`, ms; null: everything) and, when `limited_to_folders`, only the photos in the
 * folders of partner_share_folders and below (none left: nothing is shared). Trashed and archived
 * photos are never shared. The partner chooses whether the photos join their own timeline. Rows go
 * with either account (trigger in migration 0013_partners).
 */
export const partnerShares = sqliteTable(
  "partner_shares",
  {
    ownerId: text("owner_id").notNull(),
    partnerId: text("partner_id").notNull(),
    fromAt: integer("from_at"),
    limitedToFolders: integer("limited_to_folders", { mode: "boolean" }).notNull().default(false),
    /** The partner's choice: show these photos in their own timeline (marked as the owner's). */
    showInTimeline: integer("show_in_timeline", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.partnerId] }), index("partner_shares_partner_idx").on(t.partnerId)],
);

/** The folders a partner share is limited to (their subfolders included); a purged folder leaves (trigger). */
export const partnerShareFolders = sqliteTable(
  "partner_share_folders",
  {
    ownerId: text("owner_id").notNull(),
    partnerId: text("partner_id").notNull(),
    folderId: text("folder_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ownerId, t.partnerId, t.folderId] }),
    index("partner_share_folders_folder_idx").on(t.folderId),
  ],
);

/**
 * One row per photo or video on a Photos timeline (live, not archived): its search key and map
 * position. Kept by triggers on files and media (migration 0012_places), never written by code.
 * `key` orders the photo newest first like the timeline (date taken in seconds, then the file's
 * rowid) and is the rowid of its document in the FTS5 table `photo_search`, so a search streams
 * matches newest first and stops after a page instead of sorting every match.
 */
export const photoSearchKeys = sqliteTable(
  "photo_search_keys",
  {
    fileId: text("file_id").primaryKey(),
    key: integer("key").notNull(),
    ownerId: text("owner_id").notNull(),
    mapX: integer("map_x"),
    mapY: integer("map_y"),
    latitude: real("latitude"),
    longitude: real("longitude"),
  },
  (t) => [uniqueIndex("photo_search_keys_key_unique").on(t.key)],
);

/**
 * The map's clusters, counted ahead: how many timeline photos of an owner fall in each Web Mercator
 * tile at the zoom levels MAP_CLUSTER_LEVELS, with the sums of their positions (a cluster is drawn
 * at its photos' centroid). Kept by triggers on photo_search_keys, so a map request reads only the
 * cells in view, whatever the library's size.
 */
export const photoMapCells = sqliteTable(
  "photo_map_cells",
  {
    ownerId: text("owner_id").notNull(),
    level: integer("level").notNull(),
    x: integer("x").notNull(),
    y: integer("y").notNull(),
    count: integer("count").notNull(),
    latitudeSum: real("latitude_sum").notNull(),
    longitudeSum: real("longitude_sum").notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.level, t.x, t.y] })],
);

/** What the media process learned about a blob's content (shared by every file that uses it). */
export const media = sqliteTable(
  "media",
  {
    blobId: text("blob_id")
      .primaryKey()
      .references(() => blobs.id, { onDelete: "cascade" }),
    takenAt: integer("taken_at"),
    cameraMake: text("camera_make"),
    cameraModel: text("camera_model"),
    lens: text("lens"),
    latitude: real("latitude"),
    longitude: real("longitude"),
    /**
     * The town the GPS position is in, by offline reverse geocoding (GeoNames) in the media process:
     * "Lisbon", its first-level region ("Lisbon", "Bavaria"; null when GeoNames has none), the country
     * in English and its ISO code. All null without GPS, or far from any town of 1,000 people.
     */
    placeCity: text("place_city"),
    placeRegion: text("place_region"),
    placeCountry: text("place_country"),
    placeCountryCode: text("place_country_code"),
    /**
     * The GPS position's Web Mercator tile at zoom 18 (contract MAP_TILE_ZOOM), from which the map's
     * clusters at every coarser zoom follow by shifting bits. Set together with place_id, so a row
     * with GPS and a null map_x is one the place backfill has not reached yet.
     */
    mapX: integer("map_x"),
    mapY: integer("map_y"),
    width: integer("width"),
    height: integer("height"),
    durationSeconds: real("duration_seconds"),
    /**
     * The tile's placeholder until its thumbnail arrives: a ThumbHash (base64, ~25 bytes, a blurred
     * miniature with the photo's aspect ratio) and its average colour ("#rrggbb") for where a
     * ThumbHash cannot be drawn. Both null until the media process has made the thumbnails.
     */
    thumbhash: text("thumbhash"),
    placeholderColour: text("placeholder_colour"),
    /** Comma-separated thumbnail sizes that exist in the blob store, e.g. "240,720". */
    thumbnails: text("thumbnails").notNull().default(""),
    /**
     * True once a video's 720p H.264 preview (lib/blob-keys.ts previewKey) is in the blob store: made
     * for videos a browser cannot play directly or whose bitrate is too high to stream well.
     */
    videoPreview: integer("video_preview", { mode: "boolean" }).notNull().default(false),
    /**
     * Where processing stands: pending (queued), processing, ready, failed (damaged, or a fault
     * worth another try) or unsupported (a format or size this Hearth cannot process). A row is
     * made when the job is queued, so a waiting photo and a failed one can be told apart.
     */
    state: text("state", { enum: ["pending", "processing", "ready", "failed", "unsupported"] })
      .notNull()
      .default("ready"),
    /** Why processing failed or is unsupported, in words for the owner; null otherwise. */
    stateReason: text("state_reason"),
    updatedAt: integer("updated_at").notNull(),
  },
  // The place backfill's backlog: photos with GPS that no one has named yet (small once it is done).
  (t) => [
    index("media_place_backlog_idx")
      .on(t.blobId)
      .where(sql`${t.latitude} is not null and ${t.mapX} is null`),
  ],
);

/**
 * Durable work queue for the media processes. A job is claimed by setting `state = 'running'`
 * with a lease (`locked_until`); a lease that runs out (a crashed process) makes it claimable
 * again, and `attempts` stops a poison file from being retried for ever.
 */
export const jobs = sqliteTable(
  "jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ["image", "video"] }).notNull(),
    blobId: text("blob_id")
      .notNull()
      .references(() => blobs.id, { onDelete: "cascade" }),
    /** The file whose upload queued the job; its owner is told about progress. */
    fileId: text("file_id").notNull(),
    ownerId: text("owner_id").notNull(),
    state: text("state", { enum: ["queued", "running", "done", "failed"] })
      .notNull()
      .default("queued"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(3),
    lastError: text("last_error"),
    runAfter: integer("run_after").notNull(),
    lockedBy: text("locked_by"),
    lockedUntil: integer("locked_until"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("jobs_claim_idx").on(t.state, t.runAfter), index("jobs_blob_idx").on(t.blobId)],
);

/** One-time recovery codes for two-factor sign-in; only hashes are kept. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

/** Invitation links; only a hash of the token is stored. */
export const invites = sqliteTable(
  "invites",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull(),
    email: text("email"),
    role: text("role", { enum: ["admin", "member"] })
      .notNull()
      .default("member"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    usedBy: text("used_by"),
  },
  (t) => [uniqueIndex("invites_token_unique").on(t.tokenHash)],
);

/** Household-wide settings the admin changes, as key → JSON value. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** Who did what, from where, when. Append-only. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    action: text("action").notNull(),
    success: integer("success", { mode: "boolean" }).notNull(),
    actorId: text("actor_id"),
    actorEmail: text("actor_email"),
    ip: text("ip"),
    targetType: text("target_type"),
    targetId: text("target_id"),
    detail: text("detail"),
  },
  (t) => [index("audit_actor_idx").on(t.actorId, t.id), index("audit_action_idx").on(t.action, t.id)],
);

/** Failed sign-ins per account and per address, for growing delays. */
export const loginThrottle = sqliteTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  lastFailureAt: integer("last_failure_at").notNull(),
  blockedUntil: integer("blocked_until").notNull(),
});

/** A password that was right, waiting for its second factor. */
export const loginChallenges = sqliteTable("login_challenges", {
  id: text("id").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expiresAt: integer("expires_at").notNull(),
  attempts: integer("attempts").notNull().default(0),
});

/** Share links to a file or folder. The token is kept (not only a hash) so the owner can copy the link again. */
export const shares = sqliteTable(
  "shares",
  {
    id: text("id").primaryKey(),
    token: text("token").notNull(),
    /** The shared file or folder; null for an album link or a link to a selection of photos. */
    fileId: text("file_id").references(() => files.id, { onDelete: "cascade" }),
    /** The shared album (links made with `albumId`); null otherwise. */
    albumId: text("album_id"),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at"),
    passwordHash: text("password_hash"),
    allowDownload: integer("allow_download", { mode: "boolean" }).notNull().default(true),
    opens: integer("opens").notNull().default(0),
  },
  (t) => [
    uniqueIndex("shares_token_unique").on(t.token),
    index("shares_file_idx").on(t.fileId),
    index("shares_album_idx").on(t.albumId),
  ],
);

/**
 * The photos of a link to a selection (a share with neither file nor album). Rows go with the
 * share and with the file (triggers in migration 0011_albums), so a purged photo leaves every link.
 */
export const shareFiles = sqliteTable(
  "share_files",
  {
    shareId: text("share_id").notNull(),
    fileId: text("file_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.shareId, t.fileId] }), index("share_files_file_idx").on(t.fileId)],
);

/**
 * Albums: a named set of photos and videos, owned by one user and shared with household members
 * (album_members). Deleting an album never deletes its photos. Rows of an album go with it, and
 * an account's albums go with the account (triggers in migration 0011_albums).
 */
export const albums = sqliteTable(
  "albums",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").notNull(),
    name: text("name").notNull(),
    /** The photo on the album's card; null (or a photo no longer in it) means its newest photo. */
    coverFileId: text("cover_file_id"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("albums_owner_idx").on(t.ownerId, t.updatedAt)],
);

/**
 * A photo in an album, and who put it there. A photo may be in many albums; a purged file leaves
 * them all (trigger), a trashed one is hidden (queries join live files) and comes back on restore.
 */
export const albumItems = sqliteTable(
  "album_items",
  {
    albumId: text("album_id").notNull(),
    fileId: text("file_id").notNull(),
    addedBy: text("added_by").notNull(),
    addedAt: integer("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.albumId, t.fileId] }), index("album_items_file_idx").on(t.fileId)],
);

/** Household members an album is shared with: viewers see it, contributors also add their own photos. */
export const albumMembers = sqliteTable(
  "album_members",
  {
    albumId: text("album_id").notNull(),
    userId: text("user_id").notNull(),
    role: text("role", { enum: ["viewer", "contributor"] }).notNull(),
    addedAt: integer("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.albumId, t.userId] }), index("album_members_user_idx").on(t.userId)],
);

/**
 * Resumable (tus) uploads in progress. Bytes go to a multipart upload in the blob store; `offset`
 * counts the bytes of the parts stored so far, so a restart resumes exactly there.
 */
export const uploads = sqliteTable(
  "uploads",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    parentId: text("parent_id"),
    name: text("name").notNull(),
    mime: text("mime"),
    /** Null while the client defers the length (Upload-Defer-Length). */
    length: integer("length"),
    offset: integer("offset").notNull().default(0),
    blobKey: text("blob_key").notNull(),
    multipartId: text("multipart_id").notNull(),
    /** JSON [{partNumber, etag, size}] of the parts stored so far. */
    parts: text("parts").notNull().default("[]"),
    /** JSON of the Upload-Metadata the client sent. */
    metadata: text("metadata").notNull().default("{}"),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    /** Set once the upload became a file. */
    fileId: text("file_id"),
  },
  (t) => [index("uploads_owner_idx").on(t.ownerId), index("uploads_expires_idx").on(t.expiresAt)],
);

/**
 * Named passwords for WebDAV clients (which cannot do two-factor). Only the SHA-256 of the random
 * token is kept; the token itself is shown once. Revoking deletes the row, so it stops at once.
 */
export const appPasswords = sqliteTable(
  "app_passwords",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** SHA-256 (hex) of the password. */
    tokenHash: text("token_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at"),
    /** The User-Agent of the last client that used it (e.g. "rclone/v1.60"). */
    lastUsedClient: text("last_used_client"),
    lastUsedIp: text("last_used_ip"),
  },
  (t) => [uniqueIndex("app_passwords_token_unique").on(t.tokenHash), index("app_passwords_user_idx").on(t.userId)],
);

/** WebDAV dead properties a client set with PROPPATCH (Finder and Windows store a few). */
export const davProperties = sqliteTable(
  "dav_properties",
  {
    fileId: text("file_id")
      .notNull()
      .references(() => files.id, { onDelete: "cascade" }),
    /** `{namespace}localname`, as Clark notation. */
    name: text("name").notNull(),
    /** The property's XML value (its children), as the client sent it. */
    value: text("value").notNull(),
  },
  (t) => [uniqueIndex("dav_properties_unique").on(t.fileId, t.name)],
);

/**
 * WebDAV locks, in the database so every isolate sees them. A lock is on a path (lower-cased,
 * names compare case-insensitively), as RFC 4918 locks URLs, not the items they map to.
 */
export const davLocks = sqliteTable(
  "dav_locks",
  {
    token: text("token").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    /** "0" or "infinity". */
    depth: text("depth").notNull(),
    scope: text("scope", { enum: ["exclusive", "shared"] }).notNull(),
    /** The client's <owner> element, as XML. */
    lockOwner: text("lock_owner"),
    timeoutSeconds: integer("timeout_seconds").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("dav_locks_owner_path_idx").on(t.ownerId, t.path)],
);

/**
 * Events for the other edges. When several Hearth edges share this database (several boxes, one
 * household), each user's UserEvents Durable Object lives in every edge; an event raised on one
 * edge is delivered there at once and also written here, and every other edge's supervisor reads
 * the rows it did not write and hands them to its own edge (supervisor/src/events-relay.ts).
 * Rows are pruned after a few minutes: a tab that reconnects re-reads state from the API anyway.
 */
export const eventsOutbox = sqliteTable(
  "events_outbox",
  {
    // AUTOINCREMENT: ids never go back after pruning, so "rows after N" never skips one.
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id").notNull(),
    /** The NODE_NAME of the Hearth that raised it (its own edge already delivered it). */
    origin: text("origin").notNull(),
    /** The HearthEvent, as JSON. */
    event: text("event").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("events_outbox_created_idx").on(t.createdAt)],
);
