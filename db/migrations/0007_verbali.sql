CREATE TABLE `collab_snapshots` (
	`doc_name` text PRIMARY KEY NOT NULL,
	`state` blob NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `collab_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`doc_name` text NOT NULL,
	`update` blob NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `collab_updates_doc_idx` ON `collab_updates` (`doc_name`,`id`);--> statement-breakpoint
CREATE TABLE `verbale_modelli` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`tipo` text NOT NULL,
	`titolo` text NOT NULL,
	`testo` text NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `verbale_modelli_tipo_uq` ON `verbale_modelli` (`organismo_id`,`tipo`);--> statement-breakpoint
CREATE TABLE `verbale_versioni` (
	`id` text PRIMARY KEY NOT NULL,
	`verbale_id` text NOT NULL,
	`numero` integer NOT NULL,
	`nome` text NOT NULL,
	`stato` blob NOT NULL,
	`contenuto` text NOT NULL,
	`autore_id` text,
	`ripristinata_da` text,
	`documento_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`verbale_id`) REFERENCES `verbali`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`autore_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`documento_id`) REFERENCES `documenti`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `verbale_versioni_numero_uq` ON `verbale_versioni` (`verbale_id`,`numero`);--> statement-breakpoint
CREATE TABLE `verbali` (
	`id` text PRIMARY KEY NOT NULL,
	`procedimento_id` text NOT NULL,
	`tipo` text NOT NULL,
	`titolo` text NOT NULL,
	`locked` integer DEFAULT false NOT NULL,
	`locked_by` text,
	`locked_at` integer,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`procedimento_id`) REFERENCES `procedimenti`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`locked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `verbali_proc_idx` ON `verbali` (`procedimento_id`);