CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`blob_id` text NOT NULL,
	`file_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 3 NOT NULL,
	`last_error` text,
	`run_after` integer NOT NULL,
	`locked_by` text,
	`locked_until` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`blob_id`) REFERENCES `blobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `jobs_claim_idx` ON `jobs` (`state`,`run_after`);--> statement-breakpoint
CREATE INDEX `jobs_blob_idx` ON `jobs` (`blob_id`);--> statement-breakpoint
CREATE TABLE `media` (
	`blob_id` text PRIMARY KEY NOT NULL,
	`taken_at` integer,
	`camera_make` text,
	`camera_model` text,
	`lens` text,
	`latitude` real,
	`longitude` real,
	`width` integer,
	`height` integer,
	`duration_seconds` real,
	`thumbnails` text DEFAULT '' NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`blob_id`) REFERENCES `blobs`(`id`) ON UPDATE no action ON DELETE cascade
);
