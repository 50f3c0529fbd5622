CREATE TABLE `app_passwords` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`last_used_client` text,
	`last_used_ip` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `app_passwords_token_unique` ON `app_passwords` (`token_hash`);--> statement-breakpoint
CREATE INDEX `app_passwords_user_idx` ON `app_passwords` (`user_id`);--> statement-breakpoint
CREATE TABLE `dav_locks` (
	`token` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`path` text NOT NULL,
	`depth` text NOT NULL,
	`scope` text NOT NULL,
	`lock_owner` text,
	`timeout_seconds` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dav_locks_owner_path_idx` ON `dav_locks` (`owner_id`,`path`);--> statement-breakpoint
CREATE TABLE `dav_properties` (
	`file_id` text NOT NULL,
	`name` text NOT NULL,
	`value` text NOT NULL,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dav_properties_unique` ON `dav_properties` (`file_id`,`name`);