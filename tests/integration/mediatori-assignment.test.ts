import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canJoinMeeting, canLockVerbale, canUploadDocument, canViewCase, caseRoleOf, verbaleAccess } from '#db/access/index.ts';
import { verifyAuditChain } from '#db/audit/repo.ts';
import type { Db } from '#db/client.ts';
import { sha256Hex } from '#db/shared/hash.ts';
import { acceptAssignment, refuseAssignment } from '#db/mediatori/answer.ts';
import { assignByRotation, assignManually, listAssegnazioni, revokeAssignment } from '#db/mediatori/assignment.ts';
import { listIncarichi } from '#db/mediatori/incarichi.ts';
import { addConflitto, ensureMediatori, updateMediatore } from '#db/mediatori/registry.ts';
import { setFormula } from '#db/mediatori/declaration.ts';
import { loadCaseContext } from '#db/procedimenti/context.ts';
import { changeStato } from '#db/procedimenti/repo.ts';
import { assegnazioni, auditLog, mediatori } from '#db/schema.ts';
import { createTestDb, createUser } from '../helpers/db.ts';
import { cf, setupOrganismo } from './mediatori-fixture.ts';

let t: ReturnType<typeof createTestDb>;
let db: Db;
let o: Awaited<ReturnType<typeof setupOrganismo>>;

beforeEach(async () => {
	t = createTestDb();
	db = t.db;
	o = await setupOrganismo(db);
});
afterEach(() => t.cleanup());

const auditCount = () => db.select({ n: count() }).from(auditLog).get()!.n;
const assegnazioniCount = () => db.select({ n: count() }).from(assegnazioni).get()!.n;
const actions = (entityId: string) =>
	db
		.select({ action: auditLog.action })
		.from(auditLog)
		.where(eq(auditLog.entityId, entityId))
		.all()
		.map((r) => r.action);

describe('registry', () => {
	it('ensureMediatori gives every mediatore user a row, once', async () => {
		const nuovo = await createUser(db, o.organismoId, 'mediatore');
		await createUser(db, o.organismoId, 'avvocato');
		expect(ensureMediatori(db, o.organismoId)).toBe(1);
		expect(ensureMediatori(db, o.organismoId)).toBe(0);
		expect(o.registry(nuovo.id)).toMatchObject({ stato: 'attivo', organismoId: o.organismoId, ultimaAssegnazione: null });
	});

	it('only amministratore and responsabile edit the registry', () => {
		const input = { stato: 'sospeso' as const, qualifiche: 'Ingegnere', caricoMassimo: 5, materie: [o.condominio] };
		expect(updateMediatore(db, o.segreteria, o.rossi.id, input)).toMatchObject({ ok: false });
		expect(updateMediatore(db, o.responsabile, o.rossi.id, input)).toMatchObject({ ok: true });
		expect(o.registry(o.rossi.id)).toMatchObject({ stato: 'sospeso', qualifiche: 'Ingegnere', caricoMassimo: 5 });
	});
});

