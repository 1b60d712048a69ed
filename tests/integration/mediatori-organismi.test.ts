import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { UserActor } from '#db/access/index.ts';
import {
	aggiungiDisponibilita,
	aggiungiIndisponibilita,
	listDisponibilita,
	listIndisponibilita,
	rimuovi
} from '#db/agenda/availability.ts';
import { disponibilitaSettimanale } from '#db/agenda/suggest.ts';
import { closeDb, openDb } from '#db/client.ts';
import { migrateDb, MIGRATIONS_DIR } from '#db/migrate.ts';
import { acceptAssignment } from '#db/mediatori/answer.ts';
import { assignByRotation } from '#db/mediatori/assignment.ts';
import { listIncarichi } from '#db/mediatori/incarichi.ts';
import { addConflitto, ensureMediatori, getMediatore, listMediatori, removeConflitto, updateMediatore } from '#db/mediatori/registry.ts';
import { mediatori } from '#db/schema.ts';
import { addMembership, createTestDb } from '../helpers/db.ts';
import { setupOrganismo } from './mediatori-fixture.ts';

// One person, mediator of two Organismi (issue #21): each Organismo has its own registry row
// (stato, materie, load, turn), conflicts, availability and assignments, and neither sees or
// changes the other's.

let t: ReturnType<typeof createTestDb>;
let A: Awaited<ReturnType<typeof setupOrganismo>>;
let B: Awaited<ReturnType<typeof setupOrganismo>>;
/** The person: A's mediator "Rossi", who also joins B as a mediator. */
let inA: UserActor;
let inB: UserActor;

beforeEach(async () => {
	t = createTestDb();
	A = await setupOrganismo(t.db);
	B = await setupOrganismo(t.db);
	inA = A.rossi;
	addMembership(t.db, inA.id, B.organismoId, 'mediatore');
	inB = { ...inA, organismoId: B.organismoId };
});
afterEach(() => t.cleanup());

const row = (organismoId: string, userId: string) =>
	t.db
		.select()
		.from(mediatori)
		.where(and(eq(mediatori.organismoId, organismoId), eq(mediatori.userId, userId)))
		.get();

