/**
 * The schema's migrations, for the Node-side `hearth` command (supervisor/) through core/host-tasks:
 * the runner and the reader of drizzle-kit's folder live in db/, and this is the one door to them.
 */
export { appliedMigrations, migrate, pendingMigrations, type Migration } from "@hearth/db/migrate";
export { readMigrations } from "@hearth/db/migrations-on-disk";
