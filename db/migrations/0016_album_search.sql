-- Search by album name: `photo_search` gets an `albums` column (the names of the albums a photo is
-- in), and a prefix index for one to three characters, so a short last word ("l", "img_0") reads
-- one stored list instead of merging every token it starts (hundreds of ms at 1,000,000 photos).
-- FTS5 tables cannot gain a column: the table is made again, its trigger `photo_search_keys_on_insert`
-- (0012) made again with the new column, and the table filled from `photo_search_keys` with the
-- very document that trigger writes (the same expressions), in key order.
DROP TABLE `photo_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `photo_search` USING fts5(
  `file_id` UNINDEXED, `owner`, `name`, `place`, `camera`, `taken`, `area`, `albums`,
  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
--> statement-breakpoint
DROP TRIGGER `photo_search_keys_on_insert`;
--> statement-breakpoint
CREATE TRIGGER `photo_search_keys_on_insert` AFTER INSERT ON `photo_search_keys`
BEGIN
  INSERT INTO `photo_search` (rowid, `file_id`, `owner`, `name`, `place`, `camera`, `taken`, `area`, `albums`)
  SELECT new.`key`, f.`id`, 'u' || hex(f.`owner_id`), f.`name`,
    trim(coalesce(m.`place_city`, '') || ' ' || coalesce(m.`place_region`, '') || ' ' || coalesce(m.`place_country`, '')),
    trim(coalesce(m.`camera_make`, '') || ' ' || coalesce(m.`camera_model`, '')),
    'y' || strftime('%Y', f.`sort_at` / 1000, 'unixepoch') || ' m' || strftime('%m', f.`sort_at` / 1000, 'unixepoch'),
    CASE WHEN new.`map_x` IS NULL THEN '' ELSE 't2x' || (new.`map_x` >> 16) || 'y' || (new.`map_y` >> 16) || ' ' || 't4x' || (new.`map_x` >> 14) || 'y' || (new.`map_y` >> 14) || ' ' || 't6x' || (new.`map_x` >> 12) || 'y' || (new.`map_y` >> 12) || ' ' || 't8x' || (new.`map_x` >> 10) || 'y' || (new.`map_y` >> 10) || ' ' || 't10x' || (new.`map_x` >> 8) || 'y' || (new.`map_y` >> 8) || ' ' || 't12x' || (new.`map_x` >> 6) || 'y' || (new.`map_y` >> 6) || ' ' || 't14x' || (new.`map_x` >> 4) || 'y' || (new.`map_y` >> 4) || ' ' || 't16x' || (new.`map_x` >> 2) || 'y' || (new.`map_y` >> 2) || ' ' || 't18x' || (new.`map_x` >> 0) || 'y' || (new.`map_y` >> 0) END,
    coalesce((SELECT group_concat(a.`name`, ' ') FROM `album_items` ai JOIN `albums` a ON a.`id` = ai.`album_id` WHERE ai.`file_id` = f.`id`), '')
  FROM `files` f LEFT JOIN `media` m ON m.`blob_id` = f.`blob_id`
  WHERE f.`id` = new.`file_id`;
  INSERT INTO `photo_map_cells` (`owner_id`, `level`, `x`, `y`, `count`, `latitude_sum`, `longitude_sum`)
  SELECT new.`owner_id`, l.`level`, new.`map_x` >> (18 - l.`level`), new.`map_y` >> (18 - l.`level`), 1, new.`latitude`, new.`longitude`
  FROM (SELECT 2 AS `level` UNION ALL SELECT 4 AS `level` UNION ALL SELECT 6 AS `level` UNION ALL SELECT 8 AS `level` UNION ALL SELECT 10 AS `level` UNION ALL SELECT 12 AS `level` UNION ALL SELECT 14 AS `level` UNION ALL SELECT 16 AS `level` UNION ALL SELECT 18 AS `level`) l WHERE new.`map_x` IS NOT NULL
  ON CONFLICT (`owner_id`, `level`, `x`, `y`) DO UPDATE SET `count` = `count` + 1,
    `latitude_sum` = `latitude_sum` + excluded.`latitude_sum`, `longitude_sum` = `longitude_sum` + excluded.`longitude_sum`;
END;
--> statement-breakpoint
INSERT INTO `photo_search` (rowid, `file_id`, `owner`, `name`, `place`, `camera`, `taken`, `area`, `albums`)
  SELECT k.`key`, f.`id`, 'u' || hex(f.`owner_id`), f.`name`,
    trim(coalesce(m.`place_city`, '') || ' ' || coalesce(m.`place_region`, '') || ' ' || coalesce(m.`place_country`, '')),
    trim(coalesce(m.`camera_make`, '') || ' ' || coalesce(m.`camera_model`, '')),
    'y' || strftime('%Y', f.`sort_at` / 1000, 'unixepoch') || ' m' || strftime('%m', f.`sort_at` / 1000, 'unixepoch'),
    CASE WHEN k.`map_x` IS NULL THEN '' ELSE 't2x' || (k.`map_x` >> 16) || 'y' || (k.`map_y` >> 16) || ' ' || 't4x' || (k.`map_x` >> 14) || 'y' || (k.`map_y` >> 14) || ' ' || 't6x' || (k.`map_x` >> 12) || 'y' || (k.`map_y` >> 12) || ' ' || 't8x' || (k.`map_x` >> 10) || 'y' || (k.`map_y` >> 10) || ' ' || 't10x' || (k.`map_x` >> 8) || 'y' || (k.`map_y` >> 8) || ' ' || 't12x' || (k.`map_x` >> 6) || 'y' || (k.`map_y` >> 6) || ' ' || 't14x' || (k.`map_x` >> 4) || 'y' || (k.`map_y` >> 4) || ' ' || 't16x' || (k.`map_x` >> 2) || 'y' || (k.`map_y` >> 2) || ' ' || 't18x' || (k.`map_x` >> 0) || 'y' || (k.`map_y` >> 0) END,
    coalesce((SELECT group_concat(a.`name`, ' ') FROM `album_items` ai JOIN `albums` a ON a.`id` = ai.`album_id` WHERE ai.`file_id` = f.`id`), '')
  FROM `photo_search_keys` k JOIN `files` f ON f.`id` = k.`file_id` LEFT JOIN `media` m ON m.`blob_id` = f.`blob_id`
  ORDER BY k.`key`;
--> statement-breakpoint
-- A photo put in or taken out of an album, and an album renamed, rewrite the `albums` of the
-- documents concerned. Deleting an album deletes its items (trigger `albums_deleted`, 0011), which
-- lands here too. Photos off the timeline have no document; theirs is written when they come back.
CREATE TRIGGER `album_items_photo_search_on_insert` AFTER INSERT ON `album_items`
BEGIN
  UPDATE `photo_search` SET `albums` = coalesce((SELECT group_concat(a.`name`, ' ') FROM `album_items` ai JOIN `albums` a ON a.`id` = ai.`album_id` WHERE ai.`file_id` = new.`file_id`), '')
  WHERE rowid = (SELECT `key` FROM `photo_search_keys` WHERE `file_id` = new.`file_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `album_items_photo_search_on_delete` AFTER DELETE ON `album_items`
BEGIN
  UPDATE `photo_search` SET `albums` = coalesce((SELECT group_concat(a.`name`, ' ') FROM `album_items` ai JOIN `albums` a ON a.`id` = ai.`album_id` WHERE ai.`file_id` = old.`file_id`), '')
  WHERE rowid = (SELECT `key` FROM `photo_search_keys` WHERE `file_id` = old.`file_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `albums_photo_search_on_rename` AFTER UPDATE OF `name` ON `albums`
WHEN new.`name` IS NOT old.`name`
BEGIN
  UPDATE `photo_search` SET `albums` = coalesce((SELECT group_concat(a.`name`, ' ') FROM `album_items` ai JOIN `albums` a ON a.`id` = ai.`album_id` WHERE ai.`file_id` = `photo_search`.`file_id`), '')
  WHERE rowid IN (SELECT k.`key` FROM `album_items` i JOIN `photo_search_keys` k ON k.`file_id` = i.`file_id` WHERE i.`album_id` = new.`id`);
END;
