CREATE TABLE `firma_destinatari` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`processo_id` text NOT NULL,
	`ordine` integer NOT NULL,
	`fase` integer NOT NULL,
	`nome` text NOT NULL,
	`qualifica` text NOT NULL,
	`codice_fiscale` text,
	`email` text,
	`user_id` text,
	`campo` text,
	`stato` text DEFAULT 'inviato' NOT NULL,
	`metodo` text,
	`firmato_il` text,
	`certificato` text,
	`documento_id` text,
	`motivo_rifiuto` text,
	`ultimo_sollecito` text,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`processo_id`) REFERENCES `firma_processi`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`documento_id`) REFERENCES `documenti`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `firma_destinatari_proc_idx` ON `firma_destinatari` (`processo_id`);--> statement-breakpoint
CREATE TABLE `firma_eventi` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`processo_id` text NOT NULL,
	`destinatario_id` text,
	`tipo` text NOT NULL,
	`messaggio` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`processo_id`) REFERENCES `firma_processi`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `firma_eventi_proc_idx` ON `firma_eventi` (`processo_id`);--> statement-breakpoint
CREATE TABLE `firma_fiduciari` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`nome` text NOT NULL,
	`impronta` text NOT NULL,
	`certificato` text NOT NULL,
	`fonte` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `firma_fiduciari_uq` ON `firma_fiduciari` (`organismo_id`,`impronta`);--> statement-breakpoint
CREATE TABLE `firma_processi` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`procedimento_id` text NOT NULL,
	`titolo` text NOT NULL,
	`documento_origine_id` text NOT NULL,
	`documento_corrente_id` text NOT NULL,
	`stato` text DEFAULT 'in_corso' NOT NULL,
	`scadenza` text NOT NULL,
	`sollecito_giorni` integer DEFAULT 2 NOT NULL,
	`verificato_il` text,
	`completato_il` text,
	`autore_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`procedimento_id`) REFERENCES `procedimenti`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`documento_origine_id`) REFERENCES `documenti`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`documento_corrente_id`) REFERENCES `documenti`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`autore_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `firma_processi_proc_idx` ON `firma_processi` (`procedimento_id`);--> statement-breakpoint
CREATE TABLE `firma_verifiche` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`documento_id` text NOT NULL,
	`esito` text NOT NULL,
	`sintesi` text NOT NULL,
	`rapporto` text NOT NULL,
	`rapporto_pdf_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`documento_id`) REFERENCES `documenti`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rapporto_pdf_id`) REFERENCES `documenti`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `firma_verifiche_doc_idx` ON `firma_verifiche` (`documento_id`);