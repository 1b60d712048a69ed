CREATE TABLE `adesioni_accessi` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`procedimento_id` text NOT NULL,
	`centro_id` text NOT NULL,
	`tipo` text NOT NULL,
	`token_hash` text NOT NULL,
	`scadenza` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`procedimento_id`) REFERENCES `procedimenti`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`centro_id`) REFERENCES `centri_interesse`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `adesioni_accessi_token_uq` ON `adesioni_accessi` (`token_hash`);--> statement-breakpoint
CREATE INDEX `adesioni_accessi_centro_idx` ON `adesioni_accessi` (`centro_id`);--> statement-breakpoint
CREATE TABLE `adesioni_risposte` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`procedimento_id` text NOT NULL,
	`centro_id` text NOT NULL,
	`risposta` text NOT NULL,
	`modalita` text NOT NULL,
	`motivo` text,
	`avvocato_user_id` text,
	`avvocato_soggetto_id` text,
	`consenso_telematica` integer,
	`note` text,
	`data` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`procedimento_id`) REFERENCES `procedimenti`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`centro_id`) REFERENCES `centri_interesse`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`avvocato_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`avvocato_soggetto_id`) REFERENCES `soggetti`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `adesioni_risposte_centro_uq` ON `adesioni_risposte` (`centro_id`);--> statement-breakpoint
CREATE INDEX `adesioni_risposte_proc_idx` ON `adesioni_risposte` (`procedimento_id`);--> statement-breakpoint
CREATE TABLE `adesioni_tentativi` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organismo_id` text NOT NULL,
	`numero` text NOT NULL,
	`ip` text NOT NULL,
	`riuscito` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `adesioni_tentativi_numero_idx` ON `adesioni_tentativi` (`organismo_id`,`numero`,`at`);--> statement-breakpoint
CREATE INDEX `adesioni_tentativi_ip_idx` ON `adesioni_tentativi` (`organismo_id`,`ip`,`at`);