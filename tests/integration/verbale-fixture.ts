import type { UserActor } from '#db/access/index.ts';
import type { Db } from '#db/client.ts';
import { newId } from '#db/shared/ids.ts';
import { ensureReferenceData } from '#db/organismi/reference-data.ts';
import { loadCaseContext } from '#db/procedimenti/context.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { assegnazioni, materie, persone, soggetti } from '#db/schema.ts';
import { codiceFiscaleCheckChar } from '#db/procedimenti/fiscal.ts';
import { ProcedimentoInput } from '#db/procedimenti/schemas.ts';
import { createVerbale } from '#db/verbali/repo.ts';
import { and, eq } from 'drizzle-orm';
import { createOrganismo, createUser, sessionCookieFor } from '../helpers/db.ts';

const cf = (first15: string) => first15 + codiceFiscaleCheckChar(first15);

export interface Person {
	id: string;
	cookie: string;
	actor: UserActor;
}

/**
 * One Organismo with a procedimento whose parties have accented names, a lawyer, a mediator
 * (accepted), a CTU, the segreteria, and a second case with its own party (a stranger to the first).
 */
export async function setupVerbaleCase(db: Db) {
	const { organismoId, sedeId } = createOrganismo(db);
	ensureReferenceData(db, organismoId);
	const materiaId = db
		.select({ id: materie.id })
		.from(materie)
		.where(and(eq(materie.organismoId, organismoId), eq(materie.nome, 'Condominio')))
		.get()!.id;
	const person = async (role: UserActor['role'], opts: { email?: string; nome?: string; cognome?: string } = {}): Promise<Person> => {
		const u = await createUser(db, organismoId, role, opts);
		return { id: u.id, cookie: sessionCookieFor(db, u.id), actor: { kind: 'user', id: u.id, organismoId, role, sedeIds: null } };
	};
	const suffix = organismoId.slice(0, 6);
	const segreteria = await person('segreteria');
	const mediatore = await person('mediatore', { nome: 'Anna', cognome: 'Rossi' });
	const parte = await person('parte', { email: `niccolo.${suffix}@example.it`, nome: 'Niccolò', cognome: 'Núñez' });
	const avvocato = await person('avvocato', { email: `avv.${suffix}@pec.it`, nome: 'Francesca', cognome: "D'Angelo" });
	const ctu = await person('ctu');
	const stranger = await person('parte', { email: `altro.${suffix}@example.it` });

	let n = 0;
	const newCase = (parti: unknown[]) => {
		n++;
		const input = ProcedimentoInput.parse({
			richiestaId: `verbale-${suffix}-${n}`,
			sedeId,
			dataDeposito: '2026-11-02',
			modalita: 'telematica',
			tipologia: 'volontaria',
			materiaId,
			oggetto: `Spese della facciata ${n}`,
			valoreTipo: 'determinato',
			valore: '18.500,00',
			parti
		});
		const r = createProcedimento(db, segreteria.actor, input);
		if (!r.ok) throw new Error(r.message);
		return r.id;
	};
	const procedimentoId = newCase([
		{
			ruolo: 'istante',
			tipo: 'fisica',
			nome: 'Niccolò',
			cognome: 'Núñez-Đorđević',
			codiceFiscale: cf('NNZNCL70A01F205'),
			email: `niccolo.${suffix}@example.it`,
			avvNome: 'Francesca',
			avvCognome: "D'Angelo",
			avvPec: `avv.${suffix}@pec.it`
		},
		{
			ruolo: 'invitata',
			tipo: 'fisica',
			nome: 'Zoë',
			cognome: 'Müller',
			codiceFiscale: cf('MLLZOE80A41H501'),
			email: `zoe.${suffix}@example.it`
		}
	]);
	const otherCaseId = newCase([
		{
			ruolo: 'istante',
			tipo: 'fisica',
			nome: 'Altro',
			cognome: 'Utente',
			codiceFiscale: cf('TNTLTR70A01F205'),
			email: `altro.${suffix}@example.it`
		},
		{
			ruolo: 'invitata',
			tipo: 'fisica',
			nome: 'Terzo',
			cognome: 'Invitato',
			codiceFiscale: cf('NVTTRZ80A01H501'),
			email: `terzo.${suffix}@example.it`
		}
	]);
	db.insert(assegnazioni).values({ id: newId(), procedimentoId, mediatoreId: mediatore.id, metodo: 'rotazione', stato: 'accettata' }).run();
	// The CTU joins the case as a soggetto linked to their account.
	const ctuPersona = newId();
	db.insert(persone).values({ id: ctuPersona, organismoId, tipo: 'fisica', nome: 'Carlo', cognome: 'Tecnico', userId: ctu.id }).run();
	db.insert(soggetti).values({ id: newId(), procedimentoId, personaId: ctuPersona, ruolo: 'ctu' }).run();

	const ctx = () => loadCaseContext(db, procedimentoId)!;
	const newVerbale = (tipo: 'primo_incontro' | 'accordo' = 'accordo') => {
		const r = createVerbale(db, segreteria.actor, ctx(), procedimentoId, { tipo });
		if (!r.ok) throw new Error(r.message);
		return r.id;
	};
	return { organismoId, procedimentoId, otherCaseId, segreteria, mediatore, parte, avvocato, ctu, stranger, ctx, newVerbale };
}
