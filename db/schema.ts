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

/** What the media process learned about a blob's content (shared by every file that uses it). */
export const media = sqliteTable("media", {
  blobId: text("blob_id")
    .primaryKey()
    .references(() => blobs.id, { onDelete: "cascade" }),
  takenAt: integer("taken_at"),
  cameraMake: text("camera_make"),
  cameraModel: text("camera_model"),
  lens: text("lens"),
  latitude: real("latitude"),
  longitude: real("longitude"),
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
});

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
    fileId: text("file_id")
      .notNull()
      .references(() => files.id, { onDelete: "cascade" }),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at"),
    passwordHash: text("password_hash"),
    allowDownload: integer("allow_download", { mode: "boolean" }).notNull().default(true),
    opens: integer("opens").notNull().default(0),
  },
  (t) => [uniqueIndex("shares_token_unique").on(t.token), index("shares_file_idx").on(t.fileId)],
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
