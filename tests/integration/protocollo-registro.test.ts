import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '#db/shared/hash.ts';
import { registroCsvFile } from '#db/protocollo/csv.ts';
import { registroPdf } from '#db/protocollo/pdf.ts';
import { registroGiornaliero } from '#db/protocollo/registro.ts';
import { annullaProtocollo, registraProtocollo } from '#db/protocollo/repo.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { setupProtocollo } from './fixtures/protocollo-setup.ts';

let s: Awaited<ReturnType<typeof setupProtocollo>>;
beforeEach(async () => {
	s = await setupProtocollo();
});
afterEach(() => s.t.cleanup());

const at = (iso: string) => () => new Date(iso);
function reg(iso: string, over: Partial<Parameters<typeof registraProtocollo>[2]> = {}) {
	const r = registraProtocollo(
		s.db,
		s.segreteria,
		{ direzione: 'entrata', mittente: 'Società Edile Città S.r.l.', destinatario: '', oggetto: 'Istanza', procedimentoId: null, ...over },
		at(iso)
	);
	if (!r.ok) throw new Error(r.message);
	return r;
}

describe('registroGiornaliero', () => {
	it('holds the operations of one Italian day: entries, and annullamenti made that day (also of older entries)', () => {
		const old = reg('2026-11-25T10:00:00.000Z', { oggetto: 'Del giorno prima' });
		const doc = s.documento(s.casoMilano.id, 'Istanza firmata');
		const a = reg('2026-11-25T23:10:00.000Z', { oggetto: 'Prima del 26', procedimentoId: s.casoMilano.id, documentoIds: [doc] }); // 00:10 Rome
		const b = reg('2026-11-26T09:00:00.000Z', { direzione: 'uscita', mittente: '', destinatario: 'Mario Rossi', oggetto: 'Convocazione' });
		reg('2026-11-26T23:00:00.000Z', { oggetto: 'Del giorno dopo' }); // 00:00 of 27/11 in Rome
		annullaProtocollo(s.db, s.segreteria, old.id, 'Doppia registrazione', at('2026-11-26T10:00:00.000Z'));
		annullaProtocollo(s.db, s.segreteria, b.id, 'Destinatario errato', at('2026-11-26T11:00:00.000Z'));
		annullaProtocollo(s.db, s.segreteria, a.id, 'Annullata il giorno dopo', at('2026-11-27T08:00:00.000Z'));

		const r = registroGiornaliero(s.db, s.organismoId, '2026-11-26')!;
		expect(r.organismo).toEqual({ denominazione: 'Organismo di prova', numeroRegistro: '9999', codiceFiscale: null });
		expect(r.registrazioni.map((e) => [e.numero, e.oggetto])).toEqual([
			[2, 'Prima del 26'],
			[3, 'Convocazione']
		]);
		expect(r.registrazioni[0]).toMatchObject({
			procedimento: `${s.casoMilano.anno}/${s.casoMilano.numero}`,
			documenti: [{ titolo: 'Istanza firmata', nomeFile: 'istanza-firmata.pdf' }],
			registrataDa: 'Chiara segreteria',
			annullamento: null // annulled on the 27th: that day's register reports it
		});
		expect(r.registrazioni[1].annullamento).toMatchObject({ motivo: 'Destinatario errato', annullataDa: 'Chiara segreteria' });
		expect(r.annullamenti.map((e) => [e.numero, e.motivo])).toEqual([
			[1, 'Doppia registrazione'],
			[3, 'Destinatario errato']
		]);
		const next = registroGiornaliero(s.db, s.organismoId, '2026-11-27')!;
		expect(next.registrazioni.map((e) => e.oggetto)).toEqual(['Del giorno dopo']);
		expect(next.annullamenti.map((e) => e.numero)).toEqual([2]);
		expect(registroGiornaliero(s.db, 'altro', '2026-11-26')).toBeNull();
	});

	it('a closed day gives the same CSV bytes later on', () => {
		const x = reg('2026-11-26T09:00:00.000Z', { procedimentoId: s.casoMilano.id });
		const before = registroCsvFile(registroGiornaliero(s.db, s.organismoId, '2026-11-26')!).sha256;
		// The next day: a new entry, the annullamento of x, a document uploaded as registered by x.
		reg('2026-11-27T09:00:00.000Z');
		annullaProtocollo(s.db, s.segreteria, x.id, 'Prova di stabilità', at('2026-11-27T10:00:00.000Z'));
		s.documento(s.casoMilano.id, 'Allegato tardivo', { protocolloId: x.id, createdAt: new Date('2026-11-27T11:00:00.000Z') });
		expect(registroCsvFile(registroGiornaliero(s.db, s.organismoId, '2026-11-26')!).sha256).toBe(before);
		const next = registroGiornaliero(s.db, s.organismoId, '2026-11-27')!;
		expect(next.annullamenti[0].documenti.map((d) => d.titolo)).toEqual(['Allegato tardivo']);
	});
});

