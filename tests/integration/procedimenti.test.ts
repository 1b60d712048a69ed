import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadCaseContext } from '#db/procedimenti/context.ts';
import { changeStato, createProcedimento, updateAdesione } from '#db/procedimenti/repo.ts';
import { ListFilters, listProcedimenti } from '#db/procedimenti/list.ts';
import { assegnazioni, centriInteresse, materie, sedi } from '#db/schema.ts';
import { setMembershipSedi } from '#db/auth/memberships.ts';
import { canViewCase } from '#db/access/index.ts';
import { ProcedimentoInput } from '#db/procedimenti/schemas.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';
import { closeDb, openDb } from '#db/client.ts';
import { caseInput, cf, parte } from '../helpers/procedimenti.ts';
import type { Role } from '#db/auth/labels.ts';

let t: ReturnType<typeof createTestDb>;
let org: { organismoId: string; sedeId: string };
const list = (actor: Parameters<typeof listProcedimenti>[1], f: Record<string, unknown> = {}) =>
	listProcedimenti(t.db, actor, ListFilters.parse(f));
const actorOf = (u: { id: string; organismoId: string; role: Role }, sedeIds: string[] | null = null) => ({
	...u,
	kind: 'user' as const,
	sedeIds
});

beforeEach(() => {
	t = createTestDb();
	org = createOrganismo(t.db);
});
afterEach(() => t.cleanup());

describe('createProcedimento', () => {
	it('numbers per year, reuses people, links accounts, indexes for search', async () => {
		const seg = await createUser(t.db, org.organismoId, 'segreteria');
		const avv = await createUser(t.db, org.organismoId, 'avvocato', { email: 'avv.bianchi@pec.it' });
		const withLawyer = parte({ ruolo: 'istante', avvNome: 'Carla', avvCognome: 'Bianchi', avvPec: 'avv.bianchi@pec.it' });
		const a = createProcedimento(
			t.db,
			seg,
			caseInput(t.db, org.organismoId, org.sedeId, {
				parti: [withLawyer, parte({ ruolo: 'invitata', nome: 'Zeno', cognome: 'Ferraris', codiceFiscale: cf('FRRZNE70A01L219') })]
			})
		);
		const b = createProcedimento(
			t.db,
			seg,
			caseInput(t.db, org.organismoId, org.sedeId, {
				parti: [withLawyer, parte({ ruolo: 'invitata', nome: 'Ugo', cognome: 'Sala', codiceFiscale: cf('SLAUGO70A01L219') })]
			})
		);
		const c = createProcedimento(t.db, seg, caseInput(t.db, org.organismoId, org.sedeId, { dataDeposito: '2027-01-02' }));
		expect([a, b, c].map((r) => (r.ok ? `${r.anno}/${r.numero}` : r.message))).toEqual(['2026/1', '2026/2', '2027/1']);
		// The lawyer is one person record linked to his account, so he sees both cases and only those.
		const lawyerCases = list(actorOf(avv));
		expect(lawyerCases.total).toBe(2);
		const persone = t.db.$client.prepare("SELECT count(*) AS n FROM persone WHERE cognome = 'Bianchi'").get() as { n: number };
		expect(persone.n).toBe(1);
		// Full-text search by surname (accent/case-insensitive prefix), CF, number, oggetto.
		expect(list(actorOf(seg), { q: 'ferrar' }).rows.map((r) => r.numero)).toEqual([1]);
		expect(list(actorOf(seg), { q: cf('SLAUGO70A01L219') }).rows.map((r) => r.numero)).toEqual([2]);
		expect(list(actorOf(seg), { q: '2027/1' }).rows.map((r) => `${r.anno}/${r.numero}`)).toEqual(['2027/1']);
		expect(list(actorOf(seg), { q: 'condominiali' }).total).toBe(3);
		expect(list(actorOf(seg), { q: '"; DROP TABLE procedimenti; --' }).total).toBe(0);
	});

	it('the same submission twice creates one case', async () => {
		const seg = await createUser(t.db, org.organismoId, 'segreteria');
		const input = caseInput(t.db, org.organismoId, org.sedeId);
		const first = createProcedimento(t.db, seg, input);
		const again = createProcedimento(t.db, seg, input);
		expect(again).toMatchObject({ ok: true, duplicate: true, numero: first.ok ? first.numero : -1 });
		expect(list(actorOf(seg)).total).toBe(1);
	});

	it("another Organismo's submission key neither reveals its case nor drops the filing (keys are per Organismo)", async () => {
		const other = createOrganismo(t.db);
		const segA = await createUser(t.db, org.organismoId, 'segreteria');
		const segB = await createUser(t.db, other.organismoId, 'segreteria');
		const inputA = caseInput(t.db, org.organismoId, org.sedeId);
		const a = createProcedimento(t.db, segA, inputA);
		const b = createProcedimento(t.db, segB, { ...caseInput(t.db, other.organismoId, other.sedeId), richiestaId: inputA.richiestaId });
		expect(b).toMatchObject({ ok: true });
		expect(b.ok && 'duplicate' in b && b.duplicate).toBeFalsy();
		expect(b.ok && a.ok && b.id).not.toBe(a.ok && a.id);
		expect(list(actorOf(segB)).total).toBe(1);
		expect(list(actorOf(segA)).total).toBe(1);
	});

	it('refuses a non-mandatory materia for an obbligatoria case, and a foreign sede, saving nothing', async () => {
		const seg = await createUser(t.db, org.organismoId, 'segreteria');
		const input = caseInput(t.db, org.organismoId, org.sedeId, { tipologia: 'obbligatoria' });
		const altra = t.db
			.select()
			.from(materie)
			.all()
			.find((m) => m.nome === 'Altra natura')!;
		const r = createProcedimento(t.db, seg, { ...input, materiaId: altra.id });
		expect(r).toMatchObject({ ok: false, field: 'materiaId' });
		const other = createOrganismo(t.db);
		expect(createProcedimento(t.db, seg, { ...input, sedeId: other.sedeId })).toMatchObject({ ok: false, field: 'sedeId' });
		expect(list(actorOf(seg)).total).toBe(0);
		expect(t.db.$client.prepare('SELECT count(*) AS n FROM contatori').get()).toEqual({ n: 0 });
	});
});