describe('one person, mediator of two Organismi', () => {
	it('gets a registry row in each, with its own stato, materie and qualifiche', () => {
		expect(ensureMediatori(t.db, B.organismoId)).toBe(1);
		expect(row(B.organismoId, inA.id)).toMatchObject({ stato: 'attivo', ultimaAssegnazione: null });
		expect(
			updateMediatore(t.db, B.responsabile, inA.id, {
				stato: 'sospeso',
				qualifiche: 'Solo per B',
				caricoMassimo: 3,
				materie: [B.locazione]
			})
		).toMatchObject({ ok: true });
		expect(getMediatore(t.db, A.organismoId, inA.id)).toMatchObject({
			stato: 'attivo',
			qualifiche: '',
			caricoMassimo: 20,
			materiaIds: [A.condominio]
		});
		expect(getMediatore(t.db, B.organismoId, inA.id)).toMatchObject({
			stato: 'sospeso',
			qualifiche: 'Solo per B',
			caricoMassimo: 3,
			materiaIds: [B.locazione]
		});
		// A's staff cannot give the person one of B's materie, nor B's staff one of A's.
		expect(
			updateMediatore(t.db, A.responsabile, inA.id, { stato: 'attivo', qualifiche: '', caricoMassimo: 20, materie: [B.locazione] })
		).toMatchObject({ ok: false, code: 'not_found' });
		expect(listMediatori(t.db, A.organismoId).filter((m) => m.userId === inA.id)).toHaveLength(1);
	});

	it('declares conflicts per Organismo: the other neither sees nor removes them', () => {
		ensureMediatori(t.db, B.organismoId);
		expect(addConflitto(t.db, A.responsabile, inA.id, { descrizione: 'Cugino del condomino in A', identificativo: null })).toMatchObject({
			ok: true
		});
		const [c] = getMediatore(t.db, A.organismoId, inA.id)!.conflitti;
		expect(c.descrizione).toBe('Cugino del condomino in A');
		expect(getMediatore(t.db, B.organismoId, inA.id)!.conflitti).toEqual([]);
		expect(listMediatori(t.db, B.organismoId).find((m) => m.userId === inA.id)?.conflitti).toBe(0);
		expect(removeConflitto(t.db, B.responsabile, inA.id, c.id)).toMatchObject({ ok: false, code: 'not_found' });
		expect(getMediatore(t.db, A.organismoId, inA.id)!.conflitti).toHaveLength(1);
	});

	it('keeps one availability per Organismo', () => {
		ensureMediatori(t.db, B.organismoId);
		expect(aggiungiDisponibilita(t.db, inA, { giorno: 2, dalle: '09:00', alle: '12:00' })).toMatchObject({ ok: true });
		// The same hours in B are no overlap: B has its own calendar.
		expect(aggiungiDisponibilita(t.db, inB, { giorno: 2, dalle: '10:00', alle: '11:00' })).toMatchObject({ ok: true });
		const [dA] = listDisponibilita(t.db, A.organismoId, inA.id);
		expect(listDisponibilita(t.db, B.organismoId, inA.id).map((d) => [d.dalle, d.alle])).toEqual([['10:00', '11:00']]);
		expect(rimuovi(t.db, inB, 'disponibilita', dA.id)).toMatchObject({ ok: false, code: 'not_found' });
		expect(listDisponibilita(t.db, A.organismoId, inA.id)).toHaveLength(1);
		expect(disponibilitaSettimanale(t.db, B.organismoId, inA.id)).not.toEqual(disponibilitaSettimanale(t.db, A.organismoId, inA.id));
		const now = Date.parse('2026-11-01T10:00:00Z');
		expect(
			aggiungiIndisponibilita(
				t.db,
				inA,
				{ dal: '2026-12-01', dalle: '00:00', al: '2026-12-10', alle: '23:59', motivo: 'Udienze in A' },
				now
			)
		).toMatchObject({ ok: true });
		expect(listIndisponibilita(t.db, A.organismoId, inA.id, now).map((i) => i.motivo)).toEqual(['Udienze in A']);
		expect(listIndisponibilita(t.db, B.organismoId, inA.id, now)).toEqual([]);
	});

	it('has separate assignments, declarations and rotation turns', () => {
		ensureMediatori(t.db, B.organismoId);
		// A's turn: Bianchi, then Rossi (the person).
		const first = assignByRotation(t.db, A.segreteria, A.newCase(), 'designato');
		const caso = A.newCase();
		const second = assignByRotation(t.db, A.segreteria, caso, 'designato');
		expect(first.ok && first.mediatoreId).toBe(A.bianchi.id);
		expect(second.ok && second.mediatoreId).toBe(inA.id);
		if (!second.ok) return;
		expect(row(A.organismoId, inA.id)?.ultimaAssegnazione).not.toBeNull();
		expect(row(B.organismoId, inA.id)?.ultimaAssegnazione).toBeNull();
		// The proposal shows only in A's Incarichi, and only A's membership can answer it.
		expect(listIncarichi(t.db, B.organismoId, inA.id)).toEqual({ proposte: [], incarichi: [] });
		const [proposta] = listIncarichi(t.db, A.organismoId, inA.id).proposte;
		expect(proposta.procedimentoId).toBe(caso);
		expect(acceptAssignment(t.db, inB, second.assegnazioneId, proposta.dichiarazione.sha256)).toMatchObject({
			ok: false,
			code: 'not_found'
		});
		expect(acceptAssignment(t.db, inA, second.assegnazioneId, proposta.dichiarazione.sha256)).toMatchObject({ ok: true });
		expect(listIncarichi(t.db, A.organismoId, inA.id).incarichi.map((i) => i.procedimentoId)).toEqual([caso]);
		// In B the person is not competent for Condominio: B's rotation passes over them.
		const inBRotation = assignByRotation(t.db, B.segreteria, B.newCase(), 'designato');
		expect(inBRotation.ok && inBRotation.mediatoreId).toBe(B.bianchi.id);
		expect(getMediatore(t.db, A.organismoId, inA.id)?.carico).toBe(1);
		expect(getMediatore(t.db, B.organismoId, inA.id)?.carico).toBe(0);
	});
});

