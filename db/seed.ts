import { and, count, eq } from 'drizzle-orm';
import { codiceFiscaleCheckChar } from './procedimenti/fiscal.ts';
import { writeTransaction, type Db } from './client.ts';
import { userActor } from './access/index.ts';
import { hashPassword } from './auth/password.ts';
import { appendAudit } from './audit/repo.ts';
import { assegnazioni, mediatoreMaterie, mediatori, materie, membershipSedi, memberships, organismi, sedi, users } from './schema.ts';
import { DICHIARAZIONE_DEFAULT, ensureReferenceData } from './organismi/reference-data.ts';
import { createProcedimento } from './procedimenti/repo.ts';
import { sha256Hex } from './shared/hash.ts';
import type { Role } from './auth/labels.ts';

/** Demo password of every demo account (printed at startup; change it from "Il mio account"). */
export const DEMO_PASSWORD = 'Accordo.Demo.2026';

export const DEMO_USERS: ReadonlyArray<{ id: string; email: string; nome: string; cognome: string; role: Role }> = [
	{ id: 'demo-admin', email: 'admin@demo.accordo.it', nome: 'Alessandra', cognome: 'Ferri', role: 'amministratore' },
	{ id: 'demo-responsabile', email: 'responsabile@demo.accordo.it', nome: 'Giorgio', cognome: 'Bellini', role: 'responsabile' },
	{ id: 'demo-segreteria', email: 'segreteria@demo.accordo.it', nome: 'Chiara', cognome: 'Russo', role: 'segreteria' },
	{ id: 'demo-mediatore', email: 'mediatore@demo.accordo.it', nome: 'Niccolò', cognome: 'Della Valle', role: 'mediatore' },
	{ id: 'demo-mediatore-2', email: 'mediatrice@demo.accordo.it', nome: 'Sara', cognome: 'Conti', role: 'mediatore' },
	{ id: 'demo-avvocato', email: 'avvocato@demo.accordo.it', nome: 'Francesca', cognome: "D'Angelo", role: 'avvocato' },
	{ id: 'demo-parte', email: 'parte@demo.accordo.it', nome: 'Mario', cognome: 'Esposito', role: 'parte' },
	{ id: 'demo-ctu', email: 'ctu@demo.accordo.it', nome: 'Lucia', cognome: 'Martini', role: 'ctu' }
];

export const DEMO_ORGANISMO_ID = 'demo-organismo';
/** The demo seed's platform operator (console /piattaforma). */
export const DEMO_OPERATOR_EMAIL = 'operatore@demo.accordo.it';

/**
 * Seeds the demo Organismo (with its number in the Ministry's register), two sedi and one user per
 * role, only when the database has no Organismo yet. Returns whether it seeded.
 */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
	const existing = db.select({ n: count() }).from(organismi).get()?.n ?? 0;
	if (existing > 0) return false;
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	writeTransaction(db, () => {
		db.insert(organismi)
			.values({
				id: DEMO_ORGANISMO_ID,
				denominazione: 'Organismo di Mediazione Accordo (demo)',
				numeroRegistro: '1234',
				slug: 'demo',
				codiceFiscale: '00000000000',
				pec: 'organismo.demo@pec.accordo.it'
			})
			.run();
		db.insert(sedi)
			.values([
				{
					id: 'demo-sede-milano',
					organismoId: DEMO_ORGANISMO_ID,
					nome: 'Sede di Milano',
					indirizzo: 'Corso di Porta Vittoria 10',
					comune: 'Milano',
					provincia: 'MI'
				},
				{
					id: 'demo-sede-roma',
					organismoId: DEMO_ORGANISMO_ID,
					nome: 'Sede di Roma',
					indirizzo: 'Via Cola di Rienzo 28',
					comune: 'Roma',
					provincia: 'RM'
				}
			])
			.run();
		db.insert(users)
			.values(DEMO_USERS.map(({ id, email, nome, cognome }) => ({ id, email, nome, cognome, passwordHash })))
			.run();
		db.insert(memberships)
			.values(DEMO_USERS.map((u) => ({ id: `m-${u.id}`, userId: u.id, organismoId: DEMO_ORGANISMO_ID, role: u.role })))
			.run();
		// The demo segreteria works at the Milano sede only.
		db.insert(membershipSedi).values({ membershipId: 'm-demo-segreteria', sedeId: 'demo-sede-milano' }).run();
		// A demo platform operator, only because this is the demo seed (ACCORDO_SEED=demo, the default of
		// `npm start`); a production deployment runs with ACCORDO_SEED=none and creates its operator with
		// `npm run operator -- create <email>`.
		db.insert(users)
			.values({ id: 'demo-operatore', email: DEMO_OPERATOR_EMAIL, nome: 'Paolo', cognome: 'Greco', passwordHash, operatore: true })
			.run();
	});
	ensureReferenceData(db, DEMO_ORGANISMO_ID);
	seedDemoMediatori(db);
	seedDemoProcedimenti(db);
	appendAudit(db, { action: 'demo.seeded', organismoId: DEMO_ORGANISMO_ID, details: { users: DEMO_USERS.length } });
	return true;
}