describe('registro CSV and PDF', () => {
	it('CSV: BOM, semicolons, CRLF, Italian dates, escaped quotes; its SHA-256 is the PDF footer', async () => {
		const b = reg('2026-11-26T09:05:00.000Z', { oggetto: 'Istanza "urgente"; seconda riga\nfine' });
		annullaProtocollo(s.db, s.segreteria, b.id, 'Errore', at('2026-11-26T09:30:00.000Z'));
		const r = registroGiornaliero(s.db, s.organismoId, '2026-11-26')!;
		const csv = registroCsvFile(r);
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.bytes);
		expect([...csv.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(csv.sha256).toBe(sha256Hex(csv.bytes));
		const lines = text.slice(1).split('\r\n');
		expect(lines).toHaveLength(4); // header, registration, annullamento, '' after the last CRLF
		expect(lines[0].split(';')).toHaveLength(15);
		expect(lines[1]).toContain('Registrazione;2026;1;26/11/2026 10:05;In entrata;Società Edile Città S.r.l.;Organismo di prova;');
		expect(lines[1]).toContain('"Istanza ""urgente""; seconda riga\nfine"');
		expect(lines[1]).toContain(';Chiara segreteria;26/11/2026 10:30;Errore;Chiara segreteria');
		expect(lines[2].startsWith('Annullamento;2026;1;26/11/2026 10:05;')).toBe(true);
		expect(lines[3]).toBe('');

		const pdf = await registroPdf(r, { csvSha256: csv.sha256, generatedAt: new Date('2026-11-27T07:00:00.000Z') });
		expect(await pdfText(pdf)).toContain(csv.sha256);
	});

	it('PDF: metadata, Unicode text, wrapping, "Pagina X di Y" on every page', async () => {
		const long = 'Comunicazione di rinvio dell’incontro: perché la parte è impossibilitata, si propone un’altra data. '.repeat(6);
		for (let i = 0; i < 45; i++)
			reg(`2026-11-26T${String(8 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}:00.000Z`, {
				mittente: i % 2 ? 'Niccolò Della Valle' : 'Società Édile Città S.r.l.',
				oggetto: i % 3 ? `Oggetto n. ${i}` : long
			});
		const r = registroGiornaliero(s.db, s.organismoId, '2026-11-26')!;
		const csv = registroCsvFile(r);
		const generatedAt = new Date('2026-11-27T07:00:00.000Z');
		const bytes = await registroPdf(r, { csvSha256: csv.sha256, generatedAt });

		const doc = await PDFDocument.load(bytes, { updateMetadata: false });
		const pages = doc.getPageCount();
		expect(pages).toBeGreaterThan(2);
		expect(doc.getTitle()).toBe('Registro giornaliero di protocollo del 26/11/2026 — Organismo di prova');
		expect(doc.getAuthor()).toBe('Organismo di prova');
		expect(doc.getSubject()).toContain('iscritto al n. 9999');
		expect(doc.getCreationDate()?.toISOString()).toBe(generatedAt.toISOString());

		const text = await pdfText(bytes);
		expect(text).toContain('Registro giornaliero di protocollo');
		expect(text).toContain('giovedì 26 novembre 2026');
		expect(text).toContain('Generato il 27/11/2026 08:00');
		expect(text).toContain('Società Édile Città');
		expect(text).toContain('Niccolò Della Valle');
		expect(text).toContain('dell’incontro: perché la parte è');
		expect(text).not.toContain('Registro provvisorio');
		for (let p = 1; p <= pages; p++) expect(text).toContain(`Pagina ${p} di ${pages}`);
		expect(text.match(/Pagina \d+ di \d+/g)).toHaveLength(pages);
		// Every entry number appears (none lost at page breaks).
		const pageTexts = text.split('\f');
		for (let n = 1; n <= 45; n++) expect(pageTexts.some((t) => new RegExp(`^${n}\\s+\\d{2}:\\d{2}`, 'm').test(t))).toBe(true);
	});

	it('PDF of a day in progress says it is provisional; an empty day says so', async () => {
		const r = registroGiornaliero(s.db, s.organismoId, '2026-11-26')!;
		const bytes = await registroPdf(r, { csvSha256: registroCsvFile(r).sha256, generatedAt: new Date('2026-11-26T15:00:00.000Z') });
		const text = await pdfText(bytes);
		expect(text).toContain('Registro provvisorio');
		expect(text).toContain('Nessuna registrazione nella giornata.');
		expect(text).toContain('Nessun annullamento nella giornata.');
		expect(text).toContain('Pagina 1 di 1');
	});
});