describe('assign by rotation, then accept', () => {
	it('proposes the first in turn; the proposed mediator can view but not act; accepting stores the declaration hash', () => {
		const caso = o.newCase();
		const before = auditCount();
		const r = assignByRotation(db, o.segreteria, caso, 'designato', new Date('2026-11-03T09:00:00Z'));
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.mediatoreId).toBe(o.bianchi.id); // never assigned, first by surname
		expect(r.traccia.candidati.map((c) => [c.nominativo, c.esito])).toEqual([
			['Bruno Bianchi', 'scelto'],
			['Anna Rossi', 'in_coda'],
			['Carla Verdi', 'in_coda']
		]);
		expect(o.registry(o.bianchi.id).ultimaAssegnazione?.toISOString()).toBe('2026-11-03T09:00:00.000Z');
		expect(auditCount()).toBe(before + 1);

		// Proposed: reads the case, nothing else.
		let ctx = loadCaseContext(db, caso)!;
		expect(ctx.proposedMediatorIds).toEqual([o.bianchi.id]);
		expect(ctx.mediatorIds).toEqual([]);
		expect(caseRoleOf(o.bianchi, ctx)).toBe('mediatore_proposto');
		expect(canViewCase(o.bianchi, ctx)).toBe(true);
		expect(canUploadDocument(o.bianchi, ctx)).toBe(false);
		expect(canJoinMeeting(o.bianchi, ctx)).toBe(false);
		expect(canLockVerbale(o.bianchi, ctx)).toBe(false);
		expect(verbaleAccess(o.bianchi, ctx, { locked: false })).toBe('none');
		expect(caseRoleOf(o.rossi, ctx)).toBeNull();

		// The proposal as the mediator sees it.
		const { proposte } = listIncarichi(db, o.organismoId, o.bianchi.id);
		expect(proposte).toHaveLength(1);
		const p = proposte[0];
		expect(p.soggetti.map((s) => s.nominativo)).toEqual(['Mario Esposito', 'Luca Invitato1']);
		expect(p.dichiarazione.testo).toContain('Procedimento n. 2026/1');
		expect(p.dichiarazione.testo).toContain('Mediatore designato: Bruno Bianchi');
		expect(p.dichiarazione.testo).toContain('art. 14, comma 2');
		expect(listIncarichi(db, o.organismoId, o.rossi.id).proposte).toHaveLength(0);

		// Someone else cannot answer; a stale text is refused.
		expect(acceptAssignment(db, o.rossi, p.assegnazioneId, p.dichiarazione.sha256)).toMatchObject({
			ok: false,
			message: 'Incarico non trovato.'
		});
		expect(acceptAssignment(db, o.bianchi, p.assegnazioneId, sha256Hex('altro testo'))).toMatchObject({ ok: false });
		expect(setFormula(db, o.responsabile, 'Nuova formula del regolamento: dichiaro di essere indipendente e imparziale.').ok).toBe(true);
		const stale = acceptAssignment(db, o.bianchi, p.assegnazioneId, p.dichiarazione.sha256);
		expect(stale.ok).toBe(false);
		expect(stale.message).toContain('è cambiato');

		const fresh = listIncarichi(db, o.organismoId, o.bianchi.id).proposte[0].dichiarazione;
		const at = new Date('2026-11-04T10:00:00Z');
		expect(acceptAssignment(db, o.bianchi, p.assegnazioneId, fresh.sha256, at)).toMatchObject({ ok: true });
		const row = db.select().from(assegnazioni).where(eq(assegnazioni.id, p.assegnazioneId)).get()!;
		expect(row).toMatchObject({ stato: 'accettata', dichiarazioneTesto: fresh.testo, dichiarazioneSha256: sha256Hex(fresh.testo) });
		expect(row.dichiarazioneTesto).toContain('Nuova formula del regolamento');
		expect(row.rispostaAt?.toISOString()).toBe(at.toISOString());
		// Answering twice is refused.
		expect(acceptAssignment(db, o.bianchi, p.assegnazioneId, fresh.sha256).ok).toBe(false);

		ctx = loadCaseContext(db, caso)!;
		expect(ctx.mediatorIds).toEqual([o.bianchi.id]);
		expect(caseRoleOf(o.bianchi, ctx)).toBe('mediatore');
		expect(canLockVerbale(o.bianchi, ctx)).toBe(true);
		expect(listIncarichi(db, o.organismoId, o.bianchi.id).incarichi.map((i) => i.procedimentoId)).toEqual([caso]);
		expect(actions(caso)).toEqual(expect.arrayContaining(['assegnazione.proposta', 'assegnazione.accettata']));
		expect(verifyAuditChain(db).ok).toBe(true);
	});

	it('one designato at a time; a co-mediatore is chosen among the others', () => {
		const caso = o.newCase();
		expect(assignByRotation(db, o.segreteria, caso, 'co_mediatore').ok).toBe(false);
		expect(assignByRotation(db, o.segreteria, caso, 'designato').ok).toBe(true);
		const again = assignByRotation(db, o.segreteria, caso, 'designato');
		expect(again).toMatchObject({ ok: false });
		expect(again.message).toContain('già un mediatore designato');
		const co = assignByRotation(db, o.segreteria, caso, 'co_mediatore');
		expect(co.ok && co.mediatoreId).toBe(o.rossi.id);
		expect(co.ok && co.traccia.candidati.find((c) => c.userId === o.bianchi.id)?.esito).toBe('gia_assegnato');
		expect(assignByRotation(db, o.segreteria, caso, 'co_mediatore').ok).toBe(false);
	});

	it('is fair on a real database: 6 cases among 3 mediators, 2 each, in turn', () => {
		const picks = Array.from({ length: 6 }, () => {
			const r = assignByRotation(db, o.segreteria, o.newCase(), 'designato', new Date('2026-11-05T08:00:00Z')); // same instant
			return r.ok ? r.nominativo : r.message;
		});
		expect(picks).toEqual(['Bruno Bianchi', 'Anna Rossi', 'Carla Verdi', 'Bruno Bianchi', 'Anna Rossi', 'Carla Verdi']);
	});
});

