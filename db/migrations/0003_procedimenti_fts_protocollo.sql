-- Full-text search over procedimenti: number ("2026/12"), parties' names, CF / P.IVA, oggetto.
-- Maintained by db/repos/search.ts (reindexProcedimento) whenever a case or its people change.
CREATE VIRTUAL TABLE procedimenti_fts USING fts5(
	procedimento_id UNINDEXED,
	numero,
	parti,
	codici,
	oggetto,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
-- The protocol register is never edited or deleted: corrections are annullamenti.
CREATE TRIGGER protocollo_no_update BEFORE UPDATE ON protocollo
BEGIN
	SELECT RAISE(ABORT, 'protocollo entries cannot be changed: register an annullamento');
END;
--> statement-breakpoint
CREATE TRIGGER protocollo_no_delete BEFORE DELETE ON protocollo
BEGIN
	SELECT RAISE(ABORT, 'protocollo entries cannot be deleted: register an annullamento');
END;
--> statement-breakpoint
CREATE TRIGGER protocollo_annullamenti_no_update BEFORE UPDATE ON protocollo_annullamenti
BEGIN
	SELECT RAISE(ABORT, 'annullamenti cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER protocollo_annullamenti_no_delete BEFORE DELETE ON protocollo_annullamenti
BEGIN
	SELECT RAISE(ABORT, 'annullamenti cannot be deleted');
END;
