import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { UserActor } from '#db/access/index.ts';
import { verifyAuditChain } from '#db/audit/repo.ts';
import { tariffaFor } from '#db/fees/repo.ts';
import { NuovaVersioneTariffaForm, tariffaFormRaw } from '#db/fees/schemas.ts';
import { creaVersioneTariffa, eliminaVersioneTariffa, getVersioneTariffa, listVersioniTariffa, primaDataUtile } from '#db/fees/versions.ts';
import {
	creaMateria,
	creaSede,
	listMaterieConfig,
	listSediConfig,
	modificaMateria,
	modificaSede,
	spostaMateria
} from '#db/organismi/config.ts';
import { ensureReferenceData, MATERIE_DEFAULT } from '#db/organismi/reference-data.ts';
import { materieAttive } from '#db/organismi/repo.ts';
import { ModificaMateria, SedeInput } from '#db/organismi/schemas.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import type { Role } from '#db/auth/labels.ts';
import { auditLog, sedi, tariffe } from '#db/schema.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';
import { caseInput } from '../helpers/procedimenti.ts';

// The amministratore's configuration of an Organismo (issue #21): sedi, materie and fee-table
// versions, on a real SQLite file, with a second Organismo whose amministratore tries every change
// on the first's rows.

let t: ReturnType<typeof createTestDb>;
let a: { organismoId: string; sedeId: string };
let b: { organismoId: string; sedeId: string };
let adminA: UserActor;
let adminB: UserActor;
let segreteriaA: UserActor;

async function actor(organismoId: string, role: Role): Promise<UserActor> {
	const u = await createUser(t.db, organismoId, role);
	return { kind: 'user', id: u.id, organismoId, role, sedeIds: null };
}

const digest = () =>
	JSON.stringify(t.db.$client.prepare('SELECT * FROM sedi ORDER BY id').all()) +
	JSON.stringify(t.db.$client.prepare('SELECT * FROM materie ORDER BY id').all()) +
	JSON.stringify(t.db.$client.prepare('SELECT * FROM tariffe ORDER BY id').all());

beforeEach(async () => {
	t = createTestDb();
	a = createOrganismo(t.db, { denominazione: 'Organismo A' });
	b = createOrganismo(t.db, { denominazione: 'Organismo B' });
	ensureReferenceData(t.db, a.organismoId);
	ensureReferenceData(t.db, b.organismoId);
	adminA = await actor(a.organismoId, 'amministratore');
	adminB = await actor(b.organismoId, 'amministratore');
	segreteriaA = await actor(a.organismoId, 'segreteria');
});
afterEach(() => t.cleanup());

const sede = (over: Partial<SedeInput> = {}) =>
	SedeInput.parse({ nome: 'Sede di Roma', indirizzo: 'Via Appia 1', comune: 'Roma', provincia: 'rm', ...over });
const audits = (action: string) => t.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

describe('sedi', () => {
	it('the amministratore adds and edits sedi; each change is audited with what changed', () => {
		const r = creaSede(t.db, adminA, sede());
		expect(r).toMatchObject({ ok: true, message: 'Sede «Sede di Roma» aggiunta.' });
		const id = r.ok ? r.id! : '';
		expect(t.db.select().from(sedi).where(eq(sedi.id, id)).get()).toMatchObject({ organismoId: a.organismoId, provincia: 'RM' });
		expect(modificaSede(t.db, adminA, id, sede({ indirizzo: 'Via Appia Nuova 2' }))).toMatchObject({ ok: true });
		expect(modificaSede(t.db, adminA, id, sede({ indirizzo: 'Via Appia Nuova 2' }))).toMatchObject({
			ok: true,
			message: 'Nessuna modifica.'
		});
		const [mod] = audits('sede.modificata');
		expect(JSON.parse(mod.details!)).toEqual({ da: { indirizzo: 'Via Appia 1' }, a: { indirizzo: 'Via Appia Nuova 2' } });
		expect(audits('sede.creata')).toHaveLength(1);
		expect(listSediConfig(t.db, a.organismoId).map((s) => s.nome)).toEqual(['Sede di prova', 'Sede di Roma']);
		expect(verifyAuditChain(t.db).ok).toBe(true);
	});

	it('refuses a duplicate name (any case), another role, and bad input with Italian messages', () => {
		expect(creaSede(t.db, adminA, sede({ nome: 'sede di PROVA' }))).toMatchObject({ ok: false, code: 'conflict', field: 'nome' });
		expect(creaSede(t.db, segreteriaA, sede())).toMatchObject({ ok: false, code: 'forbidden' });
		const bad = SedeInput.safeParse({ nome: '', indirizzo: 'x', comune: 'y', provincia: 'Milano' });
		expect(bad.success).toBe(false);
		expect(bad.error?.issues.map((i) => i.message)).toEqual(['Indica il nome della sede.', 'Provincia: due lettere (es. MI).']);
	});

	it("another Organismo's amministratore finds none of them and changes nothing", () => {
		const before = digest();
		expect(modificaSede(t.db, adminB, a.sedeId, sede())).toMatchObject({ ok: false, code: 'not_found' });
		expect(listSediConfig(t.db, b.organismoId).map((s) => s.id)).toEqual([b.sedeId]);
		expect(digest()).toBe(before);
	});
});

