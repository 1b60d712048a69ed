import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '#db/audit/repo.ts';
import { newId } from '#db/shared/ids.ts';
import { annullaProtocollo, getProtocollo, listProtocollo, listProtocolloProcedimento, registraProtocollo } from '#db/protocollo/repo.ts';
import { setupProtocollo } from './fixtures/protocollo-setup.ts';
import { createOrganismo, createUser } from '../helpers/db.ts';
import type { UserActor } from '#db/access/index.ts';

let s: Awaited<ReturnType<typeof setupProtocollo>>;
beforeEach(async () => {
	s = await setupProtocollo();
});
afterEach(() => s.t.cleanup());

const entrata = (over: Partial<Parameters<typeof registraProtocollo>[2]> = {}) => ({
	direzione: 'entrata' as const,
	mittente: 'Avv. Francesca D’Angelo',
	destinatario: '',
	oggetto: 'Istanza di mediazione',
	procedimentoId: null,
	...over
});
const at = (iso: string) => () => new Date(iso);
const sql = (q: string, ...args: unknown[]) => s.db.$client.prepare(q).all(...args);

describe('registraProtocollo', () => {
	it('numbers per Organismo and Italian year, stores UTC time, fills the Organismo as the other end, audits', () => {
		const a = registraProtocollo(s.db, s.segreteria, entrata(), at('2026-12-31T22:59:00.000Z')); // 23:59 in Rome
		const b = registraProtocollo(
			s.db,
			s.segreteria,
			entrata({ direzione: 'uscita', mittente: '', destinatario: 'Condominio' }),
			at('2026-12-31T23:00:30.000Z')
		); // 00:00 of 2027
		const c = registraProtocollo(s.db, s.responsabile, entrata(), at('2027-01-02T09:00:00.000Z'));
		expect(a).toMatchObject({ ok: true, anno: 2026, numero: 1, registratoIl: '2026-12-31T22:59:00.000Z', duplicate: false });
		expect(b).toMatchObject({ ok: true, anno: 2027, numero: 1 });
		expect(c).toMatchObject({ ok: true, anno: 2027, numero: 2 });
		const rows = sql('SELECT mittente, destinatario FROM protocollo ORDER BY registrato_il');
		expect(rows).toEqual([
			{ mittente: 'Avv. Francesca D’Angelo', destinatario: 'Organismo di prova' },
			{ mittente: 'Organismo di prova', destinatario: 'Condominio' },
			{ mittente: 'Avv. Francesca D’Angelo', destinatario: 'Organismo di prova' }
		]);
		const audit = sql(
			"SELECT actor_id AS actorId, entity_id AS entityId, details FROM audit_log WHERE action = 'protocollo.registrato' ORDER BY id"
		);
		expect(audit).toHaveLength(3);
		expect(audit[0]).toMatchObject({ actorId: s.segreteria.id, entityId: a.ok && a.id });
		expect(JSON.parse((audit[1] as { details: string }).details)).toMatchObject({ numero: '2027/1', direzione: 'uscita' });
		expect(verifyAuditChain(s.db).ok).toBe(true);
	});

	it('refuses non-staff, missing parties and a case of another Organismo, without using a number', () => {
		expect(registraProtocollo(s.db, s.mediatore, entrata())).toMatchObject({ ok: false, code: 'forbidden' });
		expect(registraProtocollo(s.db, s.segreteria, entrata({ mittente: '  ' }))).toMatchObject({ ok: false, field: 'mittente' });
		expect(registraProtocollo(s.db, s.segreteria, entrata({ direzione: 'interno', destinatario: '' }))).toMatchObject({
			ok: false,
			field: 'destinatario'
		});
		expect(registraProtocollo(s.db, s.segreteria, entrata({ oggetto: ' ' }))).toMatchObject({ ok: false, field: 'oggetto' });
		expect(registraProtocollo(s.db, s.segreteria, entrata({ procedimentoId: 'non-esiste' }))).toMatchObject({
			ok: false,
			field: 'procedimento',
			message: 'Procedimento non trovato.'
		});
		const other = { ...s.segreteria, organismoId: 'altro-organismo' };
		expect(registraProtocollo(s.db, other, entrata({ procedimentoId: s.casoMilano.id }))).toMatchObject({ ok: false });
		expect(sql('SELECT count(*) AS n FROM protocollo')).toEqual([{ n: 0 }]);
		expect(sql("SELECT count(*) AS n FROM contatori WHERE registro = 'protocollo'")).toEqual([{ n: 0 }]);
		expect(registraProtocollo(s.db, s.segreteria, entrata())).toMatchObject({ ok: true, numero: 1 });
	});

	it('applies the segreteria sede limits to the linked case', () => {
		expect(registraProtocollo(s.db, s.segreteriaRoma, entrata({ procedimentoId: s.casoMilano.id }))).toMatchObject({
			ok: false,
			code: 'forbidden',
			field: 'procedimento'
		});
		expect(registraProtocollo(s.db, s.segreteriaRoma, entrata({ procedimentoId: s.casoRoma.id }))).toMatchObject({ ok: true });
		expect(registraProtocollo(s.db, s.segreteriaRoma, entrata())).toMatchObject({ ok: true }); // no case: any staff
	});

	it('links only documents of the same case', () => {
		const d1 = s.documento(s.casoMilano.id, 'Istanza');
		const d2 = s.documento(s.casoMilano.id, 'Procura');
		const altro = s.documento(s.casoRoma.id, 'Perizia');
		expect(registraProtocollo(s.db, s.segreteria, entrata({ procedimentoId: s.casoMilano.id, documentoIds: [d1, altro] }))).toMatchObject({
			ok: false,
			field: 'documenti',
			message: 'Uno o più documenti non appartengono a questo procedimento.'
		});
		expect(registraProtocollo(s.db, s.segreteria, entrata({ documentoIds: [d1] }))).toMatchObject({ ok: false, field: 'documenti' });
		const ok = registraProtocollo(s.db, s.segreteria, entrata({ procedimentoId: s.casoMilano.id, documentoIds: [d1, d2, d1] }));
		expect(ok).toMatchObject({ ok: true, numero: 1 });
		if (!ok.ok) return;
		// A document uploaded later into the fascicolo as registered by this entry counts too.
		s.documento(s.casoMilano.id, 'Ricevuta PEC', { protocolloId: ok.id });
		const entry = getProtocollo(s.db, s.organismoId, ok.id)!;
		expect(entry.docs.map((d) => d.titolo)).toEqual(['Istanza', 'Procura', 'Ricevuta PEC']);
		expect(entry.documenti).toBe(3);
		expect(entry).toMatchObject({ procAnno: s.casoMilano.anno, procNumero: s.casoMilano.numero, autoreNome: 'Chiara segreteria' });
		expect(getProtocollo(s.db, 'altro-organismo', ok.id)).toBeNull();
	});

	it('registers a form submission once (richiestaId), even when sent twice', () => {
		const richiestaId = newId();
		const first = registraProtocollo(s.db, s.segreteria, entrata({ richiestaId }));
		const again = registraProtocollo(s.db, s.segreteria, entrata({ richiestaId }));
		expect(first).toMatchObject({ ok: true, numero: 1, duplicate: false });
		expect(again).toMatchObject({ ok: true, id: first.ok && first.id, numero: 1, duplicate: true });
		expect(registraProtocollo(s.db, s.responsabile, entrata({ richiestaId }))).toMatchObject({ ok: false, field: 'form' });
		expect(sql('SELECT count(*) AS n FROM protocollo')).toEqual([{ n: 1 }]);
	});

	it('keys are per Organismo: another Organismo registers its own entry with the same key, and cannot see the first', async () => {
		const richiestaId = newId();
		const first = registraProtocollo(s.db, s.segreteria, entrata({ richiestaId }));
		const altro = createOrganismo(s.db, { denominazione: 'Altro organismo' });
		const u = await createUser(s.db, altro.organismoId, 'segreteria');
		const segreteriaAltro: UserActor = { kind: 'user', id: u.id, organismoId: altro.organismoId, role: 'segreteria', sedeIds: null };
		const other = registraProtocollo(s.db, segreteriaAltro, entrata({ richiestaId }));
		expect(other).toMatchObject({ ok: true, numero: 1, duplicate: false });
		expect(other.ok && first.ok && other.id !== first.id).toBe(true);
		expect(registraProtocollo(s.db, segreteriaAltro, entrata({ richiestaId }))).toMatchObject({
			duplicate: true,
			id: other.ok && other.id
		});
		expect(sql('SELECT organismo_id AS o, numero FROM protocollo WHERE richiesta_id = ? ORDER BY organismo_id', richiestaId)).toHaveLength(
			2
		);
		// The unique index is per Organismo: the same key twice in one Organismo cannot be stored.
		expect(() =>
			s.db.$client
				.prepare(
					"INSERT INTO protocollo (id, organismo_id, anno, numero, registrato_il, direzione, mittente, destinatario, oggetto, richiesta_id) VALUES ('x', ?, 2026, 99, '2026-01-01T00:00:00Z', 'entrata', 'a', 'b', 'c', ?)"
				)
				.run(s.organismoId, richiestaId)
		).toThrow(/UNIQUE/);
	});
});

