ALTER TABLE `media` ADD `thumbhash` text;--> statement-breakpoint
ALTER TABLE `media` ADD `placeholder_colour` text;