import type { ATTI } from './schema.ts';

export type Atto = (typeof ATTI)[number];

/**
 * Italian message templates, editable per Organismo (modelli_comunicazione); these are the defaults.
 * Placeholders `{{nome}}` are filled from the case; unknown ones are left visible so a typo in an
 * edited template shows in the preview instead of vanishing.
 */
export const DEFAULT_TEMPLATES: Record<Atto, { oggetto: string; testo: string }> = {
	comunicazione_istanza: {
		oggetto: 'Procedimento di mediazione n. {{numero}} — comunicazione dell’istanza',
		testo: `Gentile {{destinatario}},

Le comunichiamo che presso {{organismo}} è stata depositata il {{dataDeposito}} un'istanza di mediazione (procedimento n. {{numero}}, materia: {{materia}}, oggetto: {{oggetto}}) nella quale {{parte}} è indicata come parte invitata.

Può aderire alla mediazione, o rifiutare l'invito, alla pagina {{linkAdesione}} inserendo il numero di istanza {{numero}} e il codice personale di adesione {{codiceAdesione}}.

{{incontro}}

Distinti saluti,
la segreteria di {{organismo}}`
	},
	convocazione: {
		oggetto: 'Procedimento di mediazione n. {{numero}} — convocazione al primo incontro',
		testo: `Gentile {{destinatario}},

nel procedimento di mediazione n. {{numero}} ({{oggetto}}) il primo incontro è fissato {{incontro}}.

Codice personale di adesione: {{codiceAdesione}} (da inserire con il numero di istanza {{numero}} alla pagina {{linkAdesione}}).

Distinti saluti,
la segreteria di {{organismo}}`
	},
	prova: {
		oggetto: 'Messaggio di prova da Accordo',
		testo: `Questo è un messaggio di prova inviato da Accordo per verificare la casella «{{casella}}» di {{organismo}}.`
	},
	altro: { oggetto: '{{oggetto}}', testo: '{{testo}}' }
};

export function fillTemplate(template: string, values: Record<string, string>): string {
	return template.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (m, key: string) => (key in values ? values[key] : m));
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The HTML alternative of a plain-text body: paragraphs and line breaks, everything escaped. */
export function textToHtml(text: string): string {
	const paras = text
		.trim()
		.split(/\n{2,}/)
		.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
	return `<!doctype html><html lang="it"><body style="font-family:sans-serif;line-height:1.5">${paras.join('\n')}</body></html>`;
}
