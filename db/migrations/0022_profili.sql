CREATE TABLE `modifiche_profilo` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`user_id` text NOT NULL,
	`dati` text NOT NULL,
	`stato` text DEFAULT 'in_attesa' NOT NULL,
	`motivo` text,
	`deciso_da` text,
	`deciso_il` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deciso_da`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `modifiche_profilo_org_idx` ON `modifiche_profilo` (`organismo_id`,`stato`);--> statement-breakpoint
CREATE TABLE `profili` (
	`organismo_id` text NOT NULL,
	`user_id` text NOT NULL,
	`telefono` text,
	`pec` text,
	`indirizzo` text,
	`codice_fiscale` text,
	`partita_iva` text,
	`codice_destinatario` text,
	`pec_fatturazione` text,
	`professionale` text,
	`updated_at` integer,
	PRIMARY KEY(`organismo_id`, `user_id`),
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
