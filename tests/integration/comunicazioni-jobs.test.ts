import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#db/client.ts';
import { INVIO_KIND, LETTURA_KIND, pollCron } from '#db/comunicazioni/jobs.ts';
import { destinatariOf, getMessaggio } from '#db/comunicazioni/repo.ts';
import { messaggi } from '#db/comunicazioni/schema.ts';
import { CasellaInput } from '#db/comunicazioni/schemas.ts';
import { credentialsKey } from '#db/comunicazioni/secret.ts';
import { destinatariComunicazione, inviaComunicazione, saveCasella } from '#db/comunicazioni/service.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { enqueue, type AnyJobDefinition } from '#db/jobs/define.ts';
import { createJobRunner } from '#db/jobs/runner.ts';
import { jobs } from '#db/jobs/schema.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { jobCatalog } from '#server/jobs.ts';
import { caseInput, cf, parte } from '../helpers/procedimenti.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';
import { startPecHarness, type PecHarness } from '../helpers/mail/index.ts';

// The outbox on the durable job runner (issue #12): sending a comunicazione only queues it and an
// invio job; the runner sends (real SMTP to the fake PEC provider) and the reading job collects the
// signed receipts from the real Dovecot. Same parts as comunicazioni-pec.test.ts.
let h: PecHarness;
let t: ReturnType<typeof createTestDb>;
let db: Db;
let org: ReturnType<typeof createOrganismo>;
let segreteria: Awaited<ReturnType<typeof createUser>>;
const key = credentialsKey({ ACCORDO_CREDENTIALS_KEY: randomBytes(32).toString('base64') });
const quiet = { info: () => {}, error: () => {} };

const catalog = (credentialsKey: Buffer | null) =>
	jobCatalog({ backup: { retentionDays: 90, cron: '30 2 * * *' }, mail: { credentialsKey, pollMs: 1000 } });
const runner = (defs: AnyJobDefinition[]) => createJobRunner({ db, jobs: defs, schedules: false, log: quiet });
const byKind = (defs: AnyJobDefinition[], kind: string) => defs.find((d) => d.kind === kind)!;
const pending = (kind: string) =>
	db
		.select()
		.from(jobs)
		.where(and(eq(jobs.kind, kind), eq(jobs.state, 'pending')))
		.all();

beforeAll(async () => {
	h = await startPecHarness();
	t = createTestDb();
	db = t.db;
	org = createOrganismo(db);
	segreteria = await createUser(db, org.organismoId, 'segreteria');
	const admin = await createUser(db, org.organismoId, 'amministratore');
	const box = h.mailbox('organismo.jobs');
	const saved = saveCasella(
		db,
		admin,
		CasellaInput.parse({
			canale: 'pec',
			nome: 'Organismo di prova',
			indirizzo: box.address,
			smtpHost: h.smtp.host,
			smtpPort: String(h.smtp.port),
			smtpSicurezza: 'nessuna',
			imapHost: h.imap.host,
			imapPort: String(h.imap.port),
			imapSicurezza: 'nessuna',
			utente: box.address,
			password: box.password,
			gestoriFidati: h.ca.caPem,
			attiva: 'on'
		}),
		key
	);
	if (!saved.ok) throw new Error(saved.message);
});
afterAll(async () => {
	await h?.stop();
	t?.cleanup();
});

let seq = 0;
async function queued(pec: string): Promise<string> {
	seq++;
	const input = caseInput(db, org.organismoId, org.sedeId, {
		parti: [
			parte({ ruolo: 'istante' }),
			parte({ ruolo: 'invitata', nome: 'Carla', cognome: `Job${seq}`, codiceFiscale: cf(`JBOCRL80A41H${500 + seq}`), pec })
		]
	});
	const r = createProcedimento(db, segreteria, input);
	if (!r.ok) throw new Error(r.message);
	const [d] = destinatariComunicazione(db, r.id);
	const sent = await inviaComunicazione(db, fileStoreFor(db), segreteria, r.id, {
		richiestaId: randomUUID(),
		atto: 'convocazione',
		destinatari: [{ soggettoId: d.soggettoId, canale: 'pec' }]
	});
	if (!sent.ok) throw new Error(sent.message);
	return sent.ids[0];
}

