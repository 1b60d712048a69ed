DROP INDEX `procedimenti_stato_idx`;--> statement-breakpoint
CREATE INDEX `procedimenti_stato_idx` ON `procedimenti` (`organismo_id`,`stato`,`anno`,`numero`);