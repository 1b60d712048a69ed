CREATE TABLE `assegnazioni` (
	`id` text PRIMARY KEY NOT NULL,
	`procedimento_id` text NOT NULL,
	`mediatore_id` text NOT NULL,
	`ruolo` text DEFAULT 'designato' NOT NULL,
	`metodo` text NOT NULL,
	`motivazione` text DEFAULT '' NOT NULL,
	`traccia` text DEFAULT '[]' NOT NULL,
	`stato` text DEFAULT 'proposta' NOT NULL,
	`dichiarazione_testo` text,
	`dichiarazione_sha256` text,
	`risposta_at` integer,
	`motivo_rifiuto` text,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`procedimento_id`) REFERENCES `procedimenti`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mediatore_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assegnazioni_proc_idx` ON `assegnazioni` (`procedimento_id`);--> statement-breakpoint
CREATE INDEX `assegnazioni_med_idx` ON `assegnazioni` (`mediatore_id`,`stato`);--> statement-breakpoint
CREATE TABLE `centri_interesse` (
	`id` text PRIMARY KEY NOT NULL,
	`procedimento_id` text NOT NULL,
	`ruolo` text NOT NULL,
	`ordine` integer DEFAULT 0 NOT NULL,
	`data_invio_comunicazione` text,
	`adesione` text,
	`data_adesione` text,
	`codice_adesione` text,
	FOREIGN KEY (`procedimento_id`) REFERENCES `procedimenti`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `centri_interesse_codice_adesione_unique` ON `centri_interesse` (`codice_adesione`);--> statement-breakpoint
CREATE INDEX `centri_proc_idx` ON `centri_interesse` (`procedimento_id`);--> statement-breakpoint
CREATE TABLE `contatori` (
	`organismo_id` text NOT NULL,
	`registro` text NOT NULL,
	`anno` integer NOT NULL,
	`ultimo` integer NOT NULL,
	PRIMARY KEY(`organismo_id`, `registro`, `anno`),
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `impostazioni_organismo` (
	`organismo_id` text PRIMARY KEY NOT NULL,
	`dichiarazione_imparzialita` text NOT NULL,
	`max_upload_bytes` integer DEFAULT 16777216 NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `incontri` (
	`id` text PRIMARY KEY NOT NULL,
	`procedimento_id` text NOT NULL,
	`inizio` text NOT NULL,
	`durata_minuti` integer DEFAULT 120 NOT NULL,
	`tipo` text NOT NULL,
	`modalita` text NOT NULL,
	`stato` text DEFAULT 'fissato' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`procedimento_id`) REFERENCES `procedimenti`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `incontri_proc_idx` ON `incontri` (`procedimento_id`);--> statement-breakpoint
CREATE INDEX `incontri_inizio_idx` ON `incontri` (`inizio`);--> statement-breakpoint
CREATE TABLE `materie` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`nome` text NOT NULL,
	`obbligatoria` integer NOT NULL,
	`attiva` integer DEFAULT true NOT NULL,
	`ordine` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `materie_nome_uq` ON `materie` (`organismo_id`,`nome`);--> statement-breakpoint
CREATE TABLE `mediatore_conflitti` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`persona_id` text,
	`descrizione` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `mediatori`(`user_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`persona_id`) REFERENCES `persone`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `mediatore_materie` (
	`user_id` text NOT NULL,
	`materia_id` text NOT NULL,
	PRIMARY KEY(`user_id`, `materia_id`),
	FOREIGN KEY (`user_id`) REFERENCES `mediatori`(`user_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`materia_id`) REFERENCES `materie`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `mediatori` (
	`user_id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`stato` text DEFAULT 'attivo' NOT NULL,
	`qualifiche` text DEFAULT '' NOT NULL,
	`carico_massimo` integer DEFAULT 20 NOT NULL,
	`ultima_assegnazione` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `movimenti` (
	`id` text PRIMARY KEY NOT NULL,
	`procedimento_id` text NOT NULL,
	`tipo` text NOT NULL,
	`voce` text NOT NULL,
	`importo_centesimi` integer NOT NULL,
	`data` text NOT NULL,
	`centro_id` text,
	`note` text DEFAULT '' NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`procedimento_id`) REFERENCES `procedimenti`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`centro_id`) REFERENCES `centri_interesse`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `movimenti_proc_idx` ON `movimenti` (`procedimento_id`);--> statement-breakpoint
CREATE TABLE `persone` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`tipo` text NOT NULL,
	`nome` text,
	`cognome` text,
	`codice_fiscale` text,
	`data_nascita` text,
	`luogo_nascita` text,
	`residenza` text,
	`denominazione` text,
	`partita_iva` text,
	`sede_legale` text,
	`legale_rappresentante` text,
	`email` text,
	`pec` text,
	`telefono` text,
	`codice_destinatario` text,
	`pec_fatturazione` text,
	`foro` text,
	`user_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `persone_cf_idx` ON `persone` (`organismo_id`,`codice_fiscale`);--> statement-breakpoint
CREATE INDEX `persone_piva_idx` ON `persone` (`organismo_id`,`partita_iva`);--> statement-breakpoint
CREATE INDEX `persone_user_idx` ON `persone` (`user_id`);--> statement-breakpoint
CREATE TABLE `procedimenti` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`sede_id` text NOT NULL,
	`anno` integer NOT NULL,
	`numero` integer NOT NULL,
	`codice_istanza` text NOT NULL,
	`data_deposito` text NOT NULL,
	`modalita` text NOT NULL,
	`tipologia` text NOT NULL,
	`riferimento_giudizio` text,
	`materia_id` text NOT NULL,
	`oggetto` text NOT NULL,
	`descrizione` text DEFAULT '' NOT NULL,
	`valore_tipo` text NOT NULL,
	`valore_centesimi` integer,
	`stato` text DEFAULT 'depositata' NOT NULL,
	`esito` text,
	`esito_note` text,
	`data_conclusione` text,
	`richiesta_id` text,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sede_id`) REFERENCES `sedi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`materia_id`) REFERENCES `materie`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `procedimenti_codice_istanza_unique` ON `procedimenti` (`codice_istanza`);--> statement-breakpoint
CREATE UNIQUE INDEX `procedimenti_richiesta_id_unique` ON `procedimenti` (`richiesta_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `procedimenti_numero_uq` ON `procedimenti` (`organismo_id`,`anno`,`numero`);--> statement-breakpoint
CREATE INDEX `procedimenti_list_idx` ON `procedimenti` (`organismo_id`,`data_deposito`);--> statement-breakpoint
CREATE INDEX `procedimenti_stato_idx` ON `procedimenti` (`organismo_id`,`stato`);--> statement-breakpoint
CREATE INDEX `procedimenti_sede_idx` ON `procedimenti` (`sede_id`);--> statement-breakpoint
CREATE TABLE `soggetti` (
	`id` text PRIMARY KEY NOT NULL,
	`procedimento_id` text NOT NULL,
	`centro_id` text,
	`persona_id` text NOT NULL,
	`ruolo` text NOT NULL,
	`delega` integer DEFAULT false NOT NULL,
	`ordine` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`procedimento_id`) REFERENCES `procedimenti`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`centro_id`) REFERENCES `centri_interesse`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`persona_id`) REFERENCES `persone`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `soggetti_proc_idx` ON `soggetti` (`procedimento_id`);--> statement-breakpoint
