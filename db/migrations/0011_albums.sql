CREATE TABLE `album_items` (
	`album_id` text NOT NULL,
	`file_id` text NOT NULL,
	`added_by` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`album_id`, `file_id`)
);
--> statement-breakpoint
CREATE INDEX `album_items_file_idx` ON `album_items` (`file_id`);--> statement-breakpoint
CREATE TABLE `album_members` (
	`album_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`album_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `album_members_user_idx` ON `album_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `albums` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`cover_file_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `albums_owner_idx` ON `albums` (`owner_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `share_files` (
	`share_id` text NOT NULL,
	`file_id` text NOT NULL,
	PRIMARY KEY(`share_id`, `file_id`)
);
--> statement-breakpoint
CREATE INDEX `share_files_file_idx` ON `share_files` (`file_id`);--> statement-breakpoint
-- Shares may now name an album or a selection instead of a file: file_id becomes nullable (a table rebuild).
CREATE TABLE `__new_shares` (
	`id` text PRIMARY KEY NOT NULL,
	`token` text NOT NULL,
	`file_id` text,
	`album_id` text,
	`owner_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	`password_hash` text,
	`allow_download` integer DEFAULT true NOT NULL,
	`opens` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_shares`("id", "token", "file_id", "album_id", "owner_id", "created_at", "expires_at", "password_hash", "allow_download", "opens") SELECT "id", "token", "file_id", NULL, "owner_id", "created_at", "expires_at", "password_hash", "allow_download", "opens" FROM `shares`;--> statement-breakpoint
DROP TABLE `shares`;--> statement-breakpoint
ALTER TABLE `__new_shares` RENAME TO `shares`;--> statement-breakpoint
CREATE UNIQUE INDEX `shares_token_unique` ON `shares` (`token`);--> statement-breakpoint
CREATE INDEX `shares_file_idx` ON `shares` (`file_id`);--> statement-breakpoint
CREATE INDEX `shares_album_idx` ON `shares` (`album_id`);--> statement-breakpoint
-- Purging a file (trash purge, delete forever, account deletion) takes it out of every album and
-- selection link, and off any album's cover. Trashing only hides it: queries join live files.
CREATE TRIGGER `album_items_file_deleted` AFTER DELETE ON `files` BEGIN
  DELETE FROM `album_items` WHERE `file_id` = old.`id`;
  DELETE FROM `share_files` WHERE `file_id` = old.`id`;
  UPDATE `albums` SET `cover_file_id` = NULL WHERE `cover_file_id` = old.`id`;
END;--> statement-breakpoint
-- Deleting an album (never its photos) deletes its items, its members and its links.
CREATE TRIGGER `albums_deleted` AFTER DELETE ON `albums` BEGIN
  DELETE FROM `album_items` WHERE `album_id` = old.`id`;
  DELETE FROM `album_members` WHERE `album_id` = old.`id`;
  DELETE FROM `shares` WHERE `album_id` = old.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `shares_deleted` AFTER DELETE ON `shares` BEGIN
  DELETE FROM `share_files` WHERE `share_id` = old.`id`;
END;--> statement-breakpoint
-- A deleted account takes its albums (and, through albums_deleted, their rows) and its memberships.
CREATE TRIGGER `users_deleted_albums` AFTER DELETE ON `users` BEGIN
  DELETE FROM `albums` WHERE `owner_id` = old.`id`;
  DELETE FROM `album_members` WHERE `user_id` = old.`id`;
END;
