CREATE TABLE `shares` (
	`id` text PRIMARY KEY NOT NULL,
	`token` text NOT NULL,
	`file_id` text NOT NULL,
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
CREATE UNIQUE INDEX `shares_token_unique` ON `shares` (`token`);--> statement-breakpoint
CREATE INDEX `shares_file_idx` ON `shares` (`file_id`);--> statement-breakpoint
CREATE TABLE `uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`parent_id` text,
	`name` text NOT NULL,
	`mime` text,
	`length` integer,
	`offset` integer DEFAULT 0 NOT NULL,
	`blob_key` text NOT NULL,
	`multipart_id` text NOT NULL,
	`parts` text DEFAULT '[]' NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`file_id` text,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `uploads_owner_idx` ON `uploads` (`owner_id`);--> statement-breakpoint
CREATE INDEX `uploads_expires_idx` ON `uploads` (`expires_at`);--> statement-breakpoint
ALTER TABLE `files` ADD `trashed_with` text;--> statement-breakpoint
ALTER TABLE `files` ADD `trashed_from` text;--> statement-breakpoint
ALTER TABLE `files` ADD `starred_at` integer;--> statement-breakpoint
CREATE INDEX `files_trashed_with_idx` ON `files` (`trashed_with`);--> statement-breakpoint
CREATE INDEX `files_owner_updated_idx` ON `files` (`owner_id`,`updated_at`);