import { and, eq } from 'drizzle-orm';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import type { Db } from '../client.ts';
import { verbaleModelli, type VerbaleTipo } from '../schema.ts';
import type { VerbaleCaseData } from './procedimento-data.ts';
import { formatData } from '../shared/time.ts';
import { DEFAULT_TEMPLATES, ESECUTIVITA_ASSISTITE, ESECUTIVITA_OMOLOGA, FONTI, type Fonte } from './default-templates.ts';
import { VERBALE_FIELD, verbaleSchema } from './editor-schema.ts';
import { markupToDoc, type PmNode } from './markup.ts';

export interface Modello {
	tipo: VerbaleTipo;
	titolo: string;
	testo: string;
	/** True when the Organismo changed the built-in text. */
	personalizzato: boolean;
	/** The legal source of each clause of the built-in text. */
	fonti: Fonte[];
}

/** The template of `tipo` for an Organismo: its own text, or the built-in one. */
export function getModello(db: Db, organismoId: string, tipo: VerbaleTipo): Modello {
	const own = db
		.select({ titolo: verbaleModelli.titolo, testo: verbaleModelli.testo })
		.from(verbaleModelli)
		.where(and(eq(verbaleModelli.organismoId, organismoId), eq(verbaleModelli.tipo, tipo)))
		.get();
	if (own) return { tipo, ...own, personalizzato: true, fonti: FONTI[tipo] };
	return { tipo, ...DEFAULT_TEMPLATES[tipo], personalizzato: false, fonti: FONTI[tipo] };
}

/** Keeps placeholder values from injecting markup (a party called "**X**" stays literal). */
function plain(value: string): string {
	return value
		.replace(/\*/g, '∗')
		.replace(/_{2,}/g, '_')
		.replace(/\|/g, '/')
		.replace(/\s*\n\s*/g, ' ');
}

const BLANK = '__________';

function partiTable(data: VerbaleCaseData): string {
	const rows = data.parti.map((p) => {
		const ruolo = p.ruolo === 'istante' ? 'Istante' : p.ruolo === 'invitata' ? 'Invitata' : 'Parte';
		return `| ${plain(p.nome)} | ${ruolo} | ${plain(p.avvocati.join(', ')) || '—'} |`;
	});
	return ['| Parte | Ruolo | Avvocati |', ...(rows.length ? rows : ['| | | |'])].join('\n');
}

/** Replaces {{placeholders}} with the case data; unknown ones are left visible for the editor. */
export function fillTemplate(testo: string, data: VerbaleCaseData, today = new Date()): string {
	const values: Record<string, string> = {
		organismo: data.organismo,
		organismo_registro: data.organismoRegistro,
		numero: data.numero,
		oggetto: data.oggetto,
		materia: data.materia,
		valore: data.valore,
		sede: data.sede,
		modalita: data.modalita.toLowerCase(),
		data_deposito: data.dataDeposito,
		data_incontro: data.dataPrimoIncontro,
		data_oggi: formatData(today),
		parti: data.parti.map((p) => p.nome).join(', '),
		avvocati: data.avvocati.join(', '),
		mediatore: data.mediatore,
		assenti: data.assenti?.length ? data.assenti.join(', ') : 'nessuna',
		firmatari: data.firmatari
			.filter((f) => f.nome)
			.map((f) => `${f.nome} (${f.qualifica.toLowerCase()})`)
			.join(', '),
		esecutivita: data.partiAssistite ? ESECUTIVITA_ASSISTITE : ESECUTIVITA_OMOLOGA
	};
	return testo
		.split('\n')
		.map((line) => (line.trim() === '{{tabella_parti}}' ? partiTable(data) : line))
		.join('\n')
		.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, name: string) => (name in values ? plain(values[name]) || BLANK : whole));
}

/** The ProseMirror document of a template filled with the case data. */
export function templateDoc(testo: string, data: VerbaleCaseData, today = new Date()): PmNode {
	return markupToDoc(fillTemplate(testo, data, today));
}

/** The Yjs update that seeds a new verbale with `doc` (used by the collab server only). */
export function docToYUpdate(doc: PmNode): Uint8Array {
	const ydoc = prosemirrorJSONToYDoc(verbaleSchema(), doc, VERBALE_FIELD);
	try {
		return Y.encodeStateAsUpdate(ydoc);
	} finally {
		ydoc.destroy();
	}
}
