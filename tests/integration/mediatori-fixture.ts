import { and, eq } from 'drizzle-orm';
import type { UserActor } from '#db/access/index.ts';
import type { Db } from '#db/client.ts';
import { ensureReferenceData } from '#db/organismi/reference-data.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { materie, mediatoreMaterie, mediatori, persone } from '#db/schema.ts';
import { ProcedimentoInput } from '#db/procedimenti/schemas.ts';
import { codiceFiscaleCheckChar } from '#db/procedimenti/fiscal.ts';
import { ensureMediatori } from '#db/mediatori/registry.ts';
import { createOrganismo, createUser } from '../helpers/db.ts';

// A small Organismo for the mediator tests: staff, three mediators competent for one materia, cases.

export const cf = (first15: string) => first15 + codiceFiscaleCheckChar(first15);

export async function setupOrganismo(db: Db) {
	const { organismoId, sedeId } = createOrganismo(db);
	ensureReferenceData(db, organismoId);
	const materia = (nome: string) =>
		db
			.select({ id: materie.id })
			.from(materie)
			.where(and(eq(materie.organismoId, organismoId), eq(materie.nome, nome)))
			.get()!.id;
	const condominio = materia('Condominio');
	const locazione = materia('Locazione');
	const staff = async (role: 'segreteria' | 'responsabile' | 'amministratore') => {
		const u = await createUser(db, organismoId, role);
		return { kind: 'user', id: u.id, organismoId, role, sedeIds: null } as UserActor;
	};
	const segreteria = await staff('segreteria');
	const responsabile = await staff('responsabile');
	const med = async (cognome: string, nome: string) => {
		const u = await createUser(db, organismoId, 'mediatore', { nome, cognome });
		return { kind: 'user' as const, id: u.id, organismoId, role: 'mediatore' as const, nome, cognome } satisfies UserActor & {
			nome: string;
			cognome: string;
		};
	};
	// Alphabetical turn among never-assigned mediators: Bianchi, Rossi, Verdi.
	const rossi = await med('Rossi', 'Anna');
	const bianchi = await med('Bianchi', 'Bruno');
	const verdi = await med('Verdi', 'Carla');
	ensureMediatori(db, organismoId);
	for (const m of [rossi, bianchi, verdi]) db.insert(mediatoreMaterie).values({ organismoId, userId: m.id, materiaId: condominio }).run();
	let n = 0;
	const newCase = (opts: { materiaId?: string; istanteCf?: string } = {}) => {
		n++;
		const input = ProcedimentoInput.parse({
			richiestaId: `test-richiesta-${organismoId.slice(0, 8)}-${n}`,
			sedeId,
			dataDeposito: '2026-11-02',
			modalita: 'presenza',
			tipologia: 'volontaria',
			materiaId: opts.materiaId ?? condominio,
			oggetto: `Controversia di prova ${n}`,
			valoreTipo: 'indeterminabile_basso',
			valore: '',
			parti: [
				{
					ruolo: 'istante',
					tipo: 'fisica',
					nome: 'Mario',
					cognome: 'Esposito',
					codiceFiscale: opts.istanteCf ?? cf('SPSMRA70A01F205'),
					email: 'mario@example.it'
				},
				{
					ruolo: 'invitata',
					tipo: 'fisica',
					nome: 'Luca',
					cognome: `Invitato${n}`,
					codiceFiscale: cf(`BNCLCU80A0${n % 10}H501`),
					email: `luca${n}@example.it`
				}
			]
		});
		const r = createProcedimento(db, segreteria, input);
		if (!r.ok) throw new Error(r.message);
		return r.id;
	};
	const personaByCf = (codice: string) => db.select({ id: persone.id }).from(persone).where(eq(persone.codiceFiscale, codice)).get()!.id;
	const registry = (userId: string) =>
		db
			.select()
			.from(mediatori)
			.where(and(eq(mediatori.organismoId, organismoId), eq(mediatori.userId, userId)))
			.get()!;
	return { organismoId, sedeId, condominio, locazione, segreteria, responsabile, rossi, bianchi, verdi, newCase, personaByCf, registry };
}
