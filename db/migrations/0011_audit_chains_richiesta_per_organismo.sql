DROP INDEX `procedimenti_richiesta_id_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `procedimenti_richiesta_uq` ON `procedimenti` (`organismo_id`,`richiesta_id`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `chain` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `seq` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_chain_seq_idx` ON `audit_log` (`chain`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_log_organismo_idx` ON `audit_log` (`organismo_id`,`id`);