describe('who sees which case', () => {
	it('segreteria limited by sede, mediators only assigned cases, strangers nothing', async () => {
		const seg = await createUser(t.db, org.organismoId, 'segreteria');
		const resp = await createUser(t.db, org.organismoId, 'responsabile');
		const med = await createUser(t.db, org.organismoId, 'mediatore');
		const med2 = await createUser(t.db, org.organismoId, 'mediatore');
		const stranger = await createUser(t.db, org.organismoId, 'avvocato');
		t.db
			.insert(sedi)
			.values({ id: 'sede-2', organismoId: org.organismoId, nome: 'Roma', indirizzo: 'x', comune: 'Roma', provincia: 'RM' })
			.run();
		const r1 = createProcedimento(t.db, resp, caseInput(t.db, org.organismoId, org.sedeId));
		const r2 = createProcedimento(t.db, resp, caseInput(t.db, org.organismoId, 'sede-2'));
		if (!r1.ok || !r2.ok) throw new Error('setup');
		setMembershipSedi(t.db, seg.membershipId, [org.sedeId]);
		t.db
			.insert(assegnazioni)
			.values({ id: 'a1', procedimentoId: r2.id, mediatoreId: med.id, metodo: 'rotazione', stato: 'accettata' })
			.run();
		expect(list(actorOf(resp)).total).toBe(2);
		expect(list(actorOf(seg, [org.sedeId])).rows.map((r) => r.id)).toEqual([r1.id]);
		expect(list(actorOf(med)).rows.map((r) => r.id)).toEqual([r2.id]);
		expect(list(actorOf(med)).rows[0].mediatore).toBe(`${med.role} Nome`);
		expect(list(actorOf(med2)).total).toBe(0);
		expect(list(actorOf(stranger)).total).toBe(0);
		// The list and the per-case access rule agree.
		expect(canViewCase(actorOf(seg, [org.sedeId]), loadCaseContext(t.db, r2.id)!)).toBe(false);
		expect(canViewCase(actorOf(med), loadCaseContext(t.db, r2.id)!)).toBe(true);
		expect(canViewCase(actorOf(med2), loadCaseContext(t.db, r2.id)!)).toBe(false);
	});
});

