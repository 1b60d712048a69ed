import { describe, expect, it } from 'vitest';
import { AnnullamentoSchema, DocumentiSchema, FiltriSchema, parseRegistroParam, RegistrazioneSchema } from '#db/protocollo/validation.ts';

const richiestaId = 'abcdefghijklmnopqrstuvwx';
const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
	Object.fromEntries((r.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));

describe('RegistrazioneSchema', () => {
	it('entrata needs the mittente, uscita the destinatario, interno both; oggetto always', () => {
		expect(messages(RegistrazioneSchema.safeParse({ richiestaId, direzione: 'entrata', oggetto: '' }))).toEqual({
			oggetto: "Indica l'oggetto della registrazione.",
			mittente: 'Per una registrazione in entrata indica il mittente.'
		});
		expect(messages(RegistrazioneSchema.safeParse({ richiestaId, direzione: 'uscita', mittente: 'x', oggetto: 'y' }))).toEqual({
			destinatario: 'Per una registrazione in uscita indica il destinatario.'
		});
		expect(Object.keys(messages(RegistrazioneSchema.safeParse({ richiestaId, direzione: 'interno', oggetto: 'y' })))).toEqual([
			'mittente',
			'destinatario'
		]);
		expect(messages(RegistrazioneSchema.safeParse({ richiestaId, direzione: 'altro', oggetto: 'y' }))).toMatchObject({
			direzione: 'Scegli la direzione: in entrata, in uscita o interno.'
		});
		expect(messages(RegistrazioneSchema.safeParse({ richiestaId: 'x', direzione: 'entrata', mittente: 'a', oggetto: 'b' }))).toEqual({
			richiestaId: 'Richiesta non valida: ricarica la pagina.'
		});
	});

	it('trims, limits lengths and reads the case number anno/numero', () => {
		const ok = RegistrazioneSchema.parse({
			richiestaId,
			direzione: 'entrata',
			mittente: '  Mario  ',
			oggetto: ' Istanza ',
			procedimento: '2026 / 12'
		});
		expect(ok).toMatchObject({ mittente: 'Mario', destinatario: '', oggetto: 'Istanza', procedimento: { anno: 2026, numero: 12 } });
		expect(
			RegistrazioneSchema.parse({ richiestaId, direzione: 'entrata', mittente: 'M', oggetto: 'O', procedimento: '' }).procedimento
		).toBeNull();
		expect(
			messages(RegistrazioneSchema.safeParse({ richiestaId, direzione: 'entrata', mittente: 'M', oggetto: 'O', procedimento: '12' }))
		).toEqual({
			procedimento: 'Indica il procedimento come anno/numero, ad esempio 2026/1.'
		});
		expect(messages(RegistrazioneSchema.safeParse({ richiestaId, direzione: 'entrata', mittente: 'M'.repeat(301), oggetto: 'O' }))).toEqual(
			{
				mittente: 'Massimo 300 caratteri.'
			}
		);
	});
});

describe('other schemas', () => {
	it('annullamento needs a reason of at least 5 characters', () => {
		expect(messages(AnnullamentoSchema.safeParse({ motivo: ' ab ' }))).toEqual({
			motivo: "Indica il motivo dell'annullamento (almeno 5 caratteri)."
		});
		expect(AnnullamentoSchema.parse({ motivo: ' Mittente errato ' })).toEqual({ motivo: 'Mittente errato' });
	});

	it('documents: ids, deduplicated, at most 50', () => {
		expect(DocumentiSchema.parse(['a', 'b', 'a'])).toEqual(['a', 'b']);
		expect(DocumentiSchema.safeParse(['a b']).success).toBe(false);
		expect(DocumentiSchema.safeParse(Array.from({ length: 51 }, (_, i) => `d${i}`)).success).toBe(false);
	});

	it('filters: real dates in order, known direction, page number', () => {
		expect(FiltriSchema.parse({})).toEqual({ dal: null, al: null, direzione: null, q: '', pagina: 1 });
		expect(FiltriSchema.parse({ dal: '2026-11-01', al: '2026-11-30', direzione: 'uscita', q: ' rossi ', pagina: '3' })).toEqual({
			dal: '2026-11-01',
			al: '2026-11-30',
			direzione: 'uscita',
			q: 'rossi',
			pagina: 3
		});
		expect(messages(FiltriSchema.safeParse({ dal: '2026-02-30' }))).toEqual({ dal: 'Dal: data non valida.' });
		expect(messages(FiltriSchema.safeParse({ dal: '2026-11-30', al: '2026-11-01' }))).toEqual({
			al: 'La data finale precede quella iniziale.'
		});
		expect(FiltriSchema.safeParse({ pagina: '0' }).success).toBe(false);
		expect(FiltriSchema.safeParse({ direzione: 'sideways' }).success).toBe(false);
	});

	it('the register download address: /protocollo/registro/<YYYY-MM-DD>.<pdf|csv>', () => {
		expect(parseRegistroParam('2026-11-26.pdf')).toEqual({ giorno: '2026-11-26', formato: 'pdf' });
		expect(parseRegistroParam('2026-11-26.csv')).toEqual({ giorno: '2026-11-26', formato: 'csv' });
		for (const bad of ['2026-11-26', '2026-11-26.xls', '2026-02-30.pdf', '../x.pdf', '2026-11-26.pdf.exe'])
			expect(parseRegistroParam(bad)).toBeNull();
	});
});
