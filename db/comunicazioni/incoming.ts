import PostalMime from 'postal-mime';
import { parseDaticert, type Daticert } from './daticert.ts';
import { topHeader, verifySmime } from './smime.ts';

/**
 * What arrives in a PEC mailbox, classified: a receipt (X-Ricevuta), a transport envelope
 * (X-Trasporto: posta-certificata, the PEC someone sent us) or an ordinary e-mail. The data
 * that links and proves is read from the signed `daticert.xml` only; the outer headers are used
 * for display when the signature is not valid.
 */
export interface Firma {
	valid: boolean;
	reason: string;
}

export type Incoming =
	| { kind: 'ricevuta'; firma: Firma; daticert: Daticert | null; problema: string | null; riferimento: string | null; xRicevuta: string }
	| {
			kind: 'busta' | 'email';
			firma: Firma;
			daticert: Daticert | null;
			mittente: string;
			mittenteNome: string;
			oggetto: string;
			messageId: string | null;
			data: string;
			allegati: number;
			/** The original message inside the envelope (postacert.eml), or the e-mail itself. */
			originale: Buffer;
	  };

const bytes = (c: ArrayBuffer | Uint8Array | string) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c as ArrayBuffer));

async function parts(entity: Buffer) {
	const mail = await PostalMime.parse(entity, { forceRfc822Attachments: true });
	const find = (name: string) => mail.attachments.find((a) => (a.filename ?? '').toLowerCase() === name);
	return { mail, daticert: find('daticert.xml'), postacert: find('postacert.eml') };
}

export async function classifyIncoming(raw: Buffer, trustedPem: string): Promise<Incoming> {
	const xRicevuta = topHeader(raw, 'X-Ricevuta');
	const xTrasporto = topHeader(raw, 'X-Trasporto');
	if (xRicevuta || xTrasporto) {
		const smime = await verifySmime(raw, trustedPem);
		const firma = { valid: smime.valid, reason: smime.reason };
		const p = await parts(smime.content);
		const dc = p.daticert ? parseDaticert(bytes(p.daticert.content)) : ({ ok: false, reason: 'daticert.xml assente' } as const);
		const daticert = dc.ok ? dc.value : null;
		if (xRicevuta)
			return {
				kind: 'ricevuta',
				firma,
				daticert,
				problema: dc.ok ? null : dc.reason,
				riferimento: topHeader(raw, 'X-Riferimento-Message-ID'),
				xRicevuta
			};
		const originale = p.postacert ? bytes(p.postacert.content) : smime.content;
		const inner = await PostalMime.parse(originale);
		return {
			kind: 'busta',
			firma,
			daticert,
			mittente: daticert?.mittente || (inner.from && 'address' in inner.from ? (inner.from.address ?? '') : ''),
			mittenteNome: inner.from && 'name' in inner.from ? inner.from.name : '',
			oggetto: daticert?.oggetto || inner.subject || '',
			messageId: daticert?.msgid ?? inner.messageId ?? null,
			data: daticert?.data ?? new Date(inner.date ?? Date.now()).toISOString(),
			allegati: inner.attachments.length,
			originale
		};
	}
	const mail = await PostalMime.parse(raw);
	const from = mail.from && 'address' in mail.from ? mail.from : null;
	const date = mail.date ? new Date(mail.date) : new Date();
	return {
		kind: 'email',
		firma: { valid: false, reason: 'posta ordinaria: nessuna firma del gestore' },
		daticert: null,
		mittente: from?.address ?? '',
		mittenteNome: from?.name ?? '',
		oggetto: mail.subject ?? '',
		messageId: mail.messageId ?? null,
		data: Number.isNaN(date.getTime()) ? new Date().toISOString() : date.toISOString(),
		allegati: mail.attachments.length,
		originale: raw
	};
}