describe('state machine and adhesion', () => {
	it('allows only the defined transitions, requires an esito to conclude, audits each change', async () => {
		const seg = await createUser(t.db, org.organismoId, 'segreteria');
		const r = createProcedimento(t.db, seg, caseInput(t.db, org.organismoId, org.sedeId));
		if (!r.ok) throw new Error('setup');
		expect(changeStato(t.db, seg, r.id, 'in_corso')).toMatchObject({ ok: false });
		expect(changeStato(t.db, seg, r.id, 'comunicata')).toEqual({ ok: true });
		expect(changeStato(t.db, seg, r.id, 'conclusa')).toEqual({
			ok: false,
			code: 'invalid',
			message: "Per concludere il procedimento indica l'esito."
		});
		expect(changeStato(t.db, seg, r.id, 'conclusa', { esito: 'mancata_adesione' })).toEqual({ ok: true });
		expect(changeStato(t.db, seg, r.id, 'comunicata')).toMatchObject({ ok: false });
		expect(list(actorOf(seg), { esito: 'mancata_adesione' }).total).toBe(1);
		const audit = t.db.$client.prepare('SELECT action FROM audit_log WHERE entity_id = ? ORDER BY id').all(r.id);
		expect(audit.map((a) => (a as { action: string }).action)).toEqual([
			'procedimento.created',
			'procedimento.stato',
			'procedimento.stato'
		]);
	});

	it('records communication before the answer', async () => {
		const seg = await createUser(t.db, org.organismoId, 'segreteria');
		const r = createProcedimento(t.db, seg, caseInput(t.db, org.organismoId, org.sedeId));
		if (!r.ok) throw new Error('setup');
		const invitata = t.db
			.select()
			.from(centriInteresse)
			.where(eq(centriInteresse.procedimentoId, r.id))
			.all()
			.find((c) => c.ruolo === 'invitata')!;
		expect(invitata.adesione).toBe('in_attesa');
		expect(invitata.codiceAdesione).toMatch(/^[a-z2-7]{16}$/);
		expect(updateAdesione(t.db, seg, r.id, invitata.id, { kind: 'risposta', adesione: 'aderito', data: '2026-03-20' })).toMatchObject({
			ok: false
		});
		expect(updateAdesione(t.db, seg, r.id, invitata.id, { kind: 'comunicazione', data: '2026-03-12' })).toEqual({ ok: true });
		expect(updateAdesione(t.db, seg, r.id, invitata.id, { kind: 'risposta', adesione: 'aderito', data: '2026-03-11' })).toMatchObject({
			ok: false
		});
		expect(updateAdesione(t.db, seg, r.id, invitata.id, { kind: 'risposta', adesione: 'aderito', data: '2026-03-20' })).toEqual({
			ok: true
		});
	});
});

