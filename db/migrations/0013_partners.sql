CREATE TABLE `partner_share_folders` (
	`owner_id` text NOT NULL,
	`partner_id` text NOT NULL,
	`folder_id` text NOT NULL,
	PRIMARY KEY(`owner_id`, `partner_id`, `folder_id`)
);
--> statement-breakpoint
CREATE INDEX `partner_share_folders_folder_idx` ON `partner_share_folders` (`folder_id`);--> statement-breakpoint
CREATE TABLE `partner_shares` (
	`owner_id` text NOT NULL,
	`partner_id` text NOT NULL,
	`from_at` integer,
	`limited_to_folders` integer DEFAULT false NOT NULL,
	`show_in_timeline` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`owner_id`, `partner_id`)
);
--> statement-breakpoint
CREATE INDEX `partner_shares_partner_idx` ON `partner_shares` (`partner_id`);--> statement-breakpoint
CREATE TABLE `photo_folder_months` (
	`folder_id` text NOT NULL,
	`month` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`folder_id`, `month`)
);
--> statement-breakpoint
CREATE INDEX `files_photos_folder_idx` ON `files` (`parent_id`,`sort_at`,`id`) WHERE "files"."trashed_at" is null and "files"."kind" = 'file' and "files"."sort_at" is not null and "files"."archived_at" is null;--> statement-breakpoint
-- Backfill: every folder's timeline photos per month.
INSERT INTO `photo_folder_months` (`folder_id`, `month`, `count`)
SELECT `parent_id`, strftime('%Y-%m', `sort_at` / 1000, 'unixepoch'), count(*) FROM `files`
WHERE `parent_id` IS NOT NULL AND `trashed_at` IS NULL AND `kind` = 'file' AND `sort_at` IS NOT NULL AND `archived_at` IS NULL
GROUP BY 1, 2;
--> statement-breakpoint
-- The folder month counts follow every change as photo_months does (0007): upload, copy, move,
-- trash, restore, purge, archive, the media process learning a date.
CREATE TRIGGER `files_photo_folder_months_on_insert` AFTER INSERT ON `files`
WHEN new.`kind` = 'file' AND new.`parent_id` IS NOT NULL AND new.`sort_at` IS NOT NULL AND new.`trashed_at` IS NULL AND new.`archived_at` IS NULL
BEGIN
  INSERT INTO `photo_folder_months` (`folder_id`, `month`, `count`)
  VALUES (new.`parent_id`, strftime('%Y-%m', new.`sort_at` / 1000, 'unixepoch'), 1)
  ON CONFLICT (`folder_id`, `month`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `files_photo_folder_months_on_update` AFTER UPDATE OF `sort_at`, `trashed_at`, `archived_at`, `parent_id`, `kind` ON `files`
WHEN old.`sort_at` IS NOT NULL OR new.`sort_at` IS NOT NULL
BEGIN
  INSERT INTO `photo_folder_months` (`folder_id`, `month`, `count`)
  SELECT old.`parent_id`, strftime('%Y-%m', old.`sort_at` / 1000, 'unixepoch'), -1
  WHERE old.`kind` = 'file' AND old.`parent_id` IS NOT NULL AND old.`sort_at` IS NOT NULL AND old.`trashed_at` IS NULL AND old.`archived_at` IS NULL
  ON CONFLICT (`folder_id`, `month`) DO UPDATE SET `count` = `count` - 1;
  INSERT INTO `photo_folder_months` (`folder_id`, `month`, `count`)
  SELECT new.`parent_id`, strftime('%Y-%m', new.`sort_at` / 1000, 'unixepoch'), 1
  WHERE new.`kind` = 'file' AND new.`parent_id` IS NOT NULL AND new.`sort_at` IS NOT NULL AND new.`trashed_at` IS NULL AND new.`archived_at` IS NULL
  ON CONFLICT (`folder_id`, `month`) DO UPDATE SET `count` = `count` + 1;
  DELETE FROM `photo_folder_months`
  WHERE `folder_id` = old.`parent_id` AND `month` = strftime('%Y-%m', old.`sort_at` / 1000, 'unixepoch') AND `count` <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `files_photo_folder_months_on_delete` AFTER DELETE ON `files`
WHEN old.`kind` = 'file' AND old.`parent_id` IS NOT NULL AND old.`sort_at` IS NOT NULL AND old.`trashed_at` IS NULL AND old.`archived_at` IS NULL
BEGIN
  UPDATE `photo_folder_months` SET `count` = `count` - 1
  WHERE `folder_id` = old.`parent_id` AND `month` = strftime('%Y-%m', old.`sort_at` / 1000, 'unixepoch');
  DELETE FROM `photo_folder_months`
  WHERE `folder_id` = old.`parent_id` AND `month` = strftime('%Y-%m', old.`sort_at` / 1000, 'unixepoch') AND `count` <= 0;
END;
--> statement-breakpoint
-- A folder deleted for good leaves every share limited to it (a share whose folders are all gone shares nothing).
CREATE TRIGGER `files_partner_share_folders_on_delete` AFTER DELETE ON `files`
WHEN old.`kind` = 'folder'
BEGIN
  DELETE FROM `partner_share_folders` WHERE `folder_id` = old.`id`;
END;
--> statement-breakpoint
-- A deleted account takes the partner shares it gave and those it received.
CREATE TRIGGER `users_deleted_partner_shares` AFTER DELETE ON `users` BEGIN
  DELETE FROM `partner_shares` WHERE `owner_id` = old.`id` OR `partner_id` = old.`id`;
  DELETE FROM `partner_share_folders` WHERE `owner_id` = old.`id` OR `partner_id` = old.`id`;
END;
