import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '#db/access/index.ts';
import type { Db } from '#db/client.ts';
import { ensureReferenceData } from '#db/organismi/reference-data.ts';
import { decidiModifica, getProfilo, listModificheInAttesa, proponiProfessionale, salvaContatti } from '#db/portale/profilo.ts';
import { ContattiInput, DecisioneModificaInput, ProfessionaleInput } from '#db/portale/schemas.ts';
import { materie, profili } from '#db/schema.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';

let t: ReturnType<typeof createTestDb>;
let db: Db;
let orgId: string;
let otherOrg: string;
let materiaIds: string[];
const who: Record<string, UserActor> = {};

beforeAll(async () => {
	t = createTestDb();
	db = t.db;
	orgId = createOrganismo(db).organismoId;
	otherOrg = createOrganismo(db).organismoId;
	ensureReferenceData(db, orgId);
	ensureReferenceData(db, otherOrg);
	materiaIds = db
		.select({ id: materie.id })
		.from(materie)
		.where(eq(materie.organismoId, orgId))
		.all()
		.map((m) => m.id);
	for (const [k, role] of [
		['mediatore', 'mediatore'],
		['segreteria', 'segreteria'],
		['avvocato', 'avvocato']
	] as const)
		who[k] = { ...(await createUser(db, orgId, role)), sedeIds: null };
	who.segreteriaAltra = { ...(await createUser(db, otherOrg, 'segreteria')), sedeIds: null };
});
afterAll(() => t.cleanup());

describe('area riservata', () => {
	it('contacts and billing data take effect at once; bad ones are refused in Italian', () => {
		const bad = ContattiInput.safeParse({ pec: 'non-valida', codiceFiscale: 'ABC', codiceDestinatario: '12' });
		expect(bad.success).toBe(false);
		expect(bad.error!.issues.map((i) => i.message)).toContain('PEC non valida.');
		expect(salvaContatti(db, who.avvocato, ContattiInput.parse({ telefono: '02 1234567', pec: 'Avv@PEC.example.it' })).ok).toBe(true);
		expect(getProfilo(db, who.avvocato).contatti).toMatchObject({ telefono: '02 1234567', pec: 'avv@pec.example.it' });
	});

	it('a mediator’s professional data wait for the segreteria: pending, then approved; at most five other organismi', () => {
		const sei = ['A', 'B', 'C', 'D', 'E', 'F'].join('\n');
		expect(ProfessionaleInput.safeParse({ altriOrganismi: sei, materie: [] }).error!.issues[0].message).toBe(
			'Puoi indicare al massimo 5 altri organismi.'
		);
		expect(proponiProfessionale(db, who.avvocato, ProfessionaleInput.parse({ materie: [] }))).toMatchObject({ code: 'forbidden' });
		const foreign = db.select({ id: materie.id }).from(materie).where(eq(materie.organismoId, otherOrg)).get()!.id;
		expect(proponiProfessionale(db, who.mediatore, ProfessionaleInput.parse({ materie: [foreign] }))).toMatchObject({ code: 'invalid' });
		const p = proponiProfessionale(
			db,
			who.mediatore,
			ProfessionaleInput.parse({
				lingue: 'Inglese, francese',
				altriOrganismi: 'ODM Milano\nODM Roma',
				oreFormazione: '18',
				materie: materiaIds.slice(0, 2)
			})
		);
		if (!p.ok) throw new Error(p.message);
		const mine = getProfilo(db, who.mediatore);
		expect(mine.professionale).toBeNull();
		expect(mine.ultimaModifica).toMatchObject({
			stato: 'in_attesa',
			dati: { oreFormazione: 18, altriOrganismi: ['ODM Milano', 'ODM Roma'] }
		});
		// Another Organismo's segreteria neither sees nor decides it; the mediator cannot approve his own.
		expect(listModificheInAttesa(db, who.segreteriaAltra)).toHaveLength(0);
		expect(decidiModifica(db, who.segreteriaAltra, DecisioneModificaInput.parse({ modificaId: p.id, esito: 'approvata' }))).toMatchObject({
			code: 'not_found'
		});
		expect(decidiModifica(db, who.mediatore, DecisioneModificaInput.parse({ modificaId: p.id, esito: 'approvata' }))).toMatchObject({
			code: 'forbidden'
		});
		expect(listModificheInAttesa(db, who.segreteria)).toHaveLength(1);
		expect(decidiModifica(db, who.segreteria, DecisioneModificaInput.parse({ modificaId: p.id, esito: 'approvata' })).ok).toBe(true);
		expect(getProfilo(db, who.mediatore).professionale).toMatchObject({ lingue: 'Inglese, francese', materie: materiaIds.slice(0, 2) });
		const row = db
			.select()
			.from(profili)
			.where(and(eq(profili.organismoId, orgId), eq(profili.userId, who.mediatore.id)))
			.get();
		expect(row?.professionale).toContain('ODM Roma');
		expect(decidiModifica(db, who.segreteria, DecisioneModificaInput.parse({ modificaId: p.id, esito: 'respinta' }))).toMatchObject({
			code: 'conflict'
		});
	});
});
