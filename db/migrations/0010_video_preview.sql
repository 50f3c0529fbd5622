ALTER TABLE `media` ADD `video_preview` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Videos processed before previews existed are processed again, so those that need one get it.
UPDATE `jobs` SET `state` = 'queued', `attempts` = 0, `run_after` = 0, `last_error` = NULL WHERE `kind` = 'video' AND `state` = 'done';
