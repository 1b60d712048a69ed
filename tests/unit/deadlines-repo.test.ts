import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserActor } from '#db/access/index.ts';
import { appendAudit } from '#db/audit/repo.ts';
import {
	AZIONE_PROROGA,
	ensureDefaultRegole,
	listRegole,
	prorogaProcedimento,
	regolaFor,
	scadenzeProcedimento
} from '#db/deadlines/repo.ts';
import { DEFAULT_REGOLE } from '#db/deadlines/rules.ts';
import { ensureReferenceData } from '#db/organismi/reference-data.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { centriInteresse, incontri, materie, regoleScadenze } from '#db/schema.ts';
import type { ProcedimentoInput } from '#db/procedimenti/schemas.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';

let t: ReturnType<typeof createTestDb>;
let actor: UserActor;
let sedeId: string;
let materiaId: string;

beforeEach(async () => {
	t = createTestDb();
	const org = createOrganismo(t.db);
	sedeId = org.sedeId;
	ensureReferenceData(t.db, org.organismoId);
	materiaId = t.db.select({ id: materie.id }).from(materie).where(eq(materie.nome, 'Condominio')).get()!.id;
	const u = await createUser(t.db, org.organismoId, 'segreteria');
	actor = { kind: 'user', id: u.id, organismoId: org.organismoId, role: 'segreteria' };
});
afterEach(() => t.cleanup());

function parte(ruolo: 'istante' | 'invitata', cognome: string, cf: string) {
	return {
		ruolo,
		centro: 1,
		tipo: 'fisica' as const,
		nome: 'Anna',
		cognome,
		codiceFiscale: cf,
		dataNascita: null,
		residenza: null,
		denominazione: null,
		partitaIva: null,
		sedeLegale: null,
		legaleRappresentante: null,
		email: `${cognome.toLowerCase()}@example.it`,
		pec: null,
		telefono: null,
		codiceDestinatario: null,
		avvNome: ruolo === 'istante' ? 'Marco' : null,
		avvCognome: ruolo === 'istante' ? 'Neri' : null,
		avvCodiceFiscale: null,
		avvPec: ruolo === 'istante' ? 'marco.neri@pec.it' : null,
		avvEmail: null,
		avvForo: null
	};
}

function nuovoCaso(over: Partial<ProcedimentoInput>): string {
	const r = createProcedimento(t.db, actor, {
		richiestaId: `richiesta-${Math.random().toString(36).slice(2, 12)}`,
		sedeId,
		dataDeposito: '2026-11-02',
		modalita: 'presenza',
		tipologia: 'obbligatoria',
		riferimentoGiudizio: null,
		materiaId,
		oggetto: 'Spese condominiali',
		descrizione: '',
		valoreTipo: 'indeterminabile_basso',
		valore: null,
		parti: [parte('istante', 'Rossi', 'RSSNNA80A41F205X'), parte('invitata', 'Verdi', 'VRDNNA80A41F205X')],
		...over
	});
	if (!r.ok) throw new Error(r.message);
	return r.id;
}

