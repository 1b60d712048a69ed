import { describe, expect, test } from 'vitest';
import { markupToDoc, parseInline, type PmNode } from '#db/verbali/markup.ts';
import { fillTemplate } from '#db/verbali/templates.ts';
import { renderVerbaleHtml } from '#db/verbali/render-html.ts';
import type { VerbaleCaseData } from '#db/verbali/procedimento-data.ts';

const data: VerbaleCaseData = {
	organismo: 'Organismo Ètico',
	organismoRegistro: '1234',
	numero: '2026/7',
	oggetto: 'Spese',
	materia: 'Condominio',
	valore: '1.000,00 €',
	sede: 'Milano',
	modalita: 'Telematica',
	dataDeposito: '02/11/2026',
	dataPrimoIncontro: '',
	parti: [{ nome: 'Zoë **Müller** | X', ruolo: 'istante', avvocati: ["Francesca D'Angelo"] }],
	avvocati: ["Francesca D'Angelo"],
	mediatore: 'Anna Rossi',
	firmatari: []
};

describe('template markup', () => {
	test('headings, lists, tables and inline marks become verbale-schema JSON', () => {
		const doc = markupToDoc(
			'# Titolo\n## Sotto\n- uno\n- due\n1. primo\n1.\n| A | B |\n| --- | --- |\n| x | y |\nTesto **grassetto** *corsivo* __sotto__'
		);
		expect(doc.content?.map((n) => n.type)).toEqual(['heading', 'heading', 'bulletList', 'orderedList', 'table', 'paragraph']);
		const table = doc.content![4] as PmNode;
		expect(table.content).toHaveLength(2); // the |---| rule is skipped
		expect((table.content![0] as PmNode).content![0].type).toBe('tableHeader');
		expect(parseInline('a **b** *c* __d__')).toEqual([
			{ type: 'text', text: 'a ' },
			{ type: 'text', text: 'b', marks: [{ type: 'bold' }] },
			{ type: 'text', text: ' ' },
			{ type: 'text', text: 'c', marks: [{ type: 'italic' }] },
			{ type: 'text', text: ' ' },
			{ type: 'text', text: 'd', marks: [{ type: 'underline' }] }
		]);
	});

	test('placeholders are filled from the case; values cannot inject markup; unknown ones stay visible', () => {
		const out = fillTemplate(
			'{{organismo}} n. {{organismo_registro}} – {{numero}}\n{{tabella_parti}}\n{{data_incontro}} {{sconosciuto}}',
			data
		);
		expect(out).toContain('Organismo Ètico n. 1234 – 2026/7');
		expect(out).toContain("| Zoë ∗∗Müller∗∗ / X | Istante | Francesca D'Angelo |");
		expect(out).toContain('__________ {{sconosciuto}}');
	});

	test('the version viewer escapes text', () => {
		const html = renderVerbaleHtml({
			type: 'doc',
			content: [{ type: 'paragraph', content: [{ type: 'text', text: '<script>x</script>', marks: [{ type: 'bold' }] }] }]
		});
		expect(html).toBe('<p><strong>&lt;script&gt;x&lt;/script&gt;</strong></p>');
	});
});
