CREATE TABLE `caselle_posta` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`canale` text NOT NULL,
	`nome` text NOT NULL,
	`indirizzo` text NOT NULL,
	`smtp_host` text NOT NULL,
	`smtp_port` integer NOT NULL,
	`smtp_sicurezza` text NOT NULL,
	`imap_host` text,
	`imap_port` integer,
	`imap_sicurezza` text,
	`utente` text NOT NULL,
	`password_cifrata` text NOT NULL,
	`gestori_fidati` text DEFAULT '' NOT NULL,
	`attiva` integer DEFAULT true NOT NULL,
	`imap_uid_validity` integer,
	`imap_ultimo_uid` integer DEFAULT 0 NOT NULL,
	`ultimo_controllo` text,
	`ultimo_errore` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `caselle_org_idx` ON `caselle_posta` (`organismo_id`,`canale`);--> statement-breakpoint
CREATE TABLE `messaggi` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`casella_id` text NOT NULL,
	`canale` text NOT NULL,
	`message_id` text NOT NULL,
	`richiesta_id` text,
	`oggetto` text NOT NULL,
	`testo` text NOT NULL,
	`html` text NOT NULL,
	`eml_sha256` text NOT NULL,
	`procedimento_id` text,
	`centro_id` text,
	`atto` text NOT NULL,
	`richiesto_da` text,
	`stato` text DEFAULT 'in_coda' NOT NULL,
	`tentativi` integer DEFAULT 0 NOT NULL,
	`prossimo_tentativo` integer NOT NULL,
	`lease_fino` integer,
	`ultimo_errore` text,
	`inviato_il` text,
	`protocollo_id` text,
	`documento_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`casella_id`) REFERENCES `caselle_posta`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`procedimento_id`) REFERENCES `procedimenti`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`centro_id`) REFERENCES `centri_interesse`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`richiesto_da`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`protocollo_id`) REFERENCES `protocollo`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`documento_id`) REFERENCES `documenti`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messaggi_message_id_unique` ON `messaggi` (`message_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `messaggi_richiesta_id_unique` ON `messaggi` (`richiesta_id`);--> statement-breakpoint
CREATE INDEX `messaggi_coda_idx` ON `messaggi` (`stato`,`prossimo_tentativo`);--> statement-breakpoint
CREATE INDEX `messaggi_proc_idx` ON `messaggi` (`procedimento_id`);--> statement-breakpoint
CREATE TABLE `messaggi_allegati` (
	`messaggio_id` text NOT NULL,
	`documento_id` text NOT NULL,
	PRIMARY KEY(`messaggio_id`, `documento_id`),
	FOREIGN KEY (`messaggio_id`) REFERENCES `messaggi`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`documento_id`) REFERENCES `documenti`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `messaggi_destinatari` (
	`id` text PRIMARY KEY NOT NULL,
	`messaggio_id` text NOT NULL,
	`indirizzo` text NOT NULL,
	`nome` text DEFAULT '' NOT NULL,
	`persona_id` text,
	`stato` text DEFAULT 'in_coda' NOT NULL,
	`consegnato_il` text,
	`errore` text,
	FOREIGN KEY (`messaggio_id`) REFERENCES `messaggi`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`persona_id`) REFERENCES `persone`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `destinatari_uq` ON `messaggi_destinatari` (`messaggio_id`,`indirizzo`);--> statement-breakpoint
CREATE TABLE `messaggi_eventi` (
	`id` text PRIMARY KEY NOT NULL,
	`messaggio_id` text NOT NULL,
	`destinatario_id` text,
	`stato` text NOT NULL,
	`at` text NOT NULL,
	`descrizione` text DEFAULT '' NOT NULL,
	`ricevuta_id` text,
	FOREIGN KEY (`messaggio_id`) REFERENCES `messaggi`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`destinatario_id`) REFERENCES `messaggi_destinatari`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `eventi_msg_idx` ON `messaggi_eventi` (`messaggio_id`,`at`);--> statement-breakpoint
CREATE TABLE `modelli_comunicazione` (
	`organismo_id` text NOT NULL,
	`atto` text NOT NULL,
	`oggetto` text NOT NULL,
	`testo` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`organismo_id`, `atto`),
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `posta_arrivo` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`casella_id` text NOT NULL,
	`sha256` text NOT NULL,
	`message_id` text,
	`mittente` text NOT NULL,
	`oggetto` text NOT NULL,
	`ricevuto_il` text NOT NULL,
	`pec` integer NOT NULL,
	`firma_valida` integer NOT NULL,
	`allegati` integer DEFAULT 0 NOT NULL,
	`persona_id` text,
	`stato` text DEFAULT 'da_registrare' NOT NULL,
	`procedimento_id` text,
	`protocollo_id` text,
	`documento_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`casella_id`) REFERENCES `caselle_posta`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`persona_id`) REFERENCES `persone`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`procedimento_id`) REFERENCES `procedimenti`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`protocollo_id`) REFERENCES `protocollo`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`documento_id`) REFERENCES `documenti`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `arrivo_uq` ON `posta_arrivo` (`casella_id`,`sha256`);--> statement-breakpoint
CREATE INDEX `arrivo_org_idx` ON `posta_arrivo` (`organismo_id`,`stato`);--> statement-breakpoint
CREATE TABLE `ricevute` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`casella_id` text NOT NULL,
	`messaggio_id` text,
	`destinatario_id` text,
	`tipo` text NOT NULL,
	`msgid` text,
	`identificativo` text,
	`data_ricevuta` text,
	`gestore` text,
	`consegna` text,
	`errore` text,
	`firma_valida` integer NOT NULL,
	`firma_esito` text NOT NULL,
	`sha256` text NOT NULL,
	`documento_id` text,
	`protocollo_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`casella_id`) REFERENCES `caselle_posta`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`messaggio_id`) REFERENCES `messaggi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`destinatario_id`) REFERENCES `messaggi_destinatari`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`documento_id`) REFERENCES `documenti`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`protocollo_id`) REFERENCES `protocollo`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ricevute_uq` ON `ricevute` (`casella_id`,`sha256`);--> statement-breakpoint
CREATE INDEX `ricevute_msg_idx` ON `ricevute` (`messaggio_id`);