ALTER TABLE `protocollo` ADD `richiesta_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `protocollo_richiesta_uq` ON `protocollo` (`organismo_id`,`richiesta_id`);