describe('the outbox on db/jobs', () => {
	it('queueing enqueues an invio job; the runner sends, the reading job links both signed receipts', async () => {
		const party = h.mailbox('carla.job');
		const id = await queued(party.address);
		expect(getMessaggio(db, id)!.stato).toBe('in_coda');
		expect(pending(INVIO_KIND).length).toBeGreaterThan(0); // in the same transaction as the message

		const defs = catalog(key);
		expect(await runner(defs).drain()).toBeGreaterThan(0);
		expect(getMessaggio(db, id)!.stato).toBe('inviato');
		expect(h.provider.submissions.filter((s) => s.messageId === getMessaggio(db, id)!.messageId)).toHaveLength(1);

		enqueue(db, byKind(defs, LETTURA_KIND), {});
		await runner(defs).drain();
		expect(destinatariOf(db, id)[0].stato).toBe('consegnato');
		const done = db
			.select()
			.from(jobs)
			.where(and(eq(jobs.kind, LETTURA_KIND), eq(jobs.state, 'done')))
			.all();
		expect(done.length).toBeGreaterThan(0);
	});

	it('provider down: the job records the retry and enqueues its follow-up for the next attempt; sent exactly once after', async () => {
		const party = h.mailbox('carla.guasto');
		const id = await queued(party.address);
		const defs = catalog(key);
		await h.provider.down();
		try {
			await runner(defs).drain();
		} finally {
			await h.provider.up();
		}
		const m = getMessaggio(db, id)!;
		expect(m.stato).toBe('in_coda');
		expect(m.ultimoErrore).toMatch(/rifiuta la connessione/);
		const followUp = pending(INVIO_KIND).find((j) => j.runAt.getTime() === m.prossimoTentativo);
		expect(followUp).toBeDefined();
		expect(await runner(defs).drain()).toBe(0); // not due yet: nothing runs, nothing is sent

		// Time passes: the message and its follow-up fall due.
		const now = Date.now();
		db.update(messaggi).set({ prossimoTentativo: now }).where(eq(messaggi.id, id)).run();
		db.update(jobs)
			.set({ runAt: new Date(now) })
			.where(eq(jobs.id, followUp!.id))
			.run();
		const [a, b] = [runner(defs), runner(defs)];
		await Promise.all([a.drain(), b.drain()]);
		const after = getMessaggio(db, id)!;
		expect(after.stato).toBe('inviato');
		expect(after.tentativi).toBe(2);
		expect(h.provider.submissions.filter((s) => s.messageId === after.messageId)).toHaveLength(1);
	});

	it('without ACCORDO_CREDENTIALS_KEY nothing is sent and the job says why', async () => {
		const party = h.mailbox('carla.senzachiave');
		const id = await queued(party.address);
		await runner(catalog(null)).drain();
		expect(getMessaggio(db, id)!.stato).toBe('in_coda');
		const last = db
			.select()
			.from(jobs)
			.where(and(eq(jobs.kind, INVIO_KIND), eq(jobs.state, 'done')))
			.all()
			.at(-1)!;
		expect(JSON.parse(last.result!)).toMatchObject({ sospeso: expect.stringMatching(/ACCORDO_CREDENTIALS_KEY/) });
		// The key arrives with a restart: the start-up catch-up of the sweep schedule works off the queue.
		const withKey = catalog(key);
		expect(byKind(withKey, INVIO_KIND).schedule?.catchUpMs).toBeGreaterThan(0);
		enqueue(db, byKind(withKey, INVIO_KIND), {});
		await runner(withKey).drain();
		expect(getMessaggio(db, id)!.stato).toBe('inviato');
	});

	it('the reading schedule follows ACCORDO_MAIL_POLL_SECONDS', () => {
		expect(pollCron(1000)).toBe('* * * * * *');
		expect(pollCron(15_000)).toBe('*/15 * * * * *');
		expect(pollCron(60_000)).toBe('* * * * *');
		expect(pollCron(600_000)).toBe('*/10 * * * *');
		expect(byKind(catalog(key), LETTURA_KIND).schedule?.cron).toBe('* * * * * *');
	});
});
