import { sha256Hex } from '../shared/hash.ts';
import { DIREZIONE_LABELS } from './labels.ts';
import type { RegistroGiornaliero } from './registro.ts';
import { formatDataOra } from '../shared/time.ts';

// CSV format (BOM, ';', CRLF, quoting, formula guard) is the shared one of db/shared/csv.ts.
export { CSV_BOM, csvCell, toCsv, type CsvValue } from '../shared/csv.ts';
import { CSV_BOM, toCsv, type CsvValue } from '../shared/csv.ts';

export const REGISTRO_CSV_HEADER = [
	'Operazione',
	'Anno',
	'Numero',
	'Data e ora registrazione',
	'Direzione',
	'Mittente',
	'Destinatario',
	'Oggetto',
	'Procedimento',
	'Numero documenti',
	'Documenti (titolo, file e impronta SHA-256)',
	'Registrata da',
	'Data e ora annullamento',
	'Motivo annullamento',
	'Annullata da'
] as const;

/**
 * The daily register as CSV (with BOM): one "Registrazione" row per entry of the day, then one
 * "Annullamento" row per annullamento made in the day. Deterministic: the same day gives the same bytes.
 */
export function registroCsv(r: RegistroGiornaliero): string {
	type E = RegistroGiornaliero['annullamenti'][number];
	const row = (operazione: string, e: Omit<E, 'annullatoIl' | 'motivo' | 'annullataDa'>, a: Partial<E> | null): CsvValue[] => [
		operazione,
		e.anno,
		e.numero,
		formatDataOra(e.registratoIl),
		DIREZIONE_LABELS[e.direzione],
		e.mittente,
		e.destinatario,
		e.oggetto,
		e.procedimento,
		e.documenti.length,
		e.documenti.map((d) => `${d.titolo} (${d.nomeFile}) SHA-256 ${d.sha256}`).join(' | '),
		e.registrataDa,
		a?.annullatoIl ? formatDataOra(a.annullatoIl) : null,
		a?.motivo ?? null,
		a?.annullataDa ?? null
	];
	return (
		CSV_BOM +
		toCsv([
			REGISTRO_CSV_HEADER,
			...r.registrazioni.map((e) => row('Registrazione', e, e.annullamento)),
			...r.annullamenti.map((e) => row('Annullamento', e, e))
		])
	);
}

/** The exact bytes served for the CSV download, and their SHA-256 (printed in the PDF footer). */
export function registroCsvFile(r: RegistroGiornaliero): { bytes: Uint8Array; sha256: string } {
	const bytes = new TextEncoder().encode(registroCsv(r));
	return { bytes, sha256: sha256Hex(bytes) };
}