CREATE INDEX `soggetti_persona_idx` ON `soggetti` (`persona_id`);--> statement-breakpoint
CREATE TABLE `documenti` (
	`id` text PRIMARY KEY NOT NULL,
	`procedimento_id` text NOT NULL,
	`serie_id` text NOT NULL,
	`versione` integer DEFAULT 1 NOT NULL,
	`titolo` text NOT NULL,
	`nome_file` text NOT NULL,
	`mime` text NOT NULL,
	`dimensione` integer NOT NULL,
	`sha256` text NOT NULL,
	`riservato` integer DEFAULT false NOT NULL,
	`autore_id` text,
	`protocollo_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`procedimento_id`) REFERENCES `procedimenti`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`autore_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `documenti_proc_idx` ON `documenti` (`procedimento_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `documenti_serie_versione_uq` ON `documenti` (`serie_id`,`versione`);--> statement-breakpoint
CREATE INDEX `documenti_sha_idx` ON `documenti` (`sha256`);--> statement-breakpoint
CREATE TABLE `protocollo` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`anno` integer NOT NULL,
	`numero` integer NOT NULL,
	`registrato_il` text NOT NULL,
	`direzione` text NOT NULL,
	`mittente` text NOT NULL,
	`destinatario` text NOT NULL,
	`oggetto` text NOT NULL,
	`procedimento_id` text,
	`autore_id` text,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`procedimento_id`) REFERENCES `procedimenti`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`autore_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `protocollo_numero_uq` ON `protocollo` (`organismo_id`,`anno`,`numero`);--> statement-breakpoint
CREATE INDEX `protocollo_proc_idx` ON `protocollo` (`procedimento_id`);--> statement-breakpoint
CREATE TABLE `protocollo_annullamenti` (
	`protocollo_id` text PRIMARY KEY NOT NULL,
	`motivo` text NOT NULL,
	`annullato_il` text NOT NULL,
	`autore_id` text,
	FOREIGN KEY (`protocollo_id`) REFERENCES `protocollo`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`autore_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `protocollo_documenti` (
	`protocollo_id` text NOT NULL,
	`documento_id` text NOT NULL,
	PRIMARY KEY(`protocollo_id`, `documento_id`),
	FOREIGN KEY (`protocollo_id`) REFERENCES `protocollo`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`documento_id`) REFERENCES `documenti`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `regole_scadenze` (
	`id` text PRIMARY KEY NOT NULL,
	`codice` text NOT NULL,
	`valida_dal` text NOT NULL,
	`tipologia` text,
	`parametri` text NOT NULL,
	`fonte` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `regole_codice_idx` ON `regole_scadenze` (`codice`,`valida_dal`);--> statement-breakpoint
CREATE TABLE `tariffe` (
	`id` text PRIMARY KEY NOT NULL,
	`organismo_id` text NOT NULL,
	`nome` text NOT NULL,
	`valida_dal` text NOT NULL,
	`provvisoria` integer DEFAULT false NOT NULL,
	`fonte` text NOT NULL,
	`dati` text NOT NULL,
	FOREIGN KEY (`organismo_id`) REFERENCES `organismi`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tariffe_org_idx` ON `tariffe` (`organismo_id`,`valida_dal`);