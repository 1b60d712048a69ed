import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cambiaStatoIncontro, prenotaIncontro, setImpostazioniAgenda, spostaIncontro } from '#db/agenda/repo.ts';
import { soggettiCaso } from '#db/agenda/occupazioni.ts';
import { decidiRichiesta, richiediSpostamento } from '#db/agenda/richieste.ts';
import { proponiDate } from '#db/agenda/suggest.ts';
import { listNotifiche } from '#db/agenda/notifications.ts';
import { aggiungiDisponibilita, aggiungiIndisponibilita } from '#db/agenda/availability.ts';
import type { Db } from '#db/client.ts';
import { auditLog, incontri, procedimenti, richiesteModifica, stanze } from '#db/schema.ts';
import { createTestDb } from '../helpers/db.ts';
import { setupAgenda } from './agenda-fixture.ts';

const NOW = Date.parse('2026-11-26T10:00:00Z');
let t: ReturnType<typeof createTestDb>;
let db: Db;
let f: Awaited<ReturnType<typeof setupAgenda>>;

beforeEach(async () => {
	t = createTestDb();
	db = t.db;
	f = await setupAgenda(db);
});
afterEach(() => t.cleanup());

const input = (over: Record<string, unknown> = {}) => ({
	data: '2026-12-01',
	dalle: '10:00',
	alle: '12:00',
	tipo: 'primo' as const,
	modalita: 'presenza' as const,
	salaId: f.salaVerdi,
	mediatoreId: null,
	note: '',
	confermaAvvisi: false,
	...over
});