describe('new-case form schema', () => {
	const base = () => ({
		richiestaId: 'abcdefgh-1234',
		sedeId: 's',
		dataDeposito: '2026-03-10',
		modalita: 'telematica',
		tipologia: 'obbligatoria',
		materiaId: 'm',
		oggetto: 'Oggetto',
		valoreTipo: 'determinato',
		valore: '12.500,50',
		parti: [
			{
				ruolo: 'istante',
				tipo: 'fisica',
				nome: 'A',
				cognome: 'B',
				codiceFiscale: cf('BBBAAA80A01F205'),
				pec: 'a@pec.it',
				avvNome: 'C',
				avvCognome: 'D',
				avvPec: 'd@pec.it'
			},
			{ ruolo: 'invitata', tipo: 'giuridica', denominazione: 'Srl', partitaIva: '12345678903', pec: 'srl@pec.it' }
		]
	});
	it('accepts a complete case and parses Italian amounts', () => {
		const r = ProcedimentoInput.safeParse(base());
		expect(r.success).toBe(true);
		if (r.success) expect(r.data.valore).toBe(1_250_050);
	});
	it('reports Italian messages per field', () => {
		const bad = base();
		bad.parti[0].codiceFiscale = 'RSSMRA85T10A562X';
		bad.parti[0].avvCognome = '';
		bad.parti[1].partitaIva = '12345678901';
		(bad as Record<string, unknown>).tipologia = 'demandata';
		const r = ProcedimentoInput.safeParse(bad);
		expect(r.success).toBe(false);
		const msgs = Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
		expect(msgs['parti.0.codiceFiscale']).toBe('Il codice fiscale non è valido (carattere di controllo errato).');
		expect(msgs['parti.1.partitaIva']).toBe('La partita IVA non è valida (cifra di controllo errata).');
		// Field errors come first; once the fields are valid, the cross-field rules speak.
		bad.parti[0].codiceFiscale = cf('BBBAAA80A01F205');
		bad.parti[1].partitaIva = '12345678903';
		const again = ProcedimentoInput.safeParse(bad);
		const msgs2 = Object.fromEntries((again.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
		expect(msgs2['riferimentoGiudizio']).toMatch(/ordinanza/);
		expect(msgs2['parti.0.avvCognome']).toMatch(/avvocato/);
	});
});

describe('search index', () => {
	it('is rebuilt at startup when its rowids no longer match (e.g. after VACUUM)', async () => {
		const { ensureSearchIndex } = await import('#db/procedimenti/search.ts');
		const seg = await createUser(t.db, org.organismoId, 'segreteria');
		createProcedimento(t.db, seg, caseInput(t.db, org.organismoId, org.sedeId, { oggetto: 'Infiltrazioni dal terrazzo' }));
		expect(ensureSearchIndex(t.db)).toBe(0);
		t.db.$client.exec('UPDATE procedimenti_fts SET rowid = rowid + 1000');
		expect(list(actorOf(seg), { q: 'terrazzo' }).total).toBe(0);
		expect(ensureSearchIndex(t.db)).toBe(1);
		expect(list(actorOf(seg), { q: 'terrazzo' }).total).toBe(1);
	});
});

describe('registry list', () => {
	it('pages and sorts like one full sort, for every sort column and direction', async () => {
		const resp = await createUser(t.db, org.organismoId, 'responsabile');
		const oggetti = ['Locazione', 'Condominio scale', 'Eredità', 'Affitto', 'Bonifico', 'Danni', 'Comodato'];
		for (let i = 0; i < 23; i++) {
			const r = createProcedimento(
				t.db,
				resp,
				caseInput(t.db, org.organismoId, org.sedeId, {
					dataDeposito: `2026-0${1 + (i % 9)}-${String(10 + (i % 17)).padStart(2, '0')}`,
					oggetto: `${oggetti[i % oggetti.length]} ${i}`
				})
			);
			if (!r.ok) throw new Error(r.message);
		}
		const all = list(actorOf(resp), { pageSize: 200 }).rows;
		for (const sort of ['numero', 'deposito', 'stato', 'oggetto'] as const)
			for (const dir of ['asc', 'desc'] as const) {
				const whole = list(actorOf(resp), { sort, dir, pageSize: 200 }).rows.map((r) => r.id);
				const paged = [1, 2, 3].flatMap((page) => list(actorOf(resp), { sort, dir, page, pageSize: 10 }).rows.map((r) => r.id));
				expect(paged, `${sort} ${dir}`).toEqual(whole);
			}
		const byOggetto = list(actorOf(resp), { sort: 'oggetto', dir: 'asc', pageSize: 200 }).rows.map((r) => r.oggetto);
		expect(byOggetto).toEqual([...byOggetto].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
		expect(all.map((r) => r.numero)).toEqual(Array.from({ length: 23 }, (_, i) => 23 - i));
		// Parties in their order (istante first), no mediator until one accepts.
		expect(all[0].parti).toBe('Verdi Anna, Neri Bruno');
		expect(all[0].mediatore).toBeNull();
	});

	it('counts follow every write: this connection, another connection (another process), a new assignment', async () => {
		const resp = await createUser(t.db, org.organismoId, 'responsabile');
		const med = await createUser(t.db, org.organismoId, 'mediatore');
		const r1 = createProcedimento(t.db, resp, caseInput(t.db, org.organismoId, org.sedeId));
		if (!r1.ok) throw new Error(r1.message);
		expect(list(actorOf(resp)).total).toBe(1);
		expect(list(actorOf(med)).total).toBe(0);
		createProcedimento(t.db, resp, caseInput(t.db, org.organismoId, org.sedeId));
		expect(list(actorOf(resp)).total).toBe(2);
		const other = openDb(t.path);
		try {
			const r3 = createProcedimento(other, resp, caseInput(other, org.organismoId, org.sedeId));
			expect(r3.ok).toBe(true);
			expect(list(actorOf(resp)).total).toBe(3);
			expect(list(actorOf(resp), { q: 'condominiali' }).total).toBe(3);
			other
				.insert(assegnazioni)
				.values({ id: 'a1', procedimentoId: r1.id, mediatoreId: med.id, metodo: 'rotazione', stato: 'accettata' })
				.run();
			expect(list(actorOf(med)).total).toBe(1);
			other.delete(assegnazioni).run();
			expect(list(actorOf(med)).total).toBe(0);
		} finally {
			closeDb(other);
		}
	});
});

describe('search plans', () => {
	it('reading the registry in order and sorting the matches give the same pages', async () => {
		const resp = await createUser(t.db, org.organismoId, 'responsabile');
		const actor = actorOf(resp);
		const c = t.db.$client;
		for (let i = 0; i < 60; i++) {
			const name = i % 3 === 0 ? 'Zanardelli' : 'Bianco';
			const r = createProcedimento(
				t.db,
				resp,
				caseInput(t.db, org.organismoId, org.sedeId, {
					dataDeposito: `202${4 + (i % 3)}-0${1 + (i % 9)}-1${i % 10}`,
					parti: [
						parte({ ruolo: 'istante', cognome: name, codiceFiscale: cf(`ZNRMRA70A${10 + (i % 18)}F${200 + i}`) }),
						parte({ ruolo: 'invitata', nome: 'Ugo', cognome: 'Sala', codiceFiscale: cf('SLAUGO70A01L219') })
					]
				})
			);
			if (!r.ok) throw new Error(r.message);
			if (i % 4 === 0) c.prepare("UPDATE procedimenti SET stato = 'comunicata' WHERE id = ?").run(r.id);
		}
		for (const q of ['zanard', 'sala', 'zanardelli ugo'])
			for (const sort of ['numero', 'deposito', 'stato', 'oggetto'] as const)
				for (const dir of ['asc', 'desc'] as const)
					for (const page of [1, 2, 3]) {
						const f = ListFilters.parse({ q, sort, dir, page, pageSize: 10 });
						const byMatches = listProcedimenti(t.db, actor, f, 'matches');
						const byRegistry = listProcedimenti(t.db, actor, f, 'registry');
						expect(
							byRegistry.rows.map((r) => r.id),
							`${q} ${sort} ${dir} p${page}`
						).toEqual(byMatches.rows.map((r) => r.id));
						expect(byRegistry.total).toBe(byMatches.total);
					}
		expect(list(actor, { q: 'zanard' }).total).toBe(20);
		expect(list(actor, { q: 'zanard', stato: 'comunicata' }).total).toBe(
			listProcedimenti(t.db, actor, ListFilters.parse({ q: 'zanard', stato: 'comunicata' }), 'registry').total
		);
	});
});
