CREATE TABLE `photo_map_cells` (
	`owner_id` text NOT NULL,
	`level` integer NOT NULL,
	`x` integer NOT NULL,
	`y` integer NOT NULL,
	`count` integer NOT NULL,
	`latitude_sum` real NOT NULL,
	`longitude_sum` real NOT NULL,
	PRIMARY KEY(`owner_id`, `level`, `x`, `y`)
);
--> statement-breakpoint
CREATE TABLE `photo_search_keys` (
	`file_id` text PRIMARY KEY NOT NULL,
	`key` integer NOT NULL,
	`owner_id` text NOT NULL,
	`map_x` integer,
	`map_y` integer,
	`latitude` real,
	`longitude` real
);
--> statement-breakpoint
CREATE UNIQUE INDEX `photo_search_keys_key_unique` ON `photo_search_keys` (`key`);--> statement-breakpoint
ALTER TABLE `media` ADD `place_city` text;--> statement-breakpoint
ALTER TABLE `media` ADD `place_region` text;--> statement-breakpoint
ALTER TABLE `media` ADD `place_country` text;--> statement-breakpoint
ALTER TABLE `media` ADD `place_country_code` text;--> statement-breakpoint
ALTER TABLE `media` ADD `map_x` integer;--> statement-breakpoint
ALTER TABLE `media` ADD `map_y` integer;--> statement-breakpoint
-- Search: one FTS5 document per timeline photo, its rowid the photo's key in photo_search_keys
-- (newest first), so "lisbon* AND y2019" streams matches newest first and stops after a page.
-- Columns: the owner ('u' || hex(owner_id): one token), the file name, the place ("Lisbon Lisbon
-- Portugal"), the camera ("Apple iPhone 12"), the date taken ("y2019 m07", UTC as the timeline's
-- months) and the map tiles it falls in at each cluster level ("t8x122y98 ..."), so a map cluster
-- opens as a search. Written only by the triggers below.
CREATE VIRTUAL TABLE `photo_search` USING fts5(
  `file_id` UNINDEXED, `owner`, `name`, `place`, `camera`, `taken`, `area`,
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `photo_search_keys_on_insert` AFTER INSERT ON `photo_search_keys`
BEGIN
  INSERT INTO `photo_search` (rowid, `file_id`, `owner`, `name`, `place`, `camera`, `taken`, `area`)
  SELECT new.`key`, f.`id`, 'u' || hex(f.`owner_id`), f.`name`,
    trim(coalesce(m.`place_city`, '') || ' ' || coalesce(m.`place_region`, '') || ' ' || coalesce(m.`place_country`, '')),
    trim(coalesce(m.`camera_make`, '') || ' ' || coalesce(m.`camera_model`, '')),
    'y' || strftime('%Y', f.`sort_at` / 1000, 'unixepoch') || ' m' || strftime('%m', f.`sort_at` / 1000, 'unixepoch'),
    CASE WHEN new.`map_x` IS NULL THEN '' ELSE 't2x' || (new.`map_x` >> 16) || 'y' || (new.`map_y` >> 16) || ' ' || 't4x' || (new.`map_x` >> 14) || 'y' || (new.`map_y` >> 14) || ' ' || 't6x' || (new.`map_x` >> 12) || 'y' || (new.`map_y` >> 12) || ' ' || 't8x' || (new.`map_x` >> 10) || 'y' || (new.`map_y` >> 10) || ' ' || 't10x' || (new.`map_x` >> 8) || 'y' || (new.`map_y` >> 8) || ' ' || 't12x' || (new.`map_x` >> 6) || 'y' || (new.`map_y` >> 6) || ' ' || 't14x' || (new.`map_x` >> 4) || 'y' || (new.`map_y` >> 4) || ' ' || 't16x' || (new.`map_x` >> 2) || 'y' || (new.`map_y` >> 2) || ' ' || 't18x' || (new.`map_x` >> 0) || 'y' || (new.`map_y` >> 0) END
  FROM `files` f LEFT JOIN `media` m ON m.`blob_id` = f.`blob_id`
  WHERE f.`id` = new.`file_id`;
  INSERT INTO `photo_map_cells` (`owner_id`, `level`, `x`, `y`, `count`, `latitude_sum`, `longitude_sum`)
  SELECT new.`owner_id`, l.`level`, new.`map_x` >> (18 - l.`level`), new.`map_y` >> (18 - l.`level`), 1, new.`latitude`, new.`longitude`
  FROM (SELECT 2 AS `level` UNION ALL SELECT 4 AS `level` UNION ALL SELECT 6 AS `level` UNION ALL SELECT 8 AS `level` UNION ALL SELECT 10 AS `level` UNION ALL SELECT 12 AS `level` UNION ALL SELECT 14 AS `level` UNION ALL SELECT 16 AS `level` UNION ALL SELECT 18 AS `level`) l WHERE new.`map_x` IS NOT NULL
  ON CONFLICT (`owner_id`, `level`, `x`, `y`) DO UPDATE SET `count` = `count` + 1,
    `latitude_sum` = `latitude_sum` + excluded.`latitude_sum`, `longitude_sum` = `longitude_sum` + excluded.`longitude_sum`;
END;
--> statement-breakpoint
CREATE TRIGGER `photo_search_keys_on_delete` AFTER DELETE ON `photo_search_keys`
BEGIN
  DELETE FROM `photo_search` WHERE rowid = old.`key`;
  UPDATE `photo_map_cells` SET `count` = `count` - 1, `latitude_sum` = `latitude_sum` - old.`latitude`,
    `longitude_sum` = `longitude_sum` - old.`longitude` WHERE `owner_id` = old.`owner_id` AND `level` = 2 AND `x` = old.`map_x` >> 16 AND `y` = old.`map_y` >> 16;
  DELETE FROM `photo_map_cells` WHERE `owner_id` = old.`owner_id` AND `level` = 2 AND `x` = old.`map_x` >> 16 AND `y` = old.`map_y` >> 16 AND `count` <= 0;
  UPDATE `photo_map_cells` SET `count` = `count` - 1, `latitude_sum` = `latitude_sum` - old.`latitude`,
    `longitude_sum` = `longitude_sum` - old.`longitude` WHERE `owner_id` = old.`owner_id` AND `level` = 4 AND `x` = old.`map_x` >> 14 AND `y` = old.`map_y` >> 14;
  DELETE FROM `photo_map_cells` WHERE `owner_id` = old.`owner_id` AND `level` = 4 AND `x` = old.`map_x` >> 14 AND `y` = old.`map_y` >> 14 AND `count` <= 0;
  UPDATE `photo_map_cells` SET `count` = `count` - 1, `latitude_sum` = `latitude_sum` - old.`latitude`,
    `longitude_sum` = `longitude_sum` - old.`longitude` WHERE `owner_id` = old.`owner_id` AND `level` = 6 AND `x` = old.`map_x` >> 12 AND `y` = old.`map_y` >> 12;
  DELETE FROM `photo_map_cells` WHERE `owner_id` = old.`owner_id` AND `level` = 6 AND `x` = old.`map_x` >> 12 AND `y` = old.`map_y` >> 12 AND `count` <= 0;
  UPDATE `photo_map_cells` SET `count` = `count` - 1, `latitude_sum` = `latitude_sum` - old.`latitude`,
    `longitude_sum` = `longitude_sum` - old.`longitude` WHERE `owner_id` = old.`owner_id` AND `level` = 8 AND `x` = old.`map_x` >> 10 AND `y` = old.`map_y` >> 10;
  DELETE FROM `photo_map_cells` WHERE `owner_id` = old.`owner_id` AND `level` = 8 AND `x` = old.`map_x` >> 10 AND `y` = old.`map_y` >> 10 AND `count` <= 0;
  UPDATE `photo_map_cells` SET `count` = `count` - 1, `latitude_sum` = `latitude_sum` - old.`latitude`,
    `longitude_sum` = `longitude_sum` - old.`longitude` WHERE `owner_id` = old.`owner_id` AND `level` = 10 AND `x` = old.`map_x` >> 8 AND `y` = old.`map_y` >> 8;
  DELETE FROM `photo_map_cells` WHERE `owner_id` = old.`owner_id` AND `level` = 10 AND `x` = old.`map_x` >> 8 AND `y` = old.`map_y` >> 8 AND `count` <= 0;
  UPDATE `photo_map_cells` SET `count` = `count` - 1, `latitude_sum` = `latitude_sum` - old.`latitude`,
    `longitude_sum` = `longitude_sum` - old.`longitude` WHERE `owner_id` = old.`owner_id` AND `level` = 12 AND `x` = old.`map_x` >> 6 AND `y` = old.`map_y` >> 6;
  DELETE FROM `photo_map_cells` WHERE `owner_id` = old.`owner_id` AND `level` = 12 AND `x` = old.`map_x` >> 6 AND `y` = old.`map_y` >> 6 AND `count` <= 0;
  UPDATE `photo_map_cells` SET `count` = `count` - 1, `latitude_sum` = `latitude_sum` - old.`latitude`,
    `longitude_sum` = `longitude_sum` - old.`longitude` WHERE `owner_id` = old.`owner_id` AND `level` = 14 AND `x` = old.`map_x` >> 4 AND `y` = old.`map_y` >> 4;
  DELETE FROM `photo_map_cells` WHERE `owner_id` = old.`owner_id` AND `level` = 14 AND `x` = old.`map_x` >> 4 AND `y` = old.`map_y` >> 4 AND `count` <= 0;
  UPDATE `photo_map_cells` SET `count` = `count` - 1, `latitude_sum` = `latitude_sum` - old.`latitude`,
    `longitude_sum` = `longitude_sum` - old.`longitude` WHERE `owner_id` = old.`owner_id` AND `level` = 16 AND `x` = old.`map_x` >> 2 AND `y` = old.`map_y` >> 2;
  DELETE FROM `photo_map_cells` WHERE `owner_id` = old.`owner_id` AND `level` = 16 AND `x` = old.`map_x` >> 2 AND `y` = old.`map_y` >> 2 AND `count` <= 0;
  UPDATE `photo_map_cells` SET `count` = `count` - 1, `latitude_sum` = `latitude_sum` - old.`latitude`,
    `longitude_sum` = `longitude_sum` - old.`longitude` WHERE `owner_id` = old.`owner_id` AND `level` = 18 AND `x` = old.`map_x` >> 0 AND `y` = old.`map_y` >> 0;
  DELETE FROM `photo_map_cells` WHERE `owner_id` = old.`owner_id` AND `level` = 18 AND `x` = old.`map_x` >> 0 AND `y` = old.`map_y` >> 0 AND `count` <= 0;
END;
--> statement-breakpoint
-- A file is on the timeline (and so in photo_search_keys) when it is a live, unarchived photo or
-- video with a timeline date. Any change that may alter that or its document removes its row and
-- puts it back: the row's own triggers then rewrite its document and its map cells.
CREATE TRIGGER `files_photo_search_on_insert` AFTER INSERT ON `files`
WHEN new.`kind` = 'file' AND new.`sort_at` IS NOT NULL
BEGIN
  INSERT INTO `photo_search_keys` (`file_id`, `key`, `owner_id`, `map_x`, `map_y`, `latitude`, `longitude`)
  SELECT new.`id`, (new.`sort_at` / 1000) * 536870912 + (new.rowid % 536870912), new.`owner_id`, m.`map_x`, m.`map_y`,
    CASE WHEN m.`map_x` IS NULL THEN NULL ELSE m.`latitude` END, CASE WHEN m.`map_x` IS NULL THEN NULL ELSE m.`longitude` END
  FROM (SELECT 1) LEFT JOIN `media` m ON m.`blob_id` = new.`blob_id`
  WHERE new.`kind` = 'file' AND new.`sort_at` IS NOT NULL AND new.`trashed_at` IS NULL AND new.`archived_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `files_photo_search_on_update` AFTER UPDATE OF `name`, `sort_at`, `trashed_at`, `archived_at`, `owner_id`, `blob_id`, `mime`, `kind` ON `files`
WHEN old.`sort_at` IS NOT NULL OR new.`sort_at` IS NOT NULL
BEGIN
  DELETE FROM `photo_search_keys` WHERE `file_id` = old.`id`;
  INSERT INTO `photo_search_keys` (`file_id`, `key`, `owner_id`, `map_x`, `map_y`, `latitude`, `longitude`)
  SELECT new.`id`, (new.`sort_at` / 1000) * 536870912 + (new.rowid % 536870912), new.`owner_id`, m.`map_x`, m.`map_y`,
    CASE WHEN m.`map_x` IS NULL THEN NULL ELSE m.`latitude` END, CASE WHEN m.`map_x` IS NULL THEN NULL ELSE m.`longitude` END
  FROM (SELECT 1) LEFT JOIN `media` m ON m.`blob_id` = new.`blob_id`
  WHERE new.`kind` = 'file' AND new.`sort_at` IS NOT NULL AND new.`trashed_at` IS NULL AND new.`archived_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `files_photo_search_on_delete` AFTER DELETE ON `files`
WHEN old.`sort_at` IS NOT NULL
BEGIN
  DELETE FROM `photo_search_keys` WHERE `file_id` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `media_photo_search_on_insert` AFTER INSERT ON `media`
BEGIN
  DELETE FROM `photo_search_keys` WHERE `file_id` IN (SELECT `id` FROM `files` WHERE `blob_id` = new.`blob_id`);
  INSERT INTO `photo_search_keys` (`file_id`, `key`, `owner_id`, `map_x`, `map_y`, `latitude`, `longitude`)
  SELECT f.`id`, (f.`sort_at` / 1000) * 536870912 + (f.rowid % 536870912), f.`owner_id`, new.`map_x`, new.`map_y`,
    CASE WHEN new.`map_x` IS NULL THEN NULL ELSE new.`latitude` END, CASE WHEN new.`map_x` IS NULL THEN NULL ELSE new.`longitude` END
  FROM `files` f WHERE f.`blob_id` = new.`blob_id` AND f.`kind` = 'file' AND f.`sort_at` IS NOT NULL AND f.`trashed_at` IS NULL AND f.`archived_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `media_photo_search_on_update` AFTER UPDATE OF `place_city`, `place_region`, `place_country`, `camera_make`, `camera_model`, `map_x`, `map_y` ON `media`
BEGIN
  DELETE FROM `photo_search_keys` WHERE `file_id` IN (SELECT `id` FROM `files` WHERE `blob_id` = new.`blob_id`);
  INSERT INTO `photo_search_keys` (`file_id`, `key`, `owner_id`, `map_x`, `map_y`, `latitude`, `longitude`)
  SELECT f.`id`, (f.`sort_at` / 1000) * 536870912 + (f.rowid % 536870912), f.`owner_id`, new.`map_x`, new.`map_y`,
    CASE WHEN new.`map_x` IS NULL THEN NULL ELSE new.`latitude` END, CASE WHEN new.`map_x` IS NULL THEN NULL ELSE new.`longitude` END
  FROM `files` f WHERE f.`blob_id` = new.`blob_id` AND f.`kind` = 'file' AND f.`sort_at` IS NOT NULL AND f.`trashed_at` IS NULL AND f.`archived_at` IS NULL;
END;
--> statement-breakpoint
-- Backfill: every photo already on a timeline. Places and map positions come later, from the
-- media process's maintenance pass (it names photos that have GPS but no map_x yet).
INSERT INTO `photo_search_keys` (`file_id`, `key`, `owner_id`)
SELECT f.`id`, (f.`sort_at` / 1000) * 536870912 + (f.rowid % 536870912), f.`owner_id` FROM `files` f WHERE f.`kind` = 'file' AND f.`sort_at` IS NOT NULL AND f.`trashed_at` IS NULL AND f.`archived_at` IS NULL;

--> statement-breakpoint
CREATE INDEX `media_place_backlog_idx` ON `media` (`blob_id`) WHERE "media"."latitude" is not null and "media"."map_x" is null;