describe('booking meetings', () => {
	it('books in UTC with the case mediator by default, audits and notifies', () => {
		const p = f.newCase(f.m1.id);
		const r = prenotaIncontro(db, f.segreteria, p, input(), NOW);
		expect(r).toMatchObject({ ok: true, message: 'Incontro fissato il 01/12/2026 10:00–12:00.' });
		const row = db.select().from(incontri).where(eq(incontri.procedimentoId, p)).get()!;
		expect(row).toMatchObject({
			inizio: '2026-12-01T09:00:00.000Z',
			durataMinuti: 120,
			mediatoreId: f.m1.id,
			salaId: f.salaVerdi,
			stato: 'fissato'
		});
		expect(JSON.parse(row.convocati)).toHaveLength(soggettiCaso(db, p).length);
		expect(db.select().from(auditLog).where(eq(auditLog.action, 'incontro.fissato')).all()).toHaveLength(1);
		expect(listNotifiche(db, { id: f.m1.id, organismoId: f.organismoId })[0].titolo).toMatch(
			/^Incontro fissato — procedimento n\. 2026\/1/
		);
	});

	it('refuses the same sala at an overlapping time, saving nothing', () => {
		const a = f.newCase(f.m1.id);
		const b = f.newCase(f.m2.id);
		expect(prenotaIncontro(db, f.segreteria, a, input(), NOW).ok).toBe(true);
		const r = prenotaIncontro(db, f.segreteria, b, input({ dalle: '11:00', alle: '13:00' }), NOW);
		expect(r.ok).toBe(false);
		if (!r.ok)
			expect(r.errors).toEqual(["La sala «Sala Verdi» è già occupata il 01/12/2026 10:00–12:00 dall'incontro del procedimento n. 2026/1."]);
		expect(db.select().from(incontri).where(eq(incontri.procedimentoId, b)).all()).toHaveLength(0);
	});

	it('refuses the same mediator elsewhere, holidays, past dates, end before start and the DST gap', () => {
		const a = f.newCase(f.m1.id);
		const b = f.newCase(f.m1.id);
		prenotaIncontro(db, f.segreteria, a, input(), NOW);
		const errs = (over: Record<string, unknown>) => {
			const r = prenotaIncontro(db, f.segreteria, b, input(over), NOW);
			return r.ok ? [] : r.errors;
		};
		expect(errs({ salaId: f.salaBlu })[0]).toMatch(/^Il mediatore Anna Rossi ha già un incontro il 01\/12\/2026 10:00–12:00/);
		expect(errs({ data: '2026-12-08' })[0]).toMatch(/festivo \(Immacolata Concezione\)/);
		expect(errs({ data: '2026-11-20' })[0]).toMatch(/nel passato/);
		expect(errs({ dalle: '12:00', alle: '10:00' })[0]).toMatch(/deve essere successivo/);
		expect(errs({ data: '2027-03-28', dalle: '02:30', alle: '03:30' })[0]).toMatch(/non esiste in Italia/);
		expect(errs({ modalita: 'presenza', salaId: null })[0]).toBe('Per un incontro in presenza scegli la sala.');
		expect(db.select().from(incontri).where(eq(incontri.procedimentoId, b)).all()).toHaveLength(0);
	});

	it('warns when a party is convoked elsewhere and books only after confirmation', () => {
		// The same parties (same codice fiscale → same persona) in two cases.
		const a = f.newCase(f.m1.id);
		const b = f.newCase(f.m2.id);
		prenotaIncontro(db, f.segreteria, a, input(), NOW);
		const r = prenotaIncontro(db, f.segreteria, b, input({ salaId: f.salaBlu, tipo: 'primo' }), NOW);
		expect(r).toMatchObject({ ok: false, errors: [], confirm: true });
		if (!r.ok) expect(r.warnings[0]).toMatch(/Anna Verdi è già convocato\/a il 01\/12\/2026 10:00–12:00/);
		expect(prenotaIncontro(db, f.segreteria, b, input({ salaId: f.salaBlu, confermaAvvisi: true }), NOW).ok).toBe(true);
	});

	it('telematica: no sala, and the online room of the case is created', () => {
		const p = f.newCase(f.m1.id);
		const r = prenotaIncontro(db, f.segreteria, p, input({ modalita: 'telematica', salaId: f.salaVerdi }), NOW);
		expect(r.ok).toBe(true);
		expect(db.select().from(incontri).get()!.salaId).toBeNull();
		expect(db.select().from(stanze).where(eq(stanze.procedimentoId, p)).all()).toHaveLength(1);
	});

	it('only one active first meeting; moving bumps the sequence; postponing needs a reason', () => {
		const p = f.newCase(f.m1.id);
		const r = prenotaIncontro(db, f.segreteria, p, input(), NOW);
		if (!r.ok) throw new Error('booking failed');
		const again = prenotaIncontro(db, f.segreteria, p, input({ data: '2026-12-02' }), NOW);
		expect(again.ok).toBe(false);
		if (!again.ok) expect(again.errors[0]).toMatch(/Il primo incontro è già fissato/);
		const moved = spostaIncontro(
			db,
			f.segreteria,
			r.id,
			{ data: '2026-12-03', dalle: '15:00', alle: '16:30', salaId: null, motivo: 'richiesta delle parti', confermaAvvisi: false },
			NOW
		);
		expect(moved).toMatchObject({ ok: true, message: 'Incontro spostato al 03/12/2026 15:00–16:30.' });
		expect(db.select().from(incontri).get()).toMatchObject({ inizio: '2026-12-03T14:00:00.000Z', durataMinuti: 90, sequenza: 1 });
		expect(cambiaStatoIncontro(db, f.segreteria, r.id, 'rinviato', '', NOW).ok).toBe(false);
		expect(cambiaStatoIncontro(db, f.segreteria, r.id, 'tenuto', '', NOW).ok).toBe(false);
		expect(cambiaStatoIncontro(db, f.segreteria, r.id, 'rinviato', 'malattia del mediatore', NOW).ok).toBe(true);
		expect(db.select().from(incontri).get()).toMatchObject({ stato: 'rinviato', motivoRinvio: 'malattia del mediatore', sequenza: 2 });
	});

	it("mediator's change request: checked, then applied by the segreteria", () => {
		setImpostazioniAgenda(db, f.segreteria, { modificaMediatore: 'richiesta', durataPredefinita: 120 });
		const p = f.newCase(f.m1.id);
		const r = prenotaIncontro(db, f.segreteria, p, input(), NOW);
		if (!r.ok) throw new Error('booking failed');
		const bad = richiediSpostamento(
			db,
			f.mediatore,
			r.id,
			{ data: '2026-12-06', dalle: '10:00', alle: '11:00', salaId: null, motivo: '', confermaAvvisi: false },
			NOW
		);
		expect(bad.ok).toBe(false);
		const req = richiediSpostamento(
			db,
			f.mediatore,
			r.id,
			{ data: '2026-12-04', dalle: '10:00', alle: '11:00', salaId: null, motivo: 'impegno', confermaAvvisi: false },
			NOW
		);
		expect(req.ok).toBe(true);
		expect(db.select().from(incontri).get()!.inizio).toBe('2026-12-01T09:00:00.000Z');
		expect(listNotifiche(db, f.segreteria).some((n) => n.titolo.startsWith('Richiesta di spostamento'))).toBe(true);
		const rid = db.select().from(richiesteModifica).get()!.id;
		expect(decidiRichiesta(db, f.segreteria, rid, true, NOW).ok).toBe(true);
		expect(db.select().from(incontri).get()!.inizio).toBe('2026-12-04T09:00:00.000Z');
		expect(listNotifiche(db, { id: f.m1.id, organismoId: f.organismoId }).some((n) => n.titolo.includes('approvata'))).toBe(true);
	});
});