describe('annullaProtocollo', () => {
	it('records the reason once, keeps the entry, audits; a second annullamento is refused with a message', () => {
		const r = registraProtocollo(s.db, s.segreteria, entrata(), at('2026-11-26T09:00:00.000Z'));
		if (!r.ok) throw new Error(r.message);
		expect(annullaProtocollo(s.db, s.segreteria, r.id, 'Mittente errato', at('2026-11-26T10:20:00.000Z'))).toEqual({
			ok: true,
			annullatoIl: '2026-11-26T10:20:00.000Z'
		});
		expect(annullaProtocollo(s.db, s.responsabile, r.id, 'Di nuovo')).toEqual({
			ok: false,
			code: 'invalid',
			field: 'motivo',
			message: 'La registrazione n. 2026/1 è già stata annullata il 26/11/2026 11:20.'
		});
		const entry = getProtocollo(s.db, s.organismoId, r.id)!;
		expect(entry).toMatchObject({
			oggetto: 'Istanza di mediazione',
			annullatoIl: '2026-11-26T10:20:00.000Z',
			motivoAnnullamento: 'Mittente errato'
		});
		expect(entry.annullatoDa).toBe('Chiara segreteria');
		const audit = sql("SELECT details FROM audit_log WHERE action = 'protocollo.annullato'") as { details: string }[];
		expect(audit.map((a) => JSON.parse(a.details))).toEqual([{ numero: '2026/1', motivo: 'Mittente errato' }]);
		// The next entry takes the next number: annulled numbers are never reused.
		expect(registraProtocollo(s.db, s.segreteria, entrata(), at('2026-11-26T11:00:00.000Z'))).toMatchObject({ numero: 2 });
	});

	it('requires a reason, staff, the same Organismo and the sede of the linked case', () => {
		const r = registraProtocollo(s.db, s.segreteria, entrata({ procedimentoId: s.casoMilano.id }));
		if (!r.ok) throw new Error(r.message);
		expect(annullaProtocollo(s.db, s.segreteria, r.id, ' no ')).toMatchObject({ ok: false, field: 'motivo' });
		expect(annullaProtocollo(s.db, s.mediatore, r.id, 'Motivo valido')).toMatchObject({ ok: false, code: 'forbidden' });
		expect(annullaProtocollo(s.db, s.segreteriaRoma, r.id, 'Motivo valido')).toMatchObject({ ok: false, code: 'forbidden' });
		expect(annullaProtocollo(s.db, { ...s.segreteria, organismoId: 'altro' }, r.id, 'Motivo valido')).toMatchObject({ code: 'not_found' });
		expect(sql('SELECT count(*) AS n FROM protocollo_annullamenti')).toEqual([{ n: 0 }]);
		expect(annullaProtocollo(s.db, s.responsabile, r.id, 'Motivo valido')).toMatchObject({ ok: true });
	});
});