describe('the migration to registry rows per Organismo', () => {
	it('keeps every mediator, their materie, conflicts and availability, now with their Organismo', () => {
		const dir = mkdtempSync(join(tmpdir(), 'accordo-med-'));
		try {
			const old = join(dir, 'migrations');
			cpSync(MIGRATIONS_DIR, old, { recursive: true });
			const journalPath = join(old, 'meta', '_journal.json');
			const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
			const at = journal.entries.findIndex((e: { tag: string }) => e.tag.endsWith('_mediatori_per_organismo'));
			journal.entries = journal.entries.slice(0, at);
			writeFileSync(journalPath, JSON.stringify(journal));
			const db = openDb(join(dir, 'old.db'));
			migrateDb(db, old);
			db.$client.exec(`
				INSERT INTO organismi (id, denominazione, numero_registro, slug) VALUES ('Org-1', 'Uno', '1', 'uno'), ('Org-2', 'Due', '2', 'due');
				INSERT INTO users (id, email, nome, cognome, password_hash) VALUES ('u1', 'med@x.it', 'M', 'M', 'h'), ('u2', 'altro@x.it', 'A', 'A', 'h');
				INSERT INTO memberships (id, user_id, organismo_id, role) VALUES ('m1', 'u1', 'Org-1', 'mediatore'), ('m2', 'u2', 'Org-2', 'mediatore');
				INSERT INTO materie (id, organismo_id, nome, obbligatoria) VALUES ('mat1', 'Org-1', 'Condominio', 1);
				INSERT INTO mediatori (user_id, organismo_id, stato, qualifiche, carico_massimo) VALUES ('u1', 'Org-1', 'sospeso', 'Avvocato', 7);
				INSERT INTO mediatore_materie (user_id, materia_id) VALUES ('u1', 'mat1');
				INSERT INTO mediatore_conflitti (id, user_id, descrizione) VALUES ('c1', 'u1', 'Parente');
				INSERT INTO disponibilita_mediatori (id, mediatore_id, giorno, dalle, alle) VALUES ('d1', 'u1', 2, '09:00', '12:00'), ('d2', 'u2', 3, '09:00', '10:00');
				INSERT INTO indisponibilita_mediatori (id, mediatore_id, inizio, fine, motivo) VALUES ('i1', 'u1', '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z', 'Ferie');
			`);
			migrateDb(db);
			const q = (sql: string) => db.$client.prepare(sql).all();
			expect(q('SELECT organismo_id, user_id, stato, qualifiche, carico_massimo FROM mediatori')).toEqual([
				{ organismo_id: 'Org-1', user_id: 'u1', stato: 'sospeso', qualifiche: 'Avvocato', carico_massimo: 7 }
			]);
			expect(q('SELECT organismo_id, user_id, materia_id FROM mediatore_materie')).toEqual([
				{ organismo_id: 'Org-1', user_id: 'u1', materia_id: 'mat1' }
			]);
			expect(q('SELECT id, organismo_id, user_id FROM mediatore_conflitti')).toEqual([{ id: 'c1', organismo_id: 'Org-1', user_id: 'u1' }]);
			// u2 had no registry row yet: the Organismo comes from the mediatore membership.
			expect(q('SELECT id, organismo_id FROM disponibilita_mediatori ORDER BY id')).toEqual([
				{ id: 'd1', organismo_id: 'Org-1' },
				{ id: 'd2', organismo_id: 'Org-2' }
			]);
			expect(q('SELECT id, organismo_id, motivo FROM indisponibilita_mediatori')).toEqual([
				{ id: 'i1', organismo_id: 'Org-1', motivo: 'Ferie' }
			]);
			expect(db.$client.pragma('foreign_key_check')).toEqual([]);
			// And now the person can join the second Organismo's registry.
			db.$client.exec("INSERT INTO memberships (id, user_id, organismo_id, role) VALUES ('m3', 'u1', 'Org-2', 'mediatore')");
			expect(ensureMediatori(db, 'Org-2')).toBe(2);
			closeDb(db);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
