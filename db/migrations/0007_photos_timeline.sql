CREATE TABLE `photo_months` (
	`owner_id` text NOT NULL,
	`month` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`owner_id`, `month`),
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `files` ADD `sort_at` integer;--> statement-breakpoint
ALTER TABLE `files` ADD `archived_at` integer;--> statement-breakpoint
CREATE INDEX `files_photos_timeline_idx` ON `files` (`owner_id`,`sort_at`,`id`) WHERE "files"."trashed_at" is null and "files"."kind" = 'file' and "files"."sort_at" is not null and "files"."archived_at" is null;--> statement-breakpoint
CREATE INDEX `files_photos_archive_idx` ON `files` (`owner_id`,`sort_at`,`id`) WHERE "files"."trashed_at" is null and "files"."kind" = 'file' and "files"."sort_at" is not null and "files"."archived_at" is not null;--> statement-breakpoint
-- Backfill: every live image or video gets its timeline date (EXIF date taken, else the file's date).
UPDATE `files` SET `sort_at` = coalesce((SELECT `taken_at` FROM `media` WHERE `media`.`blob_id` = `files`.`blob_id`), `created_at`)
WHERE `kind` = 'file' AND (`mime` LIKE 'image/%' OR `mime` LIKE 'video/%');
--> statement-breakpoint
INSERT INTO `photo_months` (`owner_id`, `month`, `count`)
SELECT `owner_id`, strftime('%Y-%m', `sort_at` / 1000, 'unixepoch'), count(*) FROM `files`
WHERE `trashed_at` IS NULL AND `kind` = 'file' AND `sort_at` IS NOT NULL AND `archived_at` IS NULL
GROUP BY 1, 2;
--> statement-breakpoint
-- Triggers keep sort_at and the month counts right whichever code path changes a file (upload,
-- copy, trash, restore, purge, archive, a user's removal) or learns its date (the media process).
CREATE TRIGGER `files_photo_sort_at_on_insert` AFTER INSERT ON `files`
WHEN new.`kind` = 'file' AND new.`sort_at` IS NULL AND (new.`mime` LIKE 'image/%' OR new.`mime` LIKE 'video/%')
BEGIN
  UPDATE `files` SET `sort_at` = coalesce((SELECT `taken_at` FROM `media` WHERE `blob_id` = new.`blob_id`), new.`created_at`)
  WHERE `id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `files_photo_sort_at_on_content` AFTER UPDATE OF `blob_id`, `mime` ON `files`
WHEN new.`kind` = 'file'
BEGIN
  UPDATE `files` SET `sort_at` = CASE WHEN new.`mime` LIKE 'image/%' OR new.`mime` LIKE 'video/%'
    THEN coalesce((SELECT `taken_at` FROM `media` WHERE `blob_id` = new.`blob_id`), new.`created_at`) END
  WHERE `id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `media_photo_sort_at_on_insert` AFTER INSERT ON `media`
BEGIN
  UPDATE `files` SET `sort_at` = coalesce(new.`taken_at`, `created_at`)
  WHERE `blob_id` = new.`blob_id` AND `sort_at` IS NOT NULL AND `sort_at` IS NOT coalesce(new.`taken_at`, `created_at`);
END;
--> statement-breakpoint
CREATE TRIGGER `media_photo_sort_at_on_update` AFTER UPDATE OF `taken_at` ON `media`
BEGIN
  UPDATE `files` SET `sort_at` = coalesce(new.`taken_at`, `created_at`)
  WHERE `blob_id` = new.`blob_id` AND `sort_at` IS NOT NULL AND `sort_at` IS NOT coalesce(new.`taken_at`, `created_at`);
END;
--> statement-breakpoint
CREATE TRIGGER `files_photo_months_on_insert` AFTER INSERT ON `files`
WHEN new.`kind` = 'file' AND new.`sort_at` IS NOT NULL AND new.`trashed_at` IS NULL AND new.`archived_at` IS NULL
BEGIN
  INSERT INTO `photo_months` (`owner_id`, `month`, `count`)
  VALUES (new.`owner_id`, strftime('%Y-%m', new.`sort_at` / 1000, 'unixepoch'), 1)
  ON CONFLICT (`owner_id`, `month`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `files_photo_months_on_update` AFTER UPDATE OF `sort_at`, `trashed_at`, `archived_at`, `owner_id`, `kind` ON `files`
WHEN old.`sort_at` IS NOT NULL OR new.`sort_at` IS NOT NULL
BEGIN
  INSERT INTO `photo_months` (`owner_id`, `month`, `count`)
  SELECT old.`owner_id`, strftime('%Y-%m', old.`sort_at` / 1000, 'unixepoch'), -1
  WHERE old.`kind` = 'file' AND old.`sort_at` IS NOT NULL AND old.`trashed_at` IS NULL AND old.`archived_at` IS NULL
  ON CONFLICT (`owner_id`, `month`) DO UPDATE SET `count` = `count` - 1;
  INSERT INTO `photo_months` (`owner_id`, `month`, `count`)
  SELECT new.`owner_id`, strftime('%Y-%m', new.`sort_at` / 1000, 'unixepoch'), 1
  WHERE new.`kind` = 'file' AND new.`sort_at` IS NOT NULL AND new.`trashed_at` IS NULL AND new.`archived_at` IS NULL
  ON CONFLICT (`owner_id`, `month`) DO UPDATE SET `count` = `count` + 1;
  DELETE FROM `photo_months`
  WHERE `owner_id` = old.`owner_id` AND `month` = strftime('%Y-%m', old.`sort_at` / 1000, 'unixepoch') AND `count` <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `files_photo_months_on_delete` AFTER DELETE ON `files`
WHEN old.`kind` = 'file' AND old.`sort_at` IS NOT NULL AND old.`trashed_at` IS NULL AND old.`archived_at` IS NULL
BEGIN
  UPDATE `photo_months` SET `count` = `count` - 1
  WHERE `owner_id` = old.`owner_id` AND `month` = strftime('%Y-%m', old.`sort_at` / 1000, 'unixepoch');
  DELETE FROM `photo_months`
  WHERE `owner_id` = old.`owner_id` AND `month` = strftime('%Y-%m', old.`sort_at` / 1000, 'unixepoch') AND `count` <= 0;
END;
