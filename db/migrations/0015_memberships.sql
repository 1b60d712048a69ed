CREATE TABLE `account_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`membership_id` text,
	`purpose` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`membership_id`) REFERENCES `memberships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `account_tokens_user_idx` ON `account_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `membership_sedi` (
	`membership_id` text NOT NULL,
	`sede_id` text NOT NULL,
	PRIMARY KEY(`membership_id`, `sede_id`),
	FOREIGN KEY (`membership_id`) REFERENCES `memberships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sede_id`) REFERENCES `sedi`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `memberships` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`organismo_id` text NOT NULL,
	`role` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `memberships_user_organismo_uq` ON `memberships` (`user_id`,`organismo_id`);--> statement-breakpoint
CREATE INDEX `memberships_organismo_idx` ON `memberships` (`organismo_id`,`role`);--> statement-breakpoint
-- Existing data: one membership per user (its Organismo, role and state), its sedi limits with it.
INSERT INTO `memberships`("id", "user_id", "organismo_id", "role", "active", "created_at") SELECT 'm-' || "id", "id", "organismo_id", "role", "active", "created_at" FROM `users`;--> statement-breakpoint
INSERT INTO `membership_sedi`("membership_id", "sede_id") SELECT 'm-' || "user_id", "sede_id" FROM `user_sedi`;--> statement-breakpoint
DROP TABLE `user_sedi`;--> statement-breakpoint
-- db/migrate.ts turns foreign keys off around the migrations (this PRAGMA is a no-op inside their transaction) and runs foreign_key_check after.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`nome` text NOT NULL,
	`cognome` text NOT NULL,
	`password_hash` text,
	`active` integer DEFAULT true NOT NULL,
	`operatore` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_users`("id", "email", "nome", "cognome", "password_hash", "active", "operatore", "created_at") SELECT "id", "email", "nome", "cognome", "password_hash", "active", 0, "created_at" FROM `users`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
DROP INDEX `login_attempts_ip_idx`;--> statement-breakpoint
ALTER TABLE `login_attempts` ADD `scope` text;--> statement-breakpoint
CREATE INDEX `login_attempts_ip_idx` ON `login_attempts` (`ip`,`scope`,`at`);--> statement-breakpoint
ALTER TABLE `organismi` ADD `slug` text;--> statement-breakpoint
ALTER TABLE `organismi` ADD `colore` text;--> statement-breakpoint
CREATE UNIQUE INDEX `organismi_slug_unique` ON `organismi` (`slug`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `membership_id` text REFERENCES memberships(id) ON DELETE set null;--> statement-breakpoint
-- Open sessions keep working in the Organismo they were in; organismi get their path from their id.
UPDATE `sessions` SET `membership_id` = 'm-' || `user_id`;--> statement-breakpoint
UPDATE `organismi` SET `slug` = lower(`id`) WHERE `slug` IS NULL;