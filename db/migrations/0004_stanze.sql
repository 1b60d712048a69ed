CREATE TABLE `stanze` (
	`id` text PRIMARY KEY NOT NULL,
	`procedimento_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`capienza` integer DEFAULT 4 NOT NULL,
	`ammissione_automatica` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`procedimento_id`) REFERENCES `procedimenti`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stanze_procedimento_id_unique` ON `stanze` (`procedimento_id`);