describe('append-only tables', () => {
	it('SQL triggers refuse UPDATE and DELETE of entries and annullamenti', () => {
		const r = registraProtocollo(s.db, s.segreteria, entrata());
		if (!r.ok) throw new Error(r.message);
		annullaProtocollo(s.db, s.segreteria, r.id, 'Registrata due volte');
		const run = (q: string) => () => s.db.$client.prepare(q).run(r.id);
		expect(run("UPDATE protocollo SET oggetto = 'altro' WHERE id = ?")).toThrow(/cannot be changed/);
		expect(run('DELETE FROM protocollo WHERE id = ?')).toThrow(/cannot be deleted/);
		expect(run("UPDATE protocollo_annullamenti SET motivo = 'x' WHERE protocollo_id = ?")).toThrow(/cannot be changed/);
		expect(run('DELETE FROM protocollo_annullamenti WHERE protocollo_id = ?')).toThrow(/cannot be deleted/);
		expect(sql('SELECT oggetto FROM protocollo')).toEqual([{ oggetto: 'Istanza di mediazione' }]);
	});
});

describe('listProtocollo', () => {
	it('filters by Italian day, direction, text and number; pages newest first; shows annullamenti', () => {
		const reg = (iso: string, over: Partial<Parameters<typeof registraProtocollo>[2]> = {}) => {
			const r = registraProtocollo(s.db, s.segreteria, entrata(over), at(iso));
			if (!r.ok) throw new Error(r.message);
			return r;
		};
		reg('2026-11-25T23:30:00.000Z', { oggetto: 'Adesione della parte invitata' }); // 26/11 at 00:30 in Rome
		const second = reg('2026-11-26T08:00:00.000Z', {
			direzione: 'uscita',
			mittente: '',
			destinatario: 'Studio Rossi',
			oggetto: 'Convocazione 50%_sconto'
		});
		reg('2026-11-26T23:30:00.000Z', { oggetto: 'Verbale' }); // 27/11 at 00:30 in Rome
		for (let i = 0; i < 30; i++) reg(`2026-11-28T10:${String(i).padStart(2, '0')}:00.000Z`, { oggetto: `Posta ${i}` });
		annullaProtocollo(s.db, s.segreteria, second.id, 'Destinatario errato');

		const day = listProtocollo(s.db, s.organismoId, { dal: '2026-11-26', al: '2026-11-26' });
		expect(day.rows.map((r) => r.numero)).toEqual([2, 1]);
		expect(day.rows[0]).toMatchObject({ annullatoIl: expect.any(String), motivoAnnullamento: 'Destinatario errato', direzione: 'uscita' });
		expect(listProtocollo(s.db, s.organismoId, { direzione: 'uscita' }).rows.map((r) => r.numero)).toEqual([2]);
		expect(listProtocollo(s.db, s.organismoId, { q: 'studio rossi' }).total).toBe(1);
		expect(listProtocollo(s.db, s.organismoId, { q: '50%_' }).total).toBe(1); // LIKE wildcards are literal
		expect(listProtocollo(s.db, s.organismoId, { q: '%sconto' }).total).toBe(0); // would match if % were a wildcard
		expect(listProtocollo(s.db, s.organismoId, { q: '2026/3' }).rows.map((r) => r.oggetto)).toEqual(['Verbale']);

		const p1 = listProtocollo(s.db, s.organismoId, {});
		expect(p1).toMatchObject({ total: 33, pagina: 1, pagine: 2 });
		expect(p1.rows[0].numero).toBe(33);
		const p2 = listProtocollo(s.db, s.organismoId, { pagina: 9 }); // clamped to the last page
		expect(p2.pagina).toBe(2);
		expect(p2.rows.map((r) => r.numero)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
		expect(listProtocollo(s.db, 'altro', {}).total).toBe(0);
	});

	it('lists the entries of one case', () => {
		registraProtocollo(s.db, s.segreteria, entrata({ procedimentoId: s.casoMilano.id }));
		registraProtocollo(s.db, s.segreteria, entrata());
		registraProtocollo(s.db, s.segreteria, entrata({ procedimentoId: s.casoMilano.id, oggetto: 'Seconda' }));
		expect(listProtocolloProcedimento(s.db, s.casoMilano.id).map((r) => [r.numero, r.oggetto])).toEqual([
			[3, 'Seconda'],
			[1, 'Istanza di mediazione']
		]);
	});
});