describe('materie', () => {
	it('adds a materia at the end, renames it, takes it out of use and moves it; new cases see only those in use', () => {
		const r = creaMateria(t.db, adminA, { nome: 'Contratti di trasporto', obbligatoria: false });
		expect(r).toMatchObject({ ok: true });
		const id = r.ok ? r.id! : '';
		const list = () => listMaterieConfig(t.db, a.organismoId);
		expect(list().at(-1)).toMatchObject({ id, nome: 'Contratti di trasporto', attiva: true });
		expect(spostaMateria(t.db, adminA, id, 'su')).toMatchObject({ ok: true });
		expect(list().at(-2)?.id).toBe(id);
		expect(list().map((m) => m.ordine)).toEqual(list().map((_, i) => i));
		const v = ModificaMateria.parse({ materiaId: id, nome: 'Trasporti', obbligatoria: 'on' });
		expect(v).toMatchObject({ obbligatoria: true, attiva: false });
		expect(modificaMateria(t.db, adminA, id, v)).toMatchObject({ ok: true });
		expect(materieAttive(t.db, a.organismoId).some((m) => m.id === id)).toBe(false);
		expect(list().find((m) => m.id === id)).toMatchObject({ nome: 'Trasporti', obbligatoria: true, attiva: false });
		expect(JSON.parse(audits('materia.modificata')[0].details!)).toEqual({
			da: { nome: 'Contratti di trasporto', obbligatoria: false, attiva: true },
			a: { nome: 'Trasporti', obbligatoria: true, attiva: false }
		});
		expect(audits('materia.creata')).toHaveLength(1);
		expect(audits('materia.spostata')).toHaveLength(1);
	});

	it('keeps at least one materia in use and refuses duplicates', () => {
		const all = listMaterieConfig(t.db, a.organismoId);
		expect(all).toHaveLength(MATERIE_DEFAULT.length);
		for (const m of all.slice(1))
			expect(modificaMateria(t.db, adminA, m.id, { nome: m.nome, obbligatoria: m.obbligatoria, attiva: false }).ok).toBe(true);
		expect(modificaMateria(t.db, adminA, all[0].id, { nome: all[0].nome, obbligatoria: true, attiva: false })).toMatchObject({
			ok: false,
			field: 'attiva'
		});
		expect(creaMateria(t.db, adminA, { nome: 'condominio', obbligatoria: true })).toMatchObject({ ok: false, code: 'conflict' });
	});

	it("another Organismo's amministratore cannot rename, deactivate or move them", () => {
		const m = listMaterieConfig(t.db, a.organismoId)[0];
		const before = digest();
		expect(modificaMateria(t.db, adminB, m.id, { nome: 'Intrusa', obbligatoria: false, attiva: false })).toMatchObject({
			code: 'not_found'
		});
		expect(spostaMateria(t.db, adminB, m.id, 'giu')).toMatchObject({ code: 'not_found' });
		expect(digest()).toBe(before);
	});
});

