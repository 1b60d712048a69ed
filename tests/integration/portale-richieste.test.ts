import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '#db/access/index.ts';
import type { Db } from '#db/client.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { chiediSostituzione, decidiSostituzione, listRichieste, salvaImpostazioni, segnalaImparzialita } from '#db/portale/richieste.ts';
import { DecisioneInput, ImpostazioniPortaleInput, SegnalazioneInput, SostituzioneInput } from '#db/portale/schemas.ts';
import { loadCaseContext } from '#db/procedimenti/context.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { assegnazioni, casellePosta, messaggi, messaggiDestinatari, notifiche, richiesteSostituzione } from '#db/schema.ts';
import { newId } from '#db/shared/ids.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';
import { caseInput, cf, parte } from '../helpers/procedimenti.ts';

let t: ReturnType<typeof createTestDb>;
let db: Db;
let orgId: string;
let caso: string;
let casoResp: string;
const who: Record<string, UserActor> = {};
const deps = () => ({ db, store: fileStoreFor(db), origin: null });
const ctx = (id: string) => loadCaseContext(db, id)!;
const notices = (userId: string, titolo: string) =>
	db
		.select({ n: count() })
		.from(notifiche)
		.where(and(eq(notifiche.userId, userId), eq(notifiche.titolo, titolo)))
		.get()!.n;
const MOTIVO = 'Il mediatore ha avuto rapporti professionali con la controparte.';

beforeAll(async () => {
	t = createTestDb();
	db = t.db;
	const org = createOrganismo(db);
	orgId = org.organismoId;
	for (const [k, role, email] of [
		['admin', 'amministratore', 'admin@example.it'],
		['responsabile', 'responsabile', 'resp@example.it'],
		['segreteria', 'segreteria', 'segr@example.it'],
		['mediatore', 'mediatore', 'med@example.it'],
		['avvocato', 'avvocato', 'avv@example.it'],
		['parte', 'parte', 'parte@example.it']
	] as const)
		who[k] = { ...(await createUser(db, orgId, role, { email })), sedeIds: null };
	const input = () =>
		caseInput(db, orgId, org.sedeId, {
			parti: [
				parte({ ruolo: 'istante', email: 'parte@example.it', avvNome: 'A', avvCognome: 'Avv', avvEmail: 'avv@example.it' }),
				parte({
					ruolo: 'invitata',
					nome: 'Bruno',
					cognome: 'Neri',
					codiceFiscale: cf('NREBRN75B02H501'),
					email: null,
					pec: 'bruno@pec.example.it'
				})
			]
		});
	const a = createProcedimento(db, who.segreteria, input());
	const b = createProcedimento(db, who.segreteria, input());
	if (!a.ok || !b.ok) throw new Error('case');
	caso = a.id;
	casoResp = b.id;
	db.insert(assegnazioni)
		.values({ id: newId(), procedimentoId: caso, mediatoreId: who.mediatore.id, metodo: 'scelta_responsabile', stato: 'accettata' })
		.run();
	// The responsabile, a mediator himself (DM 150/2023 art. 6), mediates the second case.
	db.insert(assegnazioni)
		.values({ id: newId(), procedimentoId: casoResp, mediatoreId: who.responsabile.id, metodo: 'scelta_responsabile', stato: 'accettata' })
		.run();
	db.insert(casellePosta)
		.values({
			id: newId(),
			organismoId: orgId,
			canale: 'email',
			nome: 'Segreteria',
			indirizzo: 'segreteria@odm.example.it',
			smtpHost: '127.0.0.1',
			smtpPort: 2525,
			smtpSicurezza: 'nessuna',
			utente: 'x',
			passwordCifrata: 'x'
		})
		.run();
});
afterAll(() => t.cleanup());

describe('bad input', () => {
	it('Italian messages, and nothing is written', () => {
		expect(SostituzioneInput.safeParse({ mediatoreId: 'x', motivo: 'breve' }).error!.issues[0].message).toBe(
			'Scrivi i motivi della richiesta (almeno 20 caratteri).'
		);
		expect(DecisioneInput.safeParse({ richiestaId: 'x', esito: 'forse', motivazione: 'abbastanza lunga' }).error!.issues[0].message).toBe(
			'Indica se la richiesta è accolta o respinta.'
		);
		expect(
			ImpostazioniPortaleInput.safeParse({ organoSostituzione: 'Consiglio', emailOrganoSostituzione: 'non-una-mail' }).error!.issues[0]
				.message
		).toBe('Indirizzo e-mail o PEC non valido.');
	});
});

