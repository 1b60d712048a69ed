import type { UserActor } from '#db/access/index.ts';
import type { Db } from '#db/client.ts';
import { newId } from '#db/shared/ids.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { assegnazioni, sale } from '#db/schema.ts';
import { caseInput } from '../helpers/procedimenti.ts';
import { createOrganismo, createUser } from '../helpers/db.ts';

/** An Organismo with one sede, two sale, staff, two mediators and a case assigned to the first. */
export async function setupAgenda(db: Db, over: { dataDeposito?: string } = {}) {
	const { organismoId, sedeId } = createOrganismo(db);
	const seg = await createUser(db, organismoId, 'segreteria');
	const segreteria: UserActor & { membershipId: string } = {
		kind: 'user',
		id: seg.id,
		organismoId,
		role: 'segreteria',
		sedeIds: null,
		membershipId: seg.membershipId
	};
	const m1 = await createUser(db, organismoId, 'mediatore', { nome: 'Anna', cognome: 'Rossi' });
	const m2 = await createUser(db, organismoId, 'mediatore', { nome: 'Bruno', cognome: 'Bianchi' });
	const mediatore: UserActor = { kind: 'user', id: m1.id, organismoId, role: 'mediatore' };
	const salaVerdi = newId();
	const salaBlu = newId();
	db.insert(sale)
		.values([
			{ id: salaVerdi, organismoId, sedeId, nome: 'Sala Verdi', capienza: 6 },
			{ id: salaBlu, organismoId, sedeId, nome: 'Sala Blu', capienza: 10 }
		])
		.run();
	const newCase = (mediatoreId: string | null, dataDeposito = over.dataDeposito ?? '2026-11-10') => {
		const r = createProcedimento(db, segreteria, caseInput(db, organismoId, sedeId, { dataDeposito }));
		if (!r.ok) throw new Error(r.message);
		if (mediatoreId)
			db.insert(assegnazioni).values({ id: newId(), procedimentoId: r.id, mediatoreId, metodo: 'rotazione', stato: 'accettata' }).run();
		return r.id;
	};
	return { organismoId, sedeId, segreteria, mediatore, m1, m2, salaVerdi, salaBlu, newCase };
}