describe('tariff versions', () => {
	const TODAY = '2026-01-20';
	/** The form as the page sends it, from a stored version, with some fields changed. */
	function formFrom(baseId: string, over: Record<string, string>) {
		const base = getVersioneTariffa(t.db, a.organismoId, baseId)!;
		const fd = new FormData();
		const n = (c: number | null) => (c === null ? '' : (c / 100).toFixed(2).replace('.', ','));
		fd.set('baseId', baseId);
		fd.set('importoMediazione', base.dati.importoMediazione);
		fd.set('iva', n(base.dati.ivaBp));
		fd.set('accordoPrimoIncontro', n(base.dati.maggiorazioni.accordoPrimoIncontroBp));
		fd.set('accordoSuccessivo', n(base.dati.maggiorazioni.accordoSuccessivoBp));
		base.dati.scaglioni.forEach((s, i) => {
			fd.set(`s${i}_finoA`, n(s.finoA));
			fd.set(`s${i}_avvio`, n(s.avvio));
			fd.set(`s${i}_primoIncontro`, n(s.primoIncontro));
			fd.set(`s${i}_minimo`, n(s.mediazione.tipo === 'importo' ? s.mediazione.minimo : s.mediazione.minimoBp));
			fd.set(`s${i}_massimo`, n(s.mediazione.tipo === 'importo' ? s.mediazione.massimo : s.mediazione.massimoBp));
		});
		for (const l of ['basso', 'medio', 'alto'] as const) {
			const d = base.dati.indeterminabile[l];
			fd.set(`ind_${l}_avvio`, n(d.avvio));
			fd.set(`ind_${l}_primoIncontro`, n(d.primoIncontro));
			fd.set(`ind_${l}_valoreRiferimento`, n(d.valoreRiferimento));
		}
		for (const [k, v] of Object.entries(over)) fd.set(k, v);
		return NuovaVersioneTariffaForm.safeParse(tariffaFormRaw(fd));
	}
	const current = () => listVersioniTariffa(t.db, a.organismoId, TODAY).find((v) => v.stato === 'in_vigore')!;

	it('a new version applies from its date on; the fees of cases already filed never change', () => {
		const filed = createProcedimento(t.db, adminA, caseInput(t.db, a.organismoId, a.sedeId, { dataDeposito: '2026-03-10' }));
		expect(filed.ok).toBe(true);
		const beforeCase = tariffaFor(t.db, a.organismoId, '2026-03-10');
		expect(current().nome).toBe('DM 150/2023');
		expect(current().procedimenti).toBe(1);
		// The latest filing (10/03/2026) is after "today": the first usable day is the day after it.
		expect(primaDataUtile(t.db, a.organismoId, TODAY)).toBe('2026-03-11');
		const early = formFrom(current().id, {
			nome: 'Tariffa 2026',
			validaDal: '2026-03-10',
			fonte: 'Delibera del 15/01/2026',
			s0_avvio: '45,00'
		});
		expect(early.success).toBe(true);
		expect(creaVersioneTariffa(t.db, adminA, early.data!, TODAY)).toMatchObject({
			ok: false,
			field: 'validaDal',
			message: expect.stringContaining('dal 11/03/2026 in poi')
		});
		const good = formFrom(current().id, {
			nome: 'Tariffa 2026',
			validaDal: '2026-04-01',
			fonte: 'Delibera del 15/01/2026',
			s0_avvio: '45,00',
			s11_massimo: '0,35',
			iva: '22,5',
			provvisoria: 'on'
		});
		const r = creaVersioneTariffa(t.db, adminA, good.data!, TODAY);
		expect(r).toMatchObject({ ok: true, message: 'Versione «Tariffa 2026» salvata: vale per le domande depositate dal 01/04/2026.' });
		// The case filed before keeps its version and amounts; a case filed from 01/04/2026 gets the new ones.
		expect(tariffaFor(t.db, a.organismoId, '2026-03-10')).toEqual(beforeCase);
		const nuova = tariffaFor(t.db, a.organismoId, '2026-04-01')!;
		expect(nuova).toMatchObject({ nome: 'Tariffa 2026', provvisoria: true });
		expect(nuova.dati.scaglioni[0].avvio).toBe(4_500);
		expect(nuova.dati.scaglioni[11].mediazione).toEqual({ tipo: 'percentuale', minimoBp: 20, massimoBp: 35 });
		expect(nuova.dati.ivaBp).toBe(2_250);
		// Everything the form does not show comes from the base version.
		expect(nuova.dati.norme).toEqual(beforeCase!.dati.norme);
		expect(nuova.dati.riduzione).toEqual(beforeCase!.dati.riduzione);
		const [ev] = audits('tariffa.versione_creata');
		expect(JSON.parse(ev.details!)).toMatchObject({ nome: 'Tariffa 2026', validaDal: '2026-04-01', daVersione: 'DM 150/2023' });
		expect(listVersioniTariffa(t.db, a.organismoId, TODAY).at(-1)).toMatchObject({ stato: 'futura', eliminabile: true, procedimenti: 0 });
		// Same date twice: refused.
		expect(creaVersioneTariffa(t.db, adminA, good.data!, TODAY)).toMatchObject({ ok: false, code: 'conflict', field: 'validaDal' });
	});

	it('a planned version nobody uses can be deleted; one in force or used cannot; another Organismo finds none', () => {
		const form = formFrom(current().id, { nome: 'Prova', validaDal: '2026-06-01', fonte: 'Delibera' });
		const r = creaVersioneTariffa(t.db, adminA, form.data!, TODAY);
		const id = r.ok ? r.id! : '';
		const before = digest();
		expect(eliminaVersioneTariffa(t.db, adminB, id, TODAY)).toMatchObject({ ok: false, code: 'not_found' });
		expect(creaVersioneTariffa(t.db, adminB, { ...form.data!, validaDal: '2026-07-01' }, TODAY)).toMatchObject({
			ok: false,
			code: 'not_found',
			field: 'baseId'
		});
		expect(getVersioneTariffa(t.db, b.organismoId, id)).toBeNull();
		expect(eliminaVersioneTariffa(t.db, segreteriaA, id, TODAY)).toMatchObject({ ok: false, code: 'forbidden' });
		expect(digest()).toBe(before);
		expect(eliminaVersioneTariffa(t.db, adminA, current().id, TODAY)).toMatchObject({ ok: false, code: 'invalid' });
		expect(eliminaVersioneTariffa(t.db, adminA, id, TODAY)).toMatchObject({ ok: true });
		expect(t.db.select().from(tariffe).where(eq(tariffe.id, id)).get()).toBeUndefined();
		expect(audits('tariffa.versione_eliminata')).toHaveLength(1);
		// Once a case is filed on or after its date, a planned version is in use and stays.
		const again = creaVersioneTariffa(t.db, adminA, { ...form.data!, validaDal: '2026-03-01' }, TODAY);
		createProcedimento(t.db, adminA, caseInput(t.db, a.organismoId, a.sedeId, { dataDeposito: '2026-03-10' }));
		expect(eliminaVersioneTariffa(t.db, adminA, again.ok ? again.id! : '', TODAY)).toMatchObject({
			ok: false,
			message: expect.stringContaining('vale già per 1 procedimenti')
		});
	});

	it('bad amounts are refused per input with the row named, in Italian', () => {
		const r = formFrom(current().id, { nome: 'X', validaDal: '2026-06-01', fonte: 'F', s2_avvio: '12,345', ind_alto_avvio: 'tanti' });
		expect(r.success).toBe(false);
		const byField = Object.fromEntries(r.error!.issues.map((i) => [String(i.path[0]), i.message]));
		expect(byField.s2_avvio).toBe('Scaglione 3: Spese di avvio: numero non valido (es. 1.200,00; al massimo due decimali).');
		expect(byField.ind_alto_avvio).toMatch(/^Spese di avvio \(valore indeterminabile\): numero non valido/);
		const min = formFrom(current().id, { nome: 'X', validaDal: '2026-06-01', fonte: 'F', s1_minimo: '500,00', s1_massimo: '100,00' });
		expect(creaVersioneTariffa(t.db, adminA, min.data!, TODAY)).toMatchObject({
			ok: false,
			message: 'Il minimo dello scaglione supera il massimo.'
		});
		const bounds = formFrom(current().id, { nome: 'X', validaDal: '2026-06-01', fonte: 'F', s3_finoA: '1.000,00' });
		expect(creaVersioneTariffa(t.db, adminA, bounds.data!, TODAY)).toMatchObject({ ok: false, field: 'scaglioni' });
	});
});