describe('Proponi date', () => {
	it('first meeting: first free slots inside the 20–40 day window, avoiding the mediator and sala', () => {
		const a = f.newCase(f.m1.id);
		const b = f.newCase(f.m1.id);
		// Filing 10/11/2026: window 30/11–20/12. Occupy the mediator on 30/11 morning.
		prenotaIncontro(db, f.segreteria, a, input({ data: '2026-11-30', dalle: '09:00', alle: '13:00' }), NOW);
		const r = proponiDate(db, b, { tipo: 'primo', modalita: 'presenza', durataMinuti: 120, now: NOW })!;
		expect(r.finestra).toMatchObject({ dal: '2026-11-30', al: '2026-12-20' });
		expect(r.finestra.descrizione).toMatch(/da 20 a 40 giorni dal deposito del 10\/11\/2026/);
		expect(r.slots.map((s) => `${s.data} ${s.dalle}`)).toEqual([
			'2026-11-30 13:00',
			'2026-12-01 09:00',
			'2026-12-02 09:00',
			'2026-12-03 09:00',
			'2026-12-04 09:00'
		]);
		expect(r.slots[0].salaNome).toBe('Sala Verdi');
		// One click: booking the first proposal works.
		const s = r.slots[0];
		expect(prenotaIncontro(db, f.segreteria, b, input({ data: s.data, dalle: s.dalle, alle: s.alle, salaId: s.salaId }), NOW).ok).toBe(
			true
		);
	});

	it('window already passed: proposals from the first useful day, flagged', () => {
		const p = f.newCase(f.m1.id, '2026-09-01');
		db.update(procedimenti).set({ stato: 'comunicata' }).where(eq(procedimenti.id, p)).run();
		const r = proponiDate(db, p, { tipo: 'primo', modalita: 'telematica', durataMinuti: 60, now: NOW })!;
		expect(r.finestra.scaduta).toBe(true);
		expect(r.slots[0]).toMatchObject({ data: '2026-11-27', dalle: '09:00', salaId: null });
	});

	it("respects the mediator's declared availability and unavailability", () => {
		const p = f.newCase(f.m1.id);
		expect(aggiungiDisponibilita(db, f.mediatore, { giorno: 3, dalle: '14:00', alle: '18:00' }).ok).toBe(true);
		expect(aggiungiDisponibilita(db, f.mediatore, { giorno: 3, dalle: '17:00', alle: '19:00' }).ok).toBe(false);
		expect(
			aggiungiIndisponibilita(
				db,
				f.mediatore,
				{ dal: '2026-12-02', dalle: '09:00', al: '2026-12-02', alle: '19:00', motivo: 'udienza' },
				NOW
			).ok
		).toBe(true);
		const r = proponiDate(db, p, { tipo: 'primo', modalita: 'telematica', durataMinuti: 120, limite: 2, now: NOW })!;
		// Wednesdays only, 14–18; Wednesday 02/12 is blocked.
		expect(r.slots.map((s) => `${s.data} ${s.dalle}`)).toEqual(['2026-12-09 14:00', '2026-12-16 14:00']);
		const refused = prenotaIncontro(db, f.segreteria, p, input({ data: '2026-12-02', modalita: 'telematica' }), NOW);
		expect(refused.ok).toBe(false);
		if (!refused.ok) expect(refused.errors[0]).toMatch(/non essere disponibile il 02\/12\/2026 09:00–19:00 \(udienza\)/);
	});
});
