import { createHash, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { UserActor } from '#db/access/index.ts';
import { closeDb, openDb, type Db } from '#db/client.ts';
import { createAccesso } from '#db/adesioni/repo.ts';
import { addDocument } from '#db/documents/repo.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { creaFeed } from '#db/agenda/feed.ts';
import { notify } from '#db/agenda/notifications.ts';
import { defaultTariffaId } from '#db/fees/repo.ts';
import { DM150_2023 } from '#db/fees/tables.ts';
import { ensureMediatori } from '#db/mediatori/registry.ts';
import { ensureReferenceData } from '#db/organismi/reference-data.ts';
import { loadCaseContext } from '#db/procedimenti/context.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { ProcedimentoInput } from '#db/procedimenti/schemas.ts';
import { registraProtocollo } from '#db/protocollo/repo.ts';
import { createInvito } from '#db/rooms/invitations.ts';
import { ensureStanza } from '#db/rooms/repo.ts';
import { newId } from '#db/shared/ids.ts';
import {
	assegnazioni,
	centriInteresse,
	disponibilitaMediatori,
	incontri,
	jobs,
	materie,
	movimenti,
	notifiche,
	orariSede,
	persone,
	sale,
	soggetti,
	tariffe
} from '#db/schema.ts';
import { createVerbale, saveVersione } from '#db/verbali/repo.ts';
import type { Role } from '#db/auth/labels.ts';
import { ROLES } from '#db/auth/labels.ts';
import { cf } from '../helpers/procedimenti.ts';
import { createOrganismo, createUser, sessionCookieFor } from '../helpers/db.ts';
import { e2eDbPath } from './fixtures.ts';

// Two Organismi written straight into the e2e server's SQLite file (the server is running: WAL lets
// a second connection write), each with one user per role, a case with every kind of object, a
// guest link and a calendar feed. The isolation probe (isolation.spec.ts) then attacks one from the
// other through the real HTTP server and its sockets.

export interface Member {
	role: Role;
	id: string;
	email: string;
	membershipId: string;
	cookie: string;
}

export interface World {
	organismoId: string;
	slug: string;
	/** A string that occurs in this Organismo's data and nowhere else: no answer to the other may contain it. */
	marker: string;
	sedeId: string;
	members: Record<Role, Member>;
	caseId: string;
	documentId: string;
	incontroId: string;
	verbaleId: string;
	versioneId: string;
	protocolloId: string;
	stanzaId: string;
	invitoId: string;
	guestToken: string;
	feedToken: string;
	notificaId: string;
	salaId: string;
	orarioId: string;
	disponibilitaId: string;
	assegnazioneId: string;
	movimentoId: string;
	jobId: number;
	materiaId: string;
	/** The Organismo's DM 150/2023 version (in force) and a version planned for 2099 (deletable). */
	tariffaInVigoreId: string;
	tariffaProgrammataId: string;
	/** Adesione online: the invited party's page and the link for its lawyer. */
	adesioneToken: string;
	avvocatoToken: string;
}

export function withDb<T>(fn: (db: Db) => T): T {
	const db = openDb(e2eDbPath());
	try {
		return fn(db);
	} finally {
		closeDb(db);
	}
}

const PDF = Buffer.from(
	'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'
);

/** Creates one Organismo with every role and every kind of object (label: "A" or "B"). */
export async function createWorld(label: string): Promise<World> {
	const db = openDb(e2eDbPath());
	try {
		const tag = `${label}${randomUUID().slice(0, 8)}`.toLowerCase();
		const marker = `Segretissimo${tag}`;
		const slug = `iso-${tag}`;
		const { organismoId, sedeId } = createOrganismo(db, { denominazione: `Organismo ${marker}`, slug });
		ensureReferenceData(db, organismoId);
		const members = {} as Record<Role, Member>;
		for (const role of ROLES) {
			const u = await createUser(db, organismoId, role, { email: `${role}.${tag}@prova.it`, nome: 'Utente', cognome: `${marker}${role}` });
			members[role] = { role, id: u.id, email: u.email, membershipId: u.membershipId, cookie: sessionCookieFor(db, u.id) };
		}
		const actor = (role: Role): UserActor => ({ kind: 'user', id: members[role].id, organismoId, role, sedeIds: null });
		const segreteria = actor('segreteria');
		const materiaId = db
			.select({ id: materie.id })
			.from(materie)
			.where(and(eq(materie.organismoId, organismoId), eq(materie.nome, 'Condominio')))
			.get()!.id;
		const created = createProcedimento(
			db,
			segreteria,
			ProcedimentoInput.parse({
				richiestaId: `iso-${tag}`,
				sedeId,
				dataDeposito: '2026-11-02',
				modalita: 'telematica',
				tipologia: 'volontaria',
				materiaId,
				oggetto: `Oggetto ${marker}`,
				valoreTipo: 'determinato',
				valore: '18.500,00',
				parti: [
					{
						ruolo: 'istante',
						tipo: 'fisica',
						nome: 'Parte',
						cognome: `Istante${marker}`,
						codiceFiscale: cf('RSSMRA70A01F205'),
						email: members.parte.email,
						avvNome: 'Avvocato',
						avvCognome: `Legale${marker}`,
						avvPec: members.avvocato.email
					},
					{
						ruolo: 'invitata',
						tipo: 'fisica',
						nome: 'Parte',
						cognome: `Invitata${marker}`,
						codiceFiscale: cf('VRDNNA80A41H501'),
						email: `invitata.${tag}@example.it`
					}
				]
			})
		);
		if (!created.ok) throw new Error(created.message);
		const caseId = created.id;
		const ctx = () => loadCaseContext(db, caseId)!;
		const invitato = db
			.select({ id: centriInteresse.id })
			.from(centriInteresse)
			.where(and(eq(centriInteresse.procedimentoId, caseId), eq(centriInteresse.ruolo, 'invitata')))
			.get()!;
		const accesso = (tipo: 'parte' | 'avvocato') =>
			createAccesso(db, { organismoId, procedimentoId: caseId, centroId: invitato.id, tipo }).token;
		const adesioneToken = accesso('parte');
		const avvocatoToken = accesso('avvocato');
		const assegnazioneId = newId();
		db.insert(assegnazioni)
			.values({ id: assegnazioneId, procedimentoId: caseId, mediatoreId: members.mediatore.id, metodo: 'rotazione', stato: 'accettata' })
			.run();
		ensureMediatori(db, organismoId);
		const ctuPersona = newId();
		db.insert(persone)
			.values({ id: ctuPersona, organismoId, tipo: 'fisica', nome: 'Ctu', cognome: `Perito${marker}`, userId: members.ctu.id })
			.run();
		db.insert(soggetti).values({ id: newId(), procedimentoId: caseId, personaId: ctuPersona, ruolo: 'ctu' }).run();

		const doc = await addDocument(db, fileStoreFor(db), segreteria, ctx(), {
			procedimentoId: caseId,
			titolo: `Documento ${marker}`,
			nomeFile: `istanza-${tag}.pdf`,
			bytes: PDF
		} as Parameters<typeof addDocument>[4]);
		if (!doc.ok) throw new Error(doc.message);

		const salaId = newId();
		db.insert(sale)
			.values({ id: salaId, organismoId, sedeId, nome: `Sala ${marker}`, capienza: 6 })
			.run();
		const orarioId = newId();
		db.insert(orariSede).values({ id: orarioId, sedeId, giorno: 1, dalle: '09:00', alle: '13:00' }).run();
		const disponibilitaId = newId();
		db.insert(disponibilitaMediatori)
			.values({ id: disponibilitaId, organismoId, mediatoreId: members.mediatore.id, giorno: 2, dalle: '09:00', alle: '12:00' })
			.run();
		const incontroId = newId();
		db.insert(incontri)
			.values({
				id: incontroId,
				procedimentoId: caseId,
				inizio: '2026-12-15T09:00:00.000Z',
				tipo: 'primo',
				modalita: 'presenza',
				salaId,
				mediatoreId: members.mediatore.id,
				note: `Nota ${marker}`,
				createdBy: members.segreteria.id
			})
			.run();

		const verbale = createVerbale(db, segreteria, ctx(), caseId, { tipo: 'primo_incontro' });
		if (!verbale.ok) throw new Error(verbale.message);
		const verbaleRow = { id: verbale.id, procedimentoId: caseId } as Parameters<typeof saveVersione>[3];
		const versione = saveVersione(db, segreteria, ctx(), verbaleRow, {
			nome: `Versione ${marker}`,
			stato: new Uint8Array([0, 0]),
			contenuto: {}
		});
		if (!versione.ok) throw new Error(versione.message);

		const prot = registraProtocollo(db, segreteria, {
			direzione: 'entrata',
			mittente: `Mittente ${marker}`,
			destinatario: 'Organismo',
			oggetto: `Protocollo ${marker}`,
			procedimentoId: caseId,
			documentoIds: [doc.id]
		});
		if (!prot.ok) throw new Error(prot.message);

		const stanza = ensureStanza(db, caseId);
		const invito = createInvito(db, segreteria, { procedimentoId: caseId, soggettoId: null, nome: `Ospite ${marker}`, ruolo: 'uditore' });
		if (!invito.ok) throw new Error(invito.message);

		const feedToken = creaFeed(db, { id: members.mediatore.id, organismoId, membershipId: members.mediatore.membershipId });
		const notificaId = newId();
		db.insert(notifiche)
			.values({ id: notificaId, userId: members.segreteria.id, organismoId, titolo: `Avviso ${marker}`, testo: marker })
			.run();
		notify(db, [members.amministratore.id], { organismoId, titolo: `Avviso ${marker}`, link: `/procedimenti/${caseId}` });
		const movimentoId = newId();
		db.insert(movimenti)
			.values({
				id: movimentoId,
				procedimentoId: caseId,
				tipo: 'incasso',
				voce: `Incasso ${marker}`,
				importoCentesimi: 4000,
				data: '2026-11-03'
			})
			.run();
		const tariffaProgrammataId = newId();
		db.insert(tariffe)
			.values({
				id: tariffaProgrammataId,
				organismoId,
				nome: `Tariffa ${marker}`,
				validaDal: '2099-01-01',
				fonte: `Delibera ${marker}`,
				dati: JSON.stringify(DM150_2023.dati)
			})
			.run();
		const now = new Date();
		const job = db
			.insert(jobs)
			.values({
				kind: 'scadenze.avvisi',
				organismoId,
				idempotencyKey: `iso-${tag}`,
				payload: '{}',
				state: 'failed',
				attempts: 8,
				maxAttempts: 8,
				runAt: now,
				createdAt: now,
				updatedAt: now,
				lastError: `Errore ${marker}`
			})
			.returning({ id: jobs.id })
			.get();
		return {
			organismoId,
			slug,
			marker,
			sedeId,
			members,
			caseId,
			documentId: doc.id,
			incontroId,
			verbaleId: verbale.id,
			versioneId: versione.id,
			protocolloId: prot.id,
			stanzaId: stanza.id,
			invitoId: invito.id,
			guestToken: invito.token,
			feedToken,
			notificaId,
			salaId,
			orarioId,
			disponibilitaId,
			assegnazioneId,
			movimentoId,
			jobId: job.id,
			materiaId,
			tariffaInVigoreId: defaultTariffaId(organismoId, DM150_2023.chiave),
			tariffaProgrammataId,
			adesioneToken,
			avvocatoToken
		};
	} finally {
		closeDb(db);
	}
}

/**
 * A digest of every table of the database, row by row (sorted, so the order of a scan does not
 * matter). A few tables change by design while the server and the other Organismo work and are
 * narrowed: sessions and login attempts are left out; of the audit log only the rows of
 * `organismoId`'s chain count, and of the jobs only the Organismo's own (the server's scheduled jobs
 * of the installation and of the demo Organismo keep running meanwhile); of the mail tables that
 * the comunicazioni jobs write in the background (a mailbox read every few seconds records its last
 * check, a queued message its attempts) only the Organismo's own rows count.
 */
const BACKGROUND_MAIL_TABLES = new Set(['caselle_posta', 'messaggi', 'ricevute', 'posta_arrivo']);

export function tableDigests(organismoId: string): Record<string, string> {
	return withDb((db) => {
		const raw = (db as unknown as { $client: import('better-sqlite3').Database }).$client;
		const tables = raw
			.prepare(
				"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' AND name NOT IN ('sessions', 'login_attempts') ORDER BY name"
			)
			.all() as { name: string }[];
		const out: Record<string, string> = {};
		for (const { name } of tables) {
			const rows =
				name === 'audit_log'
					? raw.prepare('SELECT * FROM audit_log WHERE chain = ?').all(organismoId)
					: name === 'jobs' || BACKGROUND_MAIL_TABLES.has(name)
						? raw.prepare(`SELECT * FROM "${name}" WHERE organismo_id = ?`).all(organismoId)
						: raw.prepare(`SELECT * FROM "${name}"`).all();
			const lines = rows.map((r) => JSON.stringify(r, (_k, v) => (Buffer.isBuffer(v) ? v.toString('base64') : v))).sort();
			out[name] = createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16) + `:${rows.length}`;
		}
		return out;
	});
}
