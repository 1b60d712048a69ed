import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';
import { caseInput } from '../helpers/procedimenti.ts';
import { countCentriInteresse, defaultTariffaId, ensureDefaultTariffe, tariffaFor, TariffaNonValidaError } from '#db/fees/repo.ts';
import { DM150_2023 } from '#db/fees/tables.ts';
import { auditLog, tariffe } from '#db/schema.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import type { Db } from '#db/client.ts';

let t: ReturnType<typeof createTestDb>;
let db: Db;
let org: { organismoId: string; sedeId: string };

beforeEach(() => {
	t = createTestDb();
	db = t.db;
	org = createOrganismo(db);
});
afterEach(() => t.cleanup());

describe('ensureDefaultTariffe', () => {
	it('inserts the DM 180/2010 versions and DM 150/2023 once, with an audit entry (idempotent)', () => {
		expect(ensureDefaultTariffe(db, org.organismoId)).toBe(4);
		expect(ensureDefaultTariffe(db, org.organismoId)).toBe(0);
		const rows = db.select().from(tariffe).where(eq(tariffe.organismoId, org.organismoId)).all();
		expect(rows.map((r) => [r.nome, r.validaDal, r.provvisoria]).sort()).toEqual([
			['DM 150/2023', '2023-11-15', true],
			['DM 180/2010 (tariffa previgente)', '2010-11-05', true],
			['DM 180/2010 come modificato dal DM 139/2014 (tariffa previgente)', '2014-09-24', true],
			['DM 180/2010 come modificato dal DM 145/2011 (tariffa previgente)', '2011-08-26', true]
		]);
		expect(rows.map((r) => r.id).sort()).toEqual([
			defaultTariffaId(org.organismoId, 'dm150-2023'),
			defaultTariffaId(org.organismoId, 'dm180-2010'),
			defaultTariffaId(org.organismoId, 'dm180-2011'),
			defaultTariffaId(org.organismoId, 'dm180-2014')
		]);
		const audit = db.select().from(auditLog).where(eq(auditLog.action, 'tariffe.default_inserted')).all();
		expect(audit).toHaveLength(1);
		expect(audit[0].organismoId).toBe(org.organismoId);
	});

	it('leaves an Organismo with its own tariff untouched, and each Organismo separate', () => {
		db.insert(tariffe)
			.values({
				id: 'propria',
				organismoId: org.organismoId,
				nome: 'Tariffa propria',
				validaDal: '2024-01-01',
				fonte: 'Delibera',
				dati: JSON.stringify(DM150_2023.dati)
			})
			.run();
		expect(ensureDefaultTariffe(db, org.organismoId)).toBe(0);
		const other = createOrganismo(db);
		expect(ensureDefaultTariffe(db, other.organismoId)).toBe(4);
		expect(tariffaFor(db, org.organismoId, '2023-11-15')).toBeNull();
		expect(tariffaFor(db, other.organismoId, '2023-11-15')?.nome).toBe('DM 150/2023');
	});
});

describe('tariffaFor: the version in force at the filing date', () => {
	beforeEach(() => ensureDefaultTariffe(db, org.organismoId));

	it.each([
		['2010-11-04', null],
		['2010-11-05', 'DM 180/2010 (tariffa previgente)'],
		['2011-08-25', 'DM 180/2010 (tariffa previgente)'],
		['2011-08-26', 'DM 180/2010 come modificato dal DM 145/2011 (tariffa previgente)'],
		['2014-09-23', 'DM 180/2010 come modificato dal DM 145/2011 (tariffa previgente)'],
		['2014-09-24', 'DM 180/2010 come modificato dal DM 139/2014 (tariffa previgente)'],
		['2023-11-14', 'DM 180/2010 come modificato dal DM 139/2014 (tariffa previgente)'],
		['2023-11-15', 'DM 150/2023'],
		['2026-11-02', 'DM 150/2023']
	])('filed on %s -> %s', (data, nome) => {
		expect(tariffaFor(db, org.organismoId, data)?.nome ?? null).toBe(nome);
	});

	it('returns the validated table and its metadata', () => {
		const v = tariffaFor(db, org.organismoId, '2024-05-01')!;
		expect(v).toMatchObject({ validaDal: '2023-11-15', provvisoria: true, organismoId: org.organismoId });
		expect(v.dati).toEqual(DM150_2023.dati);
	});

	it('a newer version of the Organismo applies from its date; old cases keep the old one', () => {
		const dati = { ...DM150_2023.dati, ivaBp: 2_300 };
		db.insert(tariffe)
			.values({
				id: 'nuova',
				organismoId: org.organismoId,
				nome: 'Tariffa 2025',
				validaDal: '2025-01-01',
				fonte: 'Delibera 2024',
				dati: JSON.stringify(dati)
			})
			.run();
		expect(tariffaFor(db, org.organismoId, '2024-12-31')?.nome).toBe('DM 150/2023');
		expect(tariffaFor(db, org.organismoId, '2025-01-01')?.dati.ivaBp).toBe(2_300);
		// same date: the version inserted last wins
		db.insert(tariffe)
			.values({
				id: 'correzione',
				organismoId: org.organismoId,
				nome: 'Tariffa 2025 corretta',
				validaDal: '2025-01-01',
				fonte: 'Delibera',
				dati: JSON.stringify(DM150_2023.dati)
			})
			.run();
		expect(tariffaFor(db, org.organismoId, '2025-06-01')?.nome).toBe('Tariffa 2025 corretta');
	});

	it('refuses a stored table that does not validate, and a malformed date', () => {
		db.insert(tariffe)
			.values({ id: 'rotta', organismoId: org.organismoId, nome: 'Rotta', validaDal: '2026-01-01', fonte: 'x', dati: '{"formato":1}' })
			.run();
		expect(() => tariffaFor(db, org.organismoId, '2026-02-01')).toThrow(TariffaNonValidaError);
		expect(() => tariffaFor(db, org.organismoId, '2026-02-01')).toThrow(/«Rotta» non è valida/);
		expect(() => tariffaFor(db, org.organismoId, '02/01/2026')).toThrow(RangeError);
	});
});

describe('countCentriInteresse', () => {
	it('counts centri, not people: two parties with one interest count once', async () => {
		const actor = await createUser(db, org.organismoId, 'segreteria');
		const input = caseInput(db, org.organismoId, org.sedeId);
		const parti = [...input.parti, { ...input.parti[1], codiceFiscale: null, nome: 'Carla', email: 'carla@example.it' }];
		const r = createProcedimento(db, actor, { ...input, parti });
		expect(r.ok).toBe(true);
		expect(r.ok && countCentriInteresse(db, r.id)).toBe(2);
		expect(countCentriInteresse(db, 'nessuno')).toBe(0);
	});
});
