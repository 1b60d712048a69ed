DROP INDEX `incontri_mediatore_idx`;--> statement-breakpoint
DROP INDEX `incontri_sala_idx`;--> statement-breakpoint
CREATE INDEX `incontri_mediatore_idx` ON `incontri` (`mediatore_id`,`inizio`,`stato`,`durata_minuti`);--> statement-breakpoint
CREATE INDEX `incontri_sala_idx` ON `incontri` (`sala_id`,`inizio`,`stato`,`durata_minuti`);