import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatDataOraSecondi } from '../../shared/time.ts';
import { createPdf, setPdfInfo, wrapText } from '../../pdf/index.ts';
import type { EsitoControllo, RapportoVerifica } from './types.ts';

const A4: [number, number] = [595.28, 841.89];
const M = 50;
const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.38, 0.4, 0.44);
const RED = rgb(0.7, 0.1, 0.1);
const GREEN = rgb(0.1, 0.45, 0.2);

const ESITO: Record<RapportoVerifica['esito'], string> = {
	valida: 'VALIDA',
	non_valida: 'NON VALIDA',
	non_verificabile: 'NON VERIFICABILE',
	non_firmato: 'FILE NON FIRMATO'
};
const MARK: Record<EsitoControllo, string> = { ok: '✓', ko: '✗', nv: '?', avviso: '!' };

const fmt = formatDataOraSecondi;

class Writer {
	page: PDFPage;
	y = A4[1] - M;
	doc: PDFDocument;
	regular: PDFFont;
	bold: PDFFont;
	constructor(doc: PDFDocument, regular: PDFFont, bold: PDFFont) {
		this.doc = doc;
		this.regular = regular;
		this.bold = bold;
		this.page = doc.addPage(A4);
	}
	text(s: string, opts: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; indent?: number; after?: number } = {}) {
		const size = opts.size ?? 9.5;
		const font = opts.bold ? this.bold : this.regular;
		const x = M + (opts.indent ?? 0);
		const max = A4[0] - M - x;
		for (const l of wrapText(s, font, size, max)) {
			if (this.y < M + size) {
				this.page = this.doc.addPage(A4);
				this.y = A4[1] - M;
			}
			this.page.drawText(l, { x, y: this.y - size, size, font, color: opts.color ?? INK });
			this.y -= size * 1.4;
		}
		this.y -= opts.after ?? 0;
	}
}

/** The rapporto di verifica as a PDF (DejaVu Sans embedded). */
export async function renderRapportoPdf(r: RapportoVerifica, organismo: string): Promise<Uint8Array> {
	const { doc, fonts } = await createPdf(['regular', 'bold'] as const);
	setPdfInfo(doc, {
		title: `Rapporto di verifica – ${r.file.nome}`,
		author: organismo,
		subject: 'Verifica delle firme digitali',
		keywords: ['firma digitale', 'rapporto di verifica'],
		date: new Date(r.verificatoIl)
	});
	const w = new Writer(doc, fonts.regular, fonts.bold);
	w.text(organismo, { size: 9, color: GREY, after: 4 });
	w.text('Rapporto di verifica delle firme digitali', { size: 15, bold: true, after: 6 });
	w.text(`File: ${r.file.nome} (${r.file.formato.toUpperCase()}, ${r.file.dimensione} byte)`);
	w.text(`Impronta SHA-256: ${r.file.sha256}`, { size: 8.5 });
	if (r.contenuto) w.text(`Documento contenuto: ${r.contenuto.formato.toUpperCase()}, SHA-256 ${r.contenuto.sha256}`, { size: 8.5 });
	w.text(`Verificato il: ${fmt(r.verificatoIl)}`, { after: 6 });
	w.text(`Esito: ${ESITO[r.esito]} – ${r.sintesi}`, { size: 12, bold: true, color: r.esito === 'valida' ? GREEN : RED, after: 6 });
	for (const p of r.problemi) w.text(`! ${p}`, { color: RED });
	if (r.pdfa)
		w.text(
			`PDF/A: ${r.pdfa.dichiarato ? (r.pdfa.integro ? 'dichiarato, non compromesso dalle firme' : 'dichiarato, compromesso da un aggiornamento') : 'non dichiarato'}.`,
			{ after: 8 }
		);
	for (const f of r.firme) {
		const who = f.firmatario
			? `${f.firmatario.nome}${f.firmatario.codiceFiscale ? ` (CF ${f.firmatario.codiceFiscale})` : ''}`
			: 'firmatario sconosciuto';
		w.text(`Firma ${f.indice} – ${f.formato}${f.campo ? `, campo «${f.campo}»` : ''}${f.livello ? `, livello ${f.livello}` : ''}: ${who}`, {
			size: 11,
			bold: true,
			after: 2
		});
		w.text(`Esito: ${ESITO[f.esito]}`, { bold: true, color: f.esito === 'valida' ? GREEN : RED, indent: 10 });
		if (f.firmatario) {
			w.text(
				`Emittente: ${f.firmatario.emittente}; numero di serie ${f.firmatario.seriale}; valido dal ${fmt(f.firmatario.validoDal)} al ${fmt(f.firmatario.validoAl)}`,
				{ indent: 10 }
			);
		}
		if (f.oraDichiarata) w.text(`Ora dichiarata dal firmatario: ${fmt(f.oraDichiarata)}`, { indent: 10 });
		if (f.marcaTemporale?.ora) w.text(`Marca temporale: ${fmt(f.marcaTemporale.ora)} – ${f.marcaTemporale.messaggio}`, { indent: 10 });
		for (const c of f.controlli) w.text(`${MARK[c.esito]} ${c.messaggio}`, { indent: 10, color: c.esito === 'ko' ? RED : INK });
		w.y -= 8;
	}
	w.text(
		'Legenda: ✓ superato, ✗ non superato, ? non verificabile, ! avviso. Il rapporto JSON con gli stessi dati è conservato con il documento.',
		{
			size: 8,
			color: GREY
		}
	);
	return doc.save();
}
