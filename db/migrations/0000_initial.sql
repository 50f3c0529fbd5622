CREATE TABLE `blobs` (
	`id` text PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`mime` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `blobs_key_unique` ON `blobs` (`key`);--> statement-breakpoint
CREATE INDEX `blobs_sha256_idx` ON `blobs` (`sha256`);--> statement-breakpoint
CREATE TABLE `files` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`parent_id` text,
	`parent_key` text GENERATED ALWAYS AS (ifnull(parent_id, '')) VIRTUAL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`size` integer DEFAULT 0 NOT NULL,
	`mime` text,
	`blob_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`trashed_at` integer,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`blob_id`) REFERENCES `blobs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `files_owner_parent_idx` ON `files` (`owner_id`,`parent_id`,`trashed_at`);--> statement-breakpoint
CREATE INDEX `files_blob_idx` ON `files` (`blob_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `files_live_name_unique` ON `files` (`owner_id`,`parent_key`,lower("name")) WHERE "files"."trashed_at" is null;--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`user_agent` text,
	`ip` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text DEFAULT 'member' NOT NULL,
	`quota_bytes` integer,
	`created_at` integer NOT NULL,
	`disabled_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);