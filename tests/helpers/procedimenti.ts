import { eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { ensureReferenceData } from '#db/organismi/reference-data.ts';
import { materie } from '#db/schema.ts';
import type { ProcedimentoInput } from '#db/procedimenti/schemas.ts';
import { codiceFiscaleCheckChar } from '#db/procedimenti/fiscal.ts';
import { randomUUID } from 'node:crypto';

/** A valid codice fiscale from a 15-character prefix (adds the check character). */
export function cf(prefix15: string): string {
	return prefix15 + codiceFiscaleCheckChar(prefix15);
}

type Parte = ProcedimentoInput['parti'][number];

export function parte(over: Partial<Parte> & Pick<Parte, 'ruolo'>): Parte {
	return {
		centro: 1,
		tipo: 'fisica',
		nome: 'Anna',
		cognome: 'Verdi',
		codiceFiscale: cf('VRDNNA80A41F205'),
		dataNascita: null,
		residenza: null,
		denominazione: null,
		partitaIva: null,
		sedeLegale: null,
		legaleRappresentante: null,
		email: 'anna.verdi@example.it',
		pec: null,
		telefono: null,
		codiceDestinatario: null,
		avvNome: null,
		avvCognome: null,
		avvCodiceFiscale: null,
		avvPec: null,
		avvEmail: null,
		avvForo: null,
		...over
	};
}

/** A valid new-case input for the test Organismo (reference data ensured). */
export function caseInput(db: Db, organismoId: string, sedeId: string, over: Partial<ProcedimentoInput> = {}): ProcedimentoInput {
	let all = db.select().from(materie).where(eq(materie.organismoId, organismoId)).all();
	if (all.length === 0) {
		ensureReferenceData(db, organismoId);
		all = db.select().from(materie).where(eq(materie.organismoId, organismoId)).all();
	}
	const condominio = all.find((m) => m.nome === 'Condominio')!;
	return {
		richiestaId: randomUUID(),
		sedeId,
		dataDeposito: '2026-03-10',
		modalita: 'telematica',
		tipologia: 'volontaria',
		riferimentoGiudizio: null,
		materiaId: condominio.id,
		oggetto: 'Spese condominiali',
		descrizione: '',
		valoreTipo: 'determinato',
		valore: 500_000,
		parti: [
			parte({ ruolo: 'istante' }),
			parte({ ruolo: 'invitata', nome: 'Bruno', cognome: 'Neri', codiceFiscale: cf('NREBRN75B02H501'), email: 'bruno@example.it' })
		],
		...over
	};
}
