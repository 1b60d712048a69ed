CREATE TABLE `segreti_server` (
	`nome` text PRIMARY KEY NOT NULL,
	`valore` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stanza_inviti` (
	`id` text PRIMARY KEY NOT NULL,
	`stanza_id` text NOT NULL,
	`soggetto_id` text,
	`nome` text NOT NULL,
	`ruolo` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`stanza_id`) REFERENCES `stanze`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`soggetto_id`) REFERENCES `soggetti`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stanza_inviti_stanza_idx` ON `stanza_inviti` (`stanza_id`);--> statement-breakpoint
ALTER TABLE `incontri` ADD `sala_id` text;--> statement-breakpoint
ALTER TABLE `incontri` ADD `mediatore_id` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `incontri` ADD `convocati` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `incontri` ADD `remoti` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `incontri` ADD `motivo_rinvio` text;--> statement-breakpoint
ALTER TABLE `incontri` ADD `sequenza` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `incontri` ADD `created_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `incontri` ADD `updated_at` integer;--> statement-breakpoint
CREATE INDEX `incontri_mediatore_idx` ON `incontri` (`mediatore_id`,`inizio`);--> statement-breakpoint
CREATE INDEX `incontri_sala_idx` ON `incontri` (`sala_id`,`inizio`);