import { XMLParser } from 'fast-xml-parser';

/**
 * `daticert.xml`, the data part of every PEC receipt and transport envelope (DM 2 novembre 2005,
 * allegato: postacert@tipo/@errore, intestazione, dati). Parsed into a typed record; anything that
 * is not a well-formed postacert with a known type is refused with a reason.
 */
export const TIPI_RICEVUTA = [
	'accettazione',
	'non-accettazione',
	'presa-in-carico',
	'avvenuta-consegna',
	'posta-certificata',
	'errore-consegna',
	'preavviso-errore-consegna',
	'rilevazione-virus'
] as const;
export type TipoRicevuta = (typeof TIPI_RICEVUTA)[number];

export interface Daticert {
	tipo: TipoRicevuta;
	errore: string;
	mittente: string;
	destinatari: Array<{ indirizzo: string; tipo: string }>;
	oggetto: string;
	gestore: string;
	/** The receipt's time as an instant (ISO UTC), from giorno/ora and the zone. */
	data: string;
	identificativo: string;
	msgid: string;
	/** Delivery receipts: completa, breve or sintetica. */
	ricevuta: string | null;
	consegna: string | null;
	erroreEsteso: string | null;
}

export type DaticertResult = { ok: true; value: Daticert } | { ok: false; reason: string };

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@',
	textNodeName: '#text',
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: true,
	processEntities: true,
	isArray: (name) => name === 'destinatari'
});

const text = (v: unknown): string => {
	if (v === undefined || v === null) return '';
	if (typeof v === 'object') return String((v as Record<string, unknown>)['#text'] ?? '');
	return String(v);
};

/** "03/12/2026" + "14:30:05" + "+0100" -> ISO UTC instant. */
function instant(giorno: string, ora: string, zona: string): string | null {
	const d = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(giorno);
	const t = /^(\d{2}):(\d{2}):(\d{2})$/.exec(ora);
	const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zona || '+0000');
	if (!d || !t || !z) return null;
	const utc = Date.UTC(Number(d[3]), Number(d[2]) - 1, Number(d[1]), Number(t[1]), Number(t[2]), Number(t[3]));
	const check = new Date(utc);
	// Date.UTC rolls 32/13 over into the next year: a real calendar date and time only.
	if (
		check.getUTCDate() !== Number(d[1]) ||
		check.getUTCMonth() !== Number(d[2]) - 1 ||
		Number(t[1]) > 23 ||
		Number(t[2]) > 59 ||
		Number(t[3]) > 59
	)
		return null;
	const offset = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
	const at = new Date(utc - offset);
	return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

export function parseDaticert(xml: string | Uint8Array): DaticertResult {
	const source = typeof xml === 'string' ? xml : new TextDecoder().decode(xml);
	let doc: Record<string, unknown>;
	try {
		doc = parser.parse(source, true) as Record<string, unknown>;
	} catch (err) {
		return { ok: false, reason: `daticert.xml non è XML ben formato (${(err as Error).message.split('\n')[0]})` };
	}
	const root = doc.postacert as Record<string, unknown> | undefined;
	if (!root || typeof root !== 'object') return { ok: false, reason: 'daticert.xml senza elemento postacert' };
	const tipo = String(root['@tipo'] ?? '');
	if (!(TIPI_RICEVUTA as readonly string[]).includes(tipo)) return { ok: false, reason: `tipo di ricevuta sconosciuto: «${tipo}»` };
	const int = (root.intestazione ?? {}) as Record<string, unknown>;
	const dati = (root.dati ?? {}) as Record<string, unknown>;
	const data = (dati.data ?? {}) as Record<string, unknown>;
	const at = instant(text(data.giorno), text(data.ora), String(data['@zona'] ?? ''));
	if (!at) return { ok: false, reason: 'data o ora della ricevuta non valide' };
	const msgid = text(dati.msgid);
	if (!msgid) return { ok: false, reason: 'msgid mancante' };
	const ricevuta = dati.ricevuta as Record<string, unknown> | undefined;
	return {
		ok: true,
		value: {
			tipo: tipo as TipoRicevuta,
			errore: String(root['@errore'] ?? 'nessuno'),
			mittente: text(int.mittente),
			destinatari: ((int.destinatari as unknown[]) ?? []).map((d) => ({
				indirizzo: text(d),
				tipo: typeof d === 'object' && d ? String((d as Record<string, unknown>)['@tipo'] ?? '') : ''
			})),
			oggetto: text(int.oggetto),
			gestore: text(dati['gestore-emittente']),
			data: at,
			identificativo: text(dati.identificativo),
			msgid,
			ricevuta: ricevuta ? String(ricevuta['@tipo'] ?? '') || null : null,
			consegna: text(dati.consegna) || null,
			erroreEsteso: text(dati['errore-esteso']) || null
		}
	};
}
