CREATE TABLE `impostazioni_portale` (
	`organismo_id` text PRIMARY KEY NOT NULL,
	`organo_sostituzione` text,
	`email_organo_sostituzione` text,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `richieste_sostituzione` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`procedimento_id` text NOT NULL,
	`mediatore_id` text NOT NULL,
	`richiedente_id` text NOT NULL,
	`motivo` text NOT NULL,
	`decisore` text NOT NULL,
	`organo` text,
	`stato` text DEFAULT 'in_attesa' NOT NULL,
	`decisione_motivazione` text,
	`deciso_da` text,
	`deciso_il` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`procedimento_id`) REFERENCES `procedimenti`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mediatore_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`richiedente_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deciso_da`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `richieste_sostituzione_proc_idx` ON `richieste_sostituzione` (`procedimento_id`);--> statement-breakpoint
CREATE TABLE `segnalazioni_imparzialita` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`procedimento_id` text NOT NULL,
	`mediatore_id` text NOT NULL,
	`testo` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`procedimento_id`) REFERENCES `procedimenti`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mediatore_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `segnalazioni_imparzialita_proc_idx` ON `segnalazioni_imparzialita` (`procedimento_id`);