function seedDemoMediatori(db: Db): void {
	const tutte = db.select({ id: materie.id }).from(materie).where(eq(materie.organismoId, DEMO_ORGANISMO_ID)).all();
	for (const userId of ['demo-mediatore', 'demo-mediatore-2']) {
		db.insert(mediatori)
			.values({ userId, organismoId: DEMO_ORGANISMO_ID, qualifiche: 'Avvocato, mediatore civile e commerciale dal 2015' })
			.run();
		for (const m of tutte) db.insert(mediatoreMaterie).values({ organismoId: DEMO_ORGANISMO_ID, userId, materiaId: m.id }).run();
	}
}

/** Three demo cases; the first one has the demo lawyer and party as people with accounts. */
function seedDemoProcedimenti(db: Db): void {
	const segreteria = userActor(
		{ id: 'demo-segreteria', organismoId: DEMO_ORGANISMO_ID, membershipId: 'm-demo-segreteria', role: 'segreteria' as const },
		['demo-sede-milano']
	);
	const materia = (nome: string) =>
		db
			.select({ id: materie.id })
			.from(materie)
			.where(and(eq(materie.organismoId, DEMO_ORGANISMO_ID), eq(materie.nome, nome)))
			.get()!.id;
	const persona = (nome: string, cognome: string, codiceFiscale: string, email: string) => ({
		tipo: 'fisica' as const,
		nome,
		cognome,
		codiceFiscale,
		email,
		pec: null,
		centro: 1,
		dataNascita: null,
		residenza: null,
		denominazione: null,
		partitaIva: null,
		sedeLegale: null,
		legaleRappresentante: null,
		telefono: null,
		codiceDestinatario: null,
		avvNome: null,
		avvCognome: null,
		avvCodiceFiscale: null,
		avvPec: null,
		avvEmail: null,
		avvForo: null
	});
	const first = createProcedimento(db, segreteria, {
		richiestaId: 'demo-richiesta-1',
		sedeId: 'demo-sede-milano',
		dataDeposito: '2026-11-02',
		modalita: 'telematica',
		tipologia: 'obbligatoria',
		riferimentoGiudizio: null,
		materiaId: materia('Condominio'),
		oggetto: 'Ripartizione delle spese di rifacimento della facciata',
		descrizione: 'Contestazione della delibera assembleare del 12 settembre 2026.',
		valoreTipo: 'determinato',
		valore: 1_850_000,
		parti: [
			{
				...persona('Mario', 'Esposito', fixCf('SPSMRA70A01F205Z')!, 'parte@demo.accordo.it'),
				ruolo: 'istante',
				avvNome: 'Francesca',
				avvCognome: "D'Angelo",
				avvPec: 'avvocato@demo.accordo.it',
				avvEmail: 'avvocato@demo.accordo.it',
				avvForo: 'Milano'
			},
			{
				...persona('', '', '', ''),
				tipo: 'giuridica',
				nome: null,
				cognome: null,
				codiceFiscale: null,
				email: null,
				ruolo: 'invitata',
				denominazione: 'Condominio Via Padova 15',
				partitaIva: '12345678903',
				pec: 'condominio.viapadova15@pec.it'
			}
		]
	});
	if (first.ok) {
		const testo = DICHIARAZIONE_DEFAULT;
		db.insert(assegnazioni)
			.values({
				id: 'demo-assegnazione-1',
				procedimentoId: first.id,
				mediatoreId: 'demo-mediatore',
				metodo: 'rotazione',
				motivazione: 'Primo della rotazione per la materia',
				stato: 'accettata',
				dichiarazioneTesto: testo,
				dichiarazioneSha256: sha256Hex(testo),
				rispostaAt: new Date()
			})
			.run();
	}
	createProcedimento(db, segreteria, {
		richiestaId: 'demo-richiesta-2',
		sedeId: 'demo-sede-milano',
		dataDeposito: '2026-11-16',
		modalita: 'presenza',
		tipologia: 'volontaria',
		riferimentoGiudizio: null,
		materiaId: materia('Contratti commerciali e d\u2019impresa'),
		oggetto: 'Fornitura di arredi non conforme',
		descrizione: '',
		valoreTipo: 'indeterminabile_medio',
		valore: null,
		parti: [
			{ ...persona('Giulia', 'Ricci', 'RCCGLI85M41H501X', 'giulia.ricci@example.it'), ruolo: 'istante' as const },
			{ ...persona('Luca', 'Bianchi', 'BNCLCU80A01H501X', 'luca.bianchi@example.it'), ruolo: 'invitata' as const }
		].map((p) => ({ ...p, codiceFiscale: fixCf(p.codiceFiscale) }))
	});
}

/** Demo fiscal codes get a correct check character (the seed must pass the same validation as forms). */
function fixCf(cf: string | null): string | null {
	if (!cf) return cf;
	return cf.slice(0, 15) + codiceFiscaleCheckChar(cf.slice(0, 15));
}
