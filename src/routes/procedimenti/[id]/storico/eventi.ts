import { AUDIT_ACTION_LABELS, AUDIT_KEY_LABELS as KEY_LABELS, AUDIT_VALUE_LABELS as VALUE_LABELS } from '#db/audit/labels.ts';
import { type Stato } from '#db/procedimenti/stato.ts';
import { STATO_LABELS } from '#db/procedimenti/labels.ts';
import { formatGiorno } from '#db/shared/time.ts';

// Italian rendering of the audit rows of a procedimento (Storico tab). Pure: names of people are
// passed in by the load function.

/** Technical fields that mean nothing to a reader (ids, hashes, MIME types, discriminators). */
const HIDDEN = new Set([
	'procedimentoId',
	'assegnazioneId',
	'serieId',
	'protocolloId',
	'dopoRifiuto',
	'sha256',
	'dichiarazioneSha256',
	'mime',
	'kind'
]);

export interface Dettaglio {
	label: string;
	value: string;
}

export interface Nomi {
	/** user id -> "Nome Cognome" */
	utenti: ReadonlyMap<string, string>;
	/** centro di interesse id -> names of its parties */
	centri: ReadonlyMap<string, string>;
}

const numberFmt = new Intl.NumberFormat('it-IT');

function humanize(key: string): string {
	const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
	return words.charAt(0).toUpperCase() + words.slice(1);
}

function isoDateToItalian(v: string): string | null {
	return /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatGiorno(v) : null;
}

function formatBytes(n: number): string {
	if (n < 1024) return `${numberFmt.format(n)} byte`;
	if (n < 1024 * 1024) return `${numberFmt.format(Math.round(n / 1024))} kB`;
	return `${new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1 }).format(n / (1024 * 1024))} MB`;
}

function formatValue(key: string, value: unknown, nomi: Nomi): string | null {
	if (value === null || value === undefined || value === '') return null;
	if (key === 'mediatoreId' && typeof value === 'string') return nomi.utenti.get(value) ?? 'utente non più presente';
	if (key === 'centroId' && typeof value === 'string') return nomi.centri.get(value) ?? 'parte non più presente';
	if (key === 'dimensione' && typeof value === 'number') return formatBytes(value);
	if (typeof value === 'boolean') return value ? 'sì' : 'no';
	if (typeof value === 'number') return numberFmt.format(value);
	if (typeof value === 'string') return VALUE_LABELS[key]?.[value] ?? isoDateToItalian(value) ?? value;
	if (Array.isArray(value)) {
		if (value.length === 0) return null;
		if (value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join('; ');
		return numberFmt.format(value.length);
	}
	return JSON.stringify(value);
}

/** The readable lines of an event's details. */
export function dettagliEvento(action: string, detailsJson: string, nomi: Nomi): Dettaglio[] {
	let details: Record<string, unknown>;
	try {
		const parsed: unknown = JSON.parse(detailsJson);
		details = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { valore: parsed };
	} catch {
		return [{ label: 'Dettagli', value: detailsJson }];
	}
	const out: Dettaglio[] = [];
	const passaggio = action === 'procedimento.stato' && typeof details.da === 'string' && typeof details.a === 'string';
	if (passaggio) {
		const label = (s: unknown) => STATO_LABELS[s as Stato] ?? String(s);
		out.push({ label: 'Passaggio', value: `da «${label(details.da)}» a «${label(details.a)}»` });
	}
	for (const [key, value] of Object.entries(details)) {
		if (HIDDEN.has(key) || (key.endsWith('Id') && !(key in KEY_LABELS))) continue;
		if (passaggio && (key === 'da' || key === 'a')) continue;
		const text = formatValue(key, value, nomi);
		if (text !== null) out.push({ label: KEY_LABELS[key] ?? humanize(key), value: text });
	}
	return out;
}

export function labelAzione(action: string): string {
	return AUDIT_ACTION_LABELS[action] ?? action;
}
