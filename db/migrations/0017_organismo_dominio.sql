ALTER TABLE `organismi` ADD `dominio` text;--> statement-breakpoint
CREATE UNIQUE INDEX `organismi_dominio_unique` ON `organismi` (`dominio`);