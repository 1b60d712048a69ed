import type { DestinatarioStato, MetodoFirma, ProcessoStato } from './schema.ts';

export const DESTINATARIO_STATO_LABELS: Record<DestinatarioStato, string> = {
	inviato: 'Inviato',
	visto: 'Visto',
	firmato: 'Firmato',
	rifiutato: 'Rifiutato',
	scaduto: 'Scaduto'
};

export const PROCESSO_STATO_LABELS: Record<ProcessoStato, string> = {
	in_corso: 'In corso',
	completato: 'Completato e depositato',
	annullato: 'Annullato',
	scaduto: 'Scaduto'
};

export const METODO_LABELS: Record<MetodoFirma, string> = {
	dispositivo: 'Proprio dispositivo',
	remota: 'Firma remota',
	one_shot: 'Firma one-shot'
};

export const ESITO_LABELS: Record<string, string> = {
	valida: 'Valida',
	non_valida: 'Non valida',
	non_verificabile: 'Non verificabile',
	non_firmato: 'Non firmato'
};
