ALTER TABLE `media` ADD `state` text DEFAULT 'ready' NOT NULL;--> statement-breakpoint
ALTER TABLE `media` ADD `state_reason` text;--> statement-breakpoint
INSERT INTO `media` (`blob_id`, `state`, `state_reason`, `updated_at`)
SELECT `j`.`blob_id`,
  CASE `j`.`state` WHEN 'queued' THEN 'pending' WHEN 'running' THEN 'processing' WHEN 'failed' THEN 'failed' ELSE 'ready' END,
  CASE WHEN `j`.`state` = 'failed' THEN `j`.`last_error` ELSE NULL END,
  `j`.`updated_at`
FROM `jobs` `j`
WHERE `j`.`id` = (SELECT max(`id`) FROM `jobs` WHERE `blob_id` = `j`.`blob_id`)
  AND NOT EXISTS (SELECT 1 FROM `media` `m` WHERE `m`.`blob_id` = `j`.`blob_id`);