describe('default rules in the database', () => {
	it('ensureDefaultRegole is idempotent', () => {
		// Reference data (ensureReferenceData) may already have inserted them: a second call adds nothing.
		ensureDefaultRegole(t.db);
		expect(ensureDefaultRegole(t.db)).toBe(0);
		expect(t.db.select().from(regoleScadenze).all()).toHaveLength(DEFAULT_REGOLE.length);
		expect(listRegole(t.db, 'durata_massima').map((r) => r.validaDal)).toEqual([
			'2010-03-20',
			'2013-09-20',
			'2023-06-30',
			'2025-01-25',
			'2025-01-25'
		]);
	});

	it('never overwrites a version the Organismo corrected', () => {
		ensureDefaultRegole(t.db);
		t.db
			.update(regoleScadenze)
			.set({ parametri: JSON.stringify({ decorrenza: 'comunicazione', giorni: 10 }) })
			.where(eq(regoleScadenze.id, 'risposta_adesione-default'))
			.run();
		ensureDefaultRegole(t.db);
		expect(regolaFor(t.db, 'risposta_adesione', 'volontaria', '2026-01-01')!.parametri).toMatchObject({ giorni: 10 });
	});

	it('regolaFor picks the version in force on the date, tipologia first', () => {
		ensureDefaultRegole(t.db);
		expect(regolaFor(t.db, 'durata_massima', 'demandata', '2025-01-24')!.id).toBe('durata_massima-2023-06-30');
		expect(regolaFor(t.db, 'durata_massima', 'demandata', '2025-01-25')!.id).toBe('durata_massima-2025-01-25-demandata');
		expect(regolaFor(t.db, 'durata_massima', 'obbligatoria', '2025-01-25')!.id).toBe('durata_massima-2025-01-25');
		expect(regolaFor(t.db, 'primo_incontro', null, '2009-12-31')).toBeNull();
	});

	it('a broken stored rule is reported, not skipped', () => {
		ensureDefaultRegole(t.db);
		t.db.update(regoleScadenze).set({ parametri: '{"mesi":0}' }).where(eq(regoleScadenze.id, 'durata_massima-2025-01-25')).run();
		const id = nuovoCaso({});
		expect(() => scadenzeProcedimento(t.db, id, '2026-11-03')).toThrow(/durata_massima-2025-01-25.*mesi/);
	});
});

describe('deadlines of a stored case', () => {
	beforeEach(() => {
		ensureDefaultRegole(t.db);
	});

	it('reads filing date, communication and first meeting', () => {
		const id = nuovoCaso({});
		expect(scadenzeProcedimento(t.db, id, '2026-11-03')!.map((s) => [s.codice, s.dal, s.al, s.stato])).toEqual([
			['primo_incontro', '2026-11-22', '2026-12-12', 'futura'],
			['durata_massima', undefined, '2027-05-02', 'futura']
		]);
		t.db.update(centriInteresse).set({ dataInvioComunicazione: '2026-11-04' }).where(eq(centriInteresse.procedimentoId, id)).run();
		// 23:30 UTC on 1 December is already 2 December in Rome, still inside the window.
		t.db
			.insert(incontri)
			.values({ id: 'inc-1', procedimentoId: id, inizio: '2026-12-01T23:30:00Z', tipo: 'primo', modalita: 'presenza' })
			.run();
		const list = scadenzeProcedimento(t.db, id, '2026-11-10')!;
		expect(list.find((s) => s.codice === 'risposta_adesione')).toMatchObject({ al: '2026-11-19', stato: 'futura' });
		expect(list.find((s) => s.codice === 'primo_incontro')).toMatchObject({ stato: 'rispettata', compiutaIl: '2026-12-02' });
	});

	it('demandata: term from the ordinanza in the court reference; extensions from the audit log', () => {
		const id = nuovoCaso({ tipologia: 'demandata', riferimentoGiudizio: 'Trib. Milano, R.G. 1234/2026, ordinanza del 15/10/2026' });
		const durata = () => scadenzeProcedimento(t.db, id, '2026-11-03')!.find((s) => s.codice === 'durata_massima')!;
		expect(durata()).toMatchObject({ al: '2027-04-15', regolaId: 'durata_massima-2025-01-25-demandata' });
		expect(prorogaProcedimento(t.db, id, '2027-04-01')).toMatchObject({ ok: true, nuovaScadenza: '2027-07-15' });
		appendAudit(t.db, {
			action: AZIONE_PROROGA,
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'procedimento',
			entityId: id,
			details: { mesi: 3, nuovaScadenza: '2027-07-15' }
		});
		expect(durata().al).toBe('2027-07-15');
		expect(prorogaProcedimento(t.db, id, '2027-05-01')).toMatchObject({ ok: false, message: expect.stringMatching(/una sola volta/) });
	});

	it('returns null for an unknown case', () => {
		expect(scadenzeProcedimento(t.db, 'non-esiste', '2026-11-03')).toBeNull();
	});
});