describe('replacement of the mediator (art. 14 c.3)', () => {
	it('a party asks, the responsabile decides (not the segreteria, not the mediator); everyone concerned is told', async () => {
		expect(
			await chiediSostituzione(deps(), who.mediatore, ctx(caso), SostituzioneInput.parse({ mediatoreId: who.mediatore.id, motivo: MOTIVO }))
		).toMatchObject({ code: 'forbidden' });
		expect(
			await chiediSostituzione(
				deps(),
				who.avvocato,
				ctx(caso),
				SostituzioneInput.parse({ mediatoreId: who.responsabile.id, motivo: MOTIVO })
			)
		).toMatchObject({ code: 'invalid' });
		const r = await chiediSostituzione(
			deps(),
			who.avvocato,
			ctx(caso),
			SostituzioneInput.parse({ mediatoreId: who.mediatore.id, motivo: MOTIVO })
		);
		if (!r.ok) throw new Error(r.message);
		expect(r.decisore).toBe('responsabile');
		expect(
			await chiediSostituzione(deps(), who.avvocato, ctx(caso), SostituzioneInput.parse({ mediatoreId: who.mediatore.id, motivo: MOTIVO }))
		).toMatchObject({ code: 'conflict' });
		const titolo = `Richiesta di sostituzione del mediatore — n. ${new Date().getFullYear()}/1`;
		for (const k of ['responsabile', 'segreteria', 'mediatore']) expect(notices(who[k].id, titolo), k).toBe(1);
		expect(notices(who.parte.id, titolo)).toBe(0);
		// The other party's view: only its own requests (none).
		expect(listRichieste(db, who.parte, ctx(caso)).richieste).toHaveLength(0);
		const dec = (a: UserActor) =>
			decidiSostituzione(
				deps(),
				a,
				ctx(caso),
				DecisioneInput.parse({ richiestaId: r.id, esito: 'accolta', motivazione: 'Motivi fondati.' })
			);
		expect(await dec(who.segreteria)).toMatchObject({ code: 'forbidden' });
		expect(await dec(who.mediatore)).toMatchObject({ code: 'forbidden' });
		expect(await dec(who.responsabile)).toMatchObject({ ok: true });
		expect(await dec(who.responsabile)).toMatchObject({ code: 'conflict' });
		expect(db.select().from(richiesteSostituzione).where(eq(richiesteSostituzione.id, r.id)).get()).toMatchObject({
			stato: 'accolta',
			decisoDa: who.responsabile.id
		});
		expect(notices(who.avvocato.id, `Sostituzione del mediatore accolta — n. ${new Date().getFullYear()}/1`)).toBe(1);
	});

	it('when the mediator is the responsabile, the regolamento’s body decides: the responsabile cannot, the segreteria records it; the body gets the e-mail', async () => {
		expect(salvaImpostazioni(db, who.segreteria, { organoSostituzione: 'X', emailOrganoSostituzione: null })).toMatchObject({
			code: 'forbidden'
		});
		expect(
			salvaImpostazioni(
				db,
				who.admin,
				ImpostazioniPortaleInput.parse({ organoSostituzione: 'Consiglio direttivo', emailOrganoSostituzione: 'consiglio@odm.example.it' })
			).ok
		).toBe(true);
		const r = await chiediSostituzione(
			deps(),
			who.parte,
			ctx(casoResp),
			SostituzioneInput.parse({ mediatoreId: who.responsabile.id, motivo: MOTIVO })
		);
		if (!r.ok) throw new Error(r.message);
		expect(r).toMatchObject({ decisore: 'organo', organo: 'Consiglio direttivo' });
		const toBody = db
			.select({ n: count() })
			.from(messaggiDestinatari)
			.innerJoin(messaggi, eq(messaggi.id, messaggiDestinatari.messaggioId))
			.where(and(eq(messaggi.procedimentoId, casoResp), eq(messaggiDestinatari.indirizzo, 'consiglio@odm.example.it')))
			.get()!.n;
		expect(toBody).toBe(1);
		const dec = (a: UserActor) =>
			decidiSostituzione(
				deps(),
				a,
				ctx(casoResp),
				DecisioneInput.parse({ richiestaId: r.id, esito: 'respinta', motivazione: 'Motivi non fondati.' })
			);
		expect(await dec(who.responsabile)).toMatchObject({ code: 'forbidden' });
		expect(await dec(who.segreteria)).toMatchObject({ ok: true });
	});
});

describe('impartiality report (art. 14 c.2 b)', () => {
	it('only the mediator reports; the responsabile and the parties (with or without an account) are told', async () => {
		const input = SegnalazioneInput.parse({ testo: 'Ho appreso di un rapporto di parentela con un socio della parte invitata.' });
		expect(await segnalaImparzialita(deps(), who.avvocato, ctx(caso), input)).toMatchObject({ code: 'forbidden' });
		const r = await segnalaImparzialita(deps(), who.mediatore, ctx(caso), input);
		if (!r.ok) throw new Error(r.message);
		const titolo = `Segnalazione del mediatore sull’imparzialità — n. ${new Date().getFullYear()}/1`;
		for (const k of ['responsabile', 'parte', 'avvocato']) expect(notices(who[k].id, titolo), k).toBe(1);
		const pecBruno = db
			.select({ n: count() })
			.from(messaggiDestinatari)
			.where(eq(messaggiDestinatari.indirizzo, 'bruno@pec.example.it'))
			.get()!.n;
		expect(pecBruno).toBe(1);
		expect(listRichieste(db, who.parte, ctx(caso)).segnalazioni).toHaveLength(1);
	});
});
