import ICAL from 'ical.js';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agendaOrganismo, agendaPersonale } from '#db/agenda/calendar.ts';
import { attoreDaFeed, creaFeed, revocaFeed, utenteDaFeed } from '#db/agenda/feed.ts';
import { newId } from '#db/shared/ids.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { caseInput } from '../helpers/procedimenti.ts';
import { buildCalendar } from '#db/agenda/ics.ts';
import { prenotaIncontro } from '#db/agenda/repo.ts';
import { soggettiCaso } from '#db/agenda/occupazioni.ts';
import type { Db } from '#db/client.ts';
import { icsFeed, membershipSedi, persone, sedi, soggetti } from '#db/schema.ts';
import { createTestDb, createUser } from '../helpers/db.ts';
import { setupAgenda } from './agenda-fixture.ts';

const NOW = Date.parse('2026-11-26T10:00:00Z');
const DAY = 86_400_000;
let t: ReturnType<typeof createTestDb>;
let db: Db;
let f: Awaited<ReturnType<typeof setupAgenda>>;

beforeEach(async () => {
	t = createTestDb();
	db = t.db;
	f = await setupAgenda(db);
});
afterEach(() => t.cleanup());

const base = { tipo: 'primo' as const, modalita: 'telematica' as const, salaId: null, mediatoreId: null, note: '', confermaAvvisi: true };

describe('calendar feed tokens', () => {
	it('stores only the hash; a new token revokes the old one; revocation disables the feed', () => {
		const t1 = creaFeed(db, f.m1);
		expect(db.select().from(icsFeed).get()!.tokenHash).not.toContain(t1);
		expect(utenteDaFeed(db, t1)?.id).toBe(f.m1.id);
		const t2 = creaFeed(db, f.m1);
		expect(utenteDaFeed(db, t1)).toBeNull();
		expect(utenteDaFeed(db, t2)?.id).toBe(f.m1.id);
		expect(revocaFeed(db, f.m1)).toBe(true);
		expect(utenteDaFeed(db, t2)).toBeNull();
		expect(utenteDaFeed(db, 'not-a-token')).toBeNull();
	});
});

describe('who sees which meeting', () => {
	it('mediator: own meetings; party: only meetings they are convoked to; staff: all', async () => {
		const p = f.newCase(f.m1.id);
		const q = f.newCase(f.m2.id);
		// Give the first party of case p an account.
		const parte = await createUser(db, f.organismoId, 'parte');
		const [first] = soggettiCaso(db, p);
		const personaId = db.select({ personaId: soggetti.personaId }).from(soggetti).where(eq(soggetti.id, first.id)).get()!.personaId;
		db.update(persone).set({ userId: parte.id }).where(eq(persone.id, personaId)).run();
		const others = soggettiCaso(db, p)
			.filter((s) => s.id !== first.id)
			.map((s) => s.id);
		expect(
			prenotaIncontro(
				db,
				f.segreteria,
				p,
				{ ...base, data: '2026-12-01', dalle: '10:00', alle: '11:00', convocati: soggettiCaso(db, p).map((s) => s.id) },
				NOW
			).ok
		).toBe(true);
		expect(
			prenotaIncontro(
				db,
				f.segreteria,
				p,
				{ ...base, tipo: 'successivo', data: '2026-12-02', dalle: '10:00', alle: '11:00', convocati: others },
				NOW
			).ok
		).toBe(true);
		expect(prenotaIncontro(db, f.segreteria, q, { ...base, data: '2026-12-03', dalle: '10:00', alle: '11:00' }, NOW).ok).toBe(true);
		const range = [NOW, NOW + 30 * DAY] as const;
		const mediatore = agendaPersonale(db, f.mediatore, ...range);
		expect(mediatore.map((e) => e.procedimentoId)).toEqual([p, p]);
		// The same person (same fiscal code → same persona) is also a party of q, where everyone is convoked by default.
		const party = agendaPersonale(db, { kind: 'user', id: parte.id, organismoId: f.organismoId, role: 'parte' }, ...range);
		expect(party.map((e) => new Date(e.inizio).toISOString())).toEqual(['2026-12-01T09:00:00.000Z', '2026-12-03T09:00:00.000Z']);
		expect(agendaOrganismo(db, f.segreteria, ...range)).toHaveLength(3);
		expect(agendaOrganismo(db, f.mediatore, ...range)).toHaveLength(0);
		// The feed of the mediator parses and holds their two meetings.
		const text = buildCalendar(mediatore, { origin: 'https://x', now: NOW });
		const comp = new ICAL.Component(ICAL.parse(text));
		expect(comp.getAllSubcomponents('vevent')).toHaveLength(2);
	});
});

describe('the feed of a segreteria limited to some sedi', () => {
	it('has only the meetings of its sedi, like its agenda', async () => {
		const romaId = newId();
		db.insert(sedi)
			.values({ id: romaId, organismoId: f.organismoId, nome: 'Sede di Roma', indirizzo: 'Via Appia 1', comune: 'Roma', provincia: 'RM' })
			.run();
		const milano = f.newCase(f.m1.id);
		const r = createProcedimento(db, f.segreteria, caseInput(db, f.organismoId, romaId, { dataDeposito: '2026-11-10' }));
		if (!r.ok) throw new Error(r.message);
		const roma = r.id;
		expect(prenotaIncontro(db, f.segreteria, milano, { ...base, data: '2026-12-01', dalle: '10:00', alle: '11:00' }, NOW).ok).toBe(true);
		expect(prenotaIncontro(db, f.segreteria, roma, { ...base, data: '2026-12-02', dalle: '10:00', alle: '11:00' }, NOW).ok).toBe(true);

		const seg = await createUser(db, f.organismoId, 'segreteria');
		db.insert(membershipSedi).values({ membershipId: seg.membershipId, sedeId: f.sedeId }).run();
		const actor = attoreDaFeed(db, creaFeed(db, seg));
		expect(actor?.sedeIds).toEqual([f.sedeId]);
		const feed = agendaPersonale(db, actor!, NOW, NOW + 30 * DAY);
		expect(feed.map((e) => e.procedimentoId)).toEqual([milano]);
		// An unrestricted segreteria still sees both.
		const all = attoreDaFeed(db, creaFeed(db, f.segreteria));
		expect(
			agendaPersonale(db, all!, NOW, NOW + 30 * DAY)
				.map((e) => e.procedimentoId)
				.sort()
		).toEqual([milano, roma].sort());
	});
});