describe('rotation skips', () => {
	it('suspended, conflicted, overloaded and incompetent mediators, and records why', () => {
		const caso = o.newCase({ istanteCf: cf('GRGLCU75B02F205') });
		updateMediatore(db, o.responsabile, o.bianchi.id, { stato: 'sospeso', qualifiche: '', caricoMassimo: 20, materie: [o.condominio] });
		expect(
			addConflitto(db, o.responsabile, o.rossi.id, { descrizione: 'Cugino della parte istante', identificativo: cf('GRGLCU75B02F205') })
		).toMatchObject({
			ok: true
		});
		const r = assignByRotation(db, o.segreteria, caso, 'designato');
		expect(r.ok && r.traccia.candidati.map((c) => [c.nominativo, c.esito])).toEqual([
			['Bruno Bianchi', 'sospeso'],
			['Anna Rossi', 'conflitto'],
			['Carla Verdi', 'scelto']
		]);
		expect(r.ok && r.traccia.candidati[1].dettaglio).toContain('Cugino della parte istante');

		// Verdi now has one open case; with a maximum of 1 she is skipped; Locazione has nobody competent.
		updateMediatore(db, o.responsabile, o.verdi.id, { stato: 'attivo', qualifiche: '', caricoMassimo: 1, materie: [o.condominio] });
		const other = o.newCase({ istanteCf: cf('GRGLCU75B02F205') });
		const beforeAudit = auditCount();
		const beforeRows = assegnazioniCount();
		const verdiTurn = o.registry(o.verdi.id).ultimaAssegnazione;
		const none = assignByRotation(db, o.segreteria, other, 'designato');
		expect(none.ok).toBe(false);
		expect(none.message).toContain('Nessun mediatore disponibile');
		expect(!none.ok && none.traccia?.candidati.map((c) => c.esito)).toEqual(['sospeso', 'conflitto', 'carico']);
		expect(auditCount()).toBe(beforeAudit);
		expect(assegnazioniCount()).toBe(beforeRows);
		expect(o.registry(o.verdi.id).ultimaAssegnazione).toEqual(verdiTurn);

		const locazione = o.newCase({ materiaId: o.locazione });
		const nobody = assignByRotation(db, o.segreteria, locazione, 'designato');
		expect(!nobody.ok && nobody.traccia?.candidati.every((c) => c.esito === 'materia')).toBe(true);

		// A closed case frees the load.
		changeStato(db, o.segreteria, caso, 'conclusa', { esito: 'accordo' });
		expect(assignByRotation(db, o.segreteria, other, 'designato')).toMatchObject({ ok: true, mediatoreId: o.verdi.id });
	});
});

describe('refusal', () => {
	it('reassigns by rotation to the next one, excluding who refused; both steps audited', () => {
		const caso = o.newCase();
		const first = assignByRotation(db, o.segreteria, caso, 'designato');
		expect(first.ok && first.mediatoreId).toBe(o.bianchi.id);
		if (!first.ok) return;
		expect(refuseAssignment(db, o.rossi, first.assegnazioneId, 'Non sono io')).toMatchObject({ ok: false });
		const r = refuseAssignment(db, o.bianchi, first.assegnazioneId, 'Conosco il legale della parte invitata');
		expect(r).toMatchObject({ ok: true });
		expect(r.message).toContain('riassegnato');
		const list = listAssegnazioni(db, caso);
		const refused = list.find((a) => a.id === first.assegnazioneId)!;
		expect(refused).toMatchObject({ stato: 'rifiutata', motivoRifiuto: 'Conosco il legale della parte invitata' });
		const next = list.find((a) => a.stato === 'proposta')!;
		expect(next.mediatoreId).toBe(o.rossi.id);
		expect(next.createdAt).toBeInstanceOf(Date);
		expect(next.traccia.causa).toMatchObject({
			tipo: 'rifiuto',
			mediatoreId: o.bianchi.id,
			motivo: 'Conosco il legale della parte invitata'
		});
		expect(next.traccia.candidati.find((c) => c.userId === o.bianchi.id)?.esito).toBe('ha_rifiutato');
		expect(next.motivazione).toContain('Riassegnazione automatica dopo il rifiuto di Bruno Bianchi');
		expect(actions(caso).filter((a) => a.startsWith('assegnazione.'))).toEqual([
			'assegnazione.proposta',
			'assegnazione.rifiutata',
			'assegnazione.proposta'
		]);
		const ctx = loadCaseContext(db, caso)!;
		expect(caseRoleOf(o.bianchi, ctx)).toBeNull(); // who refused no longer sees the case
		expect(caseRoleOf(o.rossi, ctx)).toBe('mediatore_proposto');
	});

	it('with nobody left, keeps the refusal and records the failed reassignment', () => {
		const caso = o.newCase();
		for (const m of [o.rossi, o.verdi])
			updateMediatore(db, o.responsabile, m.id, { stato: 'sospeso', qualifiche: '', caricoMassimo: 20, materie: [o.condominio] });
		const first = assignByRotation(db, o.segreteria, caso, 'designato');
		if (!first.ok) throw new Error(first.message);
		const r = refuseAssignment(db, o.bianchi, first.assegnazioneId, 'Impedimento personale');
		expect(r).toMatchObject({ ok: true });
		expect(r.message).toContain('Nessun altro mediatore');
		expect(listAssegnazioni(db, caso).map((a) => a.stato)).toEqual(['rifiutata']);
		expect(actions(caso)).toContain('assegnazione.riassegnazione_fallita');
	});
});

