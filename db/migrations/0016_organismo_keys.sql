CREATE TABLE `chiavi_organismo` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`scopo` text NOT NULL,
	`valore` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`retired_at` integer,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `chiavi_organismo_scopo_idx` ON `chiavi_organismo` (`organismo_id`,`scopo`,`created_at`);--> statement-breakpoint
DROP INDEX `notifiche_user_idx`;--> statement-breakpoint
ALTER TABLE `notifiche` ADD `organismo_id` text REFERENCES organismi(id);--> statement-breakpoint
CREATE INDEX `notifiche_user_idx` ON `notifiche` (`user_id`,`organismo_id`,`letta`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_ics_feed` (
	`membership_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`membership_id`) REFERENCES `memberships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- An existing feed keeps covering the membership it covered before: the person's earliest active one.
INSERT INTO `__new_ics_feed`("membership_id", "user_id", "token_hash", "created_at") SELECT (SELECT m.`id` FROM `memberships` m WHERE m.`user_id` = f.`user_id` AND m.`active` = 1 ORDER BY m.`created_at`, m.`id` LIMIT 1), f.`user_id`, f.`token_hash`, f.`created_at` FROM `ics_feed` f WHERE EXISTS (SELECT 1 FROM `memberships` m WHERE m.`user_id` = f.`user_id` AND m.`active` = 1);--> statement-breakpoint
DROP TABLE `ics_feed`;--> statement-breakpoint
ALTER TABLE `__new_ics_feed` RENAME TO `ics_feed`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `ics_feed_token_hash_unique` ON `ics_feed` (`token_hash`);--> statement-breakpoint
-- Existing notifications of a person with exactly one membership belong to that Organismo; the rest stay NULL (shown everywhere).
UPDATE `notifiche` SET `organismo_id` = (SELECT `organismo_id` FROM `memberships` WHERE `memberships`.`user_id` = `notifiche`.`user_id`) WHERE (SELECT count(*) FROM `memberships` WHERE `memberships`.`user_id` = `notifiche`.`user_id`) = 1;
