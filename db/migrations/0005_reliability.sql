ALTER TABLE `users` ADD `used_bytes` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- Backfill: what each user's files (trash included) add up to today.
UPDATE `users` SET `used_bytes` = (SELECT coalesce(sum(`size`), 0) FROM `files` WHERE `files`.`owner_id` = `users`.`id` AND `files`.`kind` = 'file');
--> statement-breakpoint
-- The quota guard: an insert that would take the owner past their quota fails inside the write
-- itself, so concurrent uploads cannot all pass a check made before any of them was recorded.
CREATE TRIGGER `files_quota_guard` BEFORE INSERT ON `files`
WHEN NEW.`kind` = 'file' AND NEW.`size` > 0
BEGIN
  SELECT RAISE(ABORT, 'quota_exceeded')
  WHERE EXISTS (SELECT 1 FROM `users` WHERE `id` = NEW.`owner_id` AND `quota_bytes` IS NOT NULL AND `used_bytes` + NEW.`size` > `quota_bytes`);
END;
--> statement-breakpoint
CREATE TRIGGER `files_used_insert` AFTER INSERT ON `files` WHEN NEW.`kind` = 'file'
BEGIN
  UPDATE `users` SET `used_bytes` = `used_bytes` + NEW.`size` WHERE `id` = NEW.`owner_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `files_used_delete` AFTER DELETE ON `files` WHEN OLD.`kind` = 'file'
BEGIN
  UPDATE `users` SET `used_bytes` = `used_bytes` - OLD.`size` WHERE `id` = OLD.`owner_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `files_used_update` AFTER UPDATE OF `size`, `owner_id`, `kind` ON `files`
BEGIN
  UPDATE `users` SET `used_bytes` = `used_bytes` - OLD.`size` WHERE `id` = OLD.`owner_id` AND OLD.`kind` = 'file';
  UPDATE `users` SET `used_bytes` = `used_bytes` + NEW.`size` WHERE `id` = NEW.`owner_id` AND NEW.`kind` = 'file';
END;