describe('manual assignment and revocation', () => {
	it('joint indication by the segreteria; choice of the responsabile only by the responsabile, with blocks and warnings', () => {
		const caso = o.newCase();
		const scelta = {
			metodo: 'scelta_responsabile' as const,
			mediatoreId: o.verdi.id,
			ruolo: 'designato' as const,
			motivazione: 'Esperienza specifica in condominio'
		};
		expect(assignManually(db, o.segreteria, caso, scelta)).toMatchObject({ ok: false });
		addConflitto(db, o.responsabile, o.verdi.id, { descrizione: 'Ex collega', identificativo: cf('SPSMRA70A01F205') });
		const blocked = assignManually(db, o.responsabile, caso, scelta);
		expect(blocked).toMatchObject({ ok: false, field: 'mediatoreId' });
		expect(blocked.message).toContain('conflitto');

		const locazione = o.newCase({ materiaId: o.locazione });
		const joint = assignManually(db, o.segreteria, locazione, {
			metodo: 'indicazione_congiunta',
			mediatoreId: o.rossi.id,
			ruolo: 'designato',
			motivazione: 'Istanza e adesione del 10/11'
		});
		expect(joint.ok).toBe(true);
		expect(joint.ok && joint.traccia.avvisi.join(' ')).toContain('Non competente per la materia');
		// Manual choices do not move the rotation turn.
		expect(o.registry(o.rossi.id).ultimaAssegnazione).toBeNull();

		const ok = assignManually(db, o.responsabile, caso, { ...scelta, mediatoreId: o.bianchi.id });
		expect(ok).toMatchObject({ ok: true, mediatoreId: o.bianchi.id });
		const row = listAssegnazioni(db, caso)[0];
		expect(row).toMatchObject({ metodo: 'scelta_responsabile', motivazione: 'Esperienza specifica in condominio', stato: 'proposta' });
	});

	it('segreteria withdraws a proposal; only the responsabile replaces a mediator who accepted', () => {
		const caso = o.newCase();
		const a = assignByRotation(db, o.segreteria, caso, 'designato');
		if (!a.ok) throw new Error(a.message);
		const altro = o.newCase();
		expect(revokeAssignment(db, o.segreteria, altro, a.assegnazioneId, 'Caso sbagliato')).toMatchObject({ ok: false });
		expect(revokeAssignment(db, o.segreteria, caso, a.assegnazioneId, 'Errore di assegnazione')).toMatchObject({ ok: true });
		expect(listAssegnazioni(db, caso)[0].traccia.revoca).toMatchObject({ motivo: 'Errore di assegnazione', daId: o.segreteria.id });

		const b = assignByRotation(db, o.segreteria, caso, 'designato');
		if (!b.ok) throw new Error(b.message);
		const sha = listIncarichi(db, o.organismoId, b.mediatoreId).proposte[0].dichiarazione.sha256;
		const mediator = [o.rossi, o.bianchi, o.verdi].find((m) => m.id === b.mediatoreId)!;
		expect(acceptAssignment(db, mediator, b.assegnazioneId, sha).ok).toBe(true);
		expect(revokeAssignment(db, o.segreteria, caso, b.assegnazioneId, 'Richiesta della parte')).toMatchObject({ ok: false });
		expect(revokeAssignment(db, o.responsabile, caso, b.assegnazioneId, 'Richiesta della parte (art. 14 c.3)')).toMatchObject({ ok: true });
		expect(loadCaseContext(db, caso)!.mediatorIds).toEqual([]);
		expect(actions(caso).filter((x) => x === 'assegnazione.revocata')).toHaveLength(2);
	});

	it('a segreteria limited to another sede cannot assign', () => {
		const caso = o.newCase();
		const altrove = { ...o.segreteria, sedeIds: ['altra-sede'] };
		expect(assignByRotation(db, altrove, caso, 'designato')).toMatchObject({ ok: false });
		expect(
			db
				.select()
				.from(mediatori)
				.all()
				.every((m) => m.ultimaAssegnazione === null)
		).toBe(true);
	});
});
