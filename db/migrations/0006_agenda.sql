CREATE TABLE `disponibilita_mediatori` (
	`id` text PRIMARY KEY NOT NULL,
	`mediatore_id` text NOT NULL,
	`giorno` integer NOT NULL,
	`dalle` text NOT NULL,
	`alle` text NOT NULL,
	FOREIGN KEY (`mediatore_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `disponibilita_med_idx` ON `disponibilita_mediatori` (`mediatore_id`);--> statement-breakpoint
CREATE TABLE `festivita_locali` (
	`id` text PRIMARY KEY NOT NULL,
	`sede_id` text NOT NULL,
	`data` text NOT NULL,
	`descrizione` text NOT NULL,
	FOREIGN KEY (`sede_id`) REFERENCES `sedi`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `festivita_sede_data_uq` ON `festivita_locali` (`sede_id`,`data`);--> statement-breakpoint
CREATE TABLE `ics_feed` (
	`user_id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ics_feed_token_hash_unique` ON `ics_feed` (`token_hash`);--> statement-breakpoint
CREATE TABLE `impostazioni_agenda` (
	`organismo_id` text PRIMARY KEY NOT NULL,
	`modifica_mediatore` text DEFAULT 'richiesta' NOT NULL,
	`durata_predefinita` integer DEFAULT 120 NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `indisponibilita_mediatori` (
	`id` text PRIMARY KEY NOT NULL,
	`mediatore_id` text NOT NULL,
	`inizio` text NOT NULL,
	`fine` text NOT NULL,
	`motivo` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`mediatore_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `indisponibilita_med_idx` ON `indisponibilita_mediatori` (`mediatore_id`,`inizio`);--> statement-breakpoint
CREATE TABLE `notifiche` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`titolo` text NOT NULL,
	`testo` text DEFAULT '' NOT NULL,
	`link` text,
	`chiave` text,
	`letta` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifiche_user_idx` ON `notifiche` (`user_id`,`letta`);--> statement-breakpoint
CREATE UNIQUE INDEX `notifiche_chiave_uq` ON `notifiche` (`user_id`,`chiave`);--> statement-breakpoint
CREATE TABLE `orari_sede` (
	`id` text PRIMARY KEY NOT NULL,
	`sede_id` text NOT NULL,
	`giorno` integer NOT NULL,
	`dalle` text NOT NULL,
	`alle` text NOT NULL,
	FOREIGN KEY (`sede_id`) REFERENCES `sedi`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `orari_sede_idx` ON `orari_sede` (`sede_id`,`giorno`);--> statement-breakpoint
CREATE TABLE `richieste_modifica` (
	`id` text PRIMARY KEY NOT NULL,
	`incontro_id` text NOT NULL,
	`richiedente_id` text NOT NULL,
	`nuovo_inizio` text NOT NULL,
	`durata_minuti` integer NOT NULL,
	`motivo` text DEFAULT '' NOT NULL,
	`stato` text DEFAULT 'in_attesa' NOT NULL,
	`decisa_da` text,
	`decisa_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`incontro_id`) REFERENCES `incontri`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`richiedente_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decisa_da`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `richieste_incontro_idx` ON `richieste_modifica` (`incontro_id`,`stato`);--> statement-breakpoint
CREATE TABLE `sale` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`sede_id` text NOT NULL,
	`nome` text NOT NULL,
	`capienza` integer NOT NULL,
	`dotazioni` text DEFAULT '' NOT NULL,
	`attiva` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sede_id`) REFERENCES `sedi`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sale_nome_uq` ON `sale` (`sede_id`,`nome`);