import { and, count, eq } from 'drizzle-orm';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor, CaseContext } from '#db/access/index.ts';
import type { Db } from '#db/client.ts';
import { addDocument, getDocumentForDownload, listDocumentSeries, listDocuments } from '#db/documents/repo.ts';
import { fileStoreFor, type FileStore } from '#db/documents/storage.ts';
import { newId } from '#db/shared/ids.ts';
import { loadCaseContext } from '#db/procedimenti/context.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { assegnazioni, auditLog, documenti, impostazioniOrganismo, protocollo } from '#db/schema.ts';
import { caseInput, cf, parte } from '../helpers/procedimenti.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';
import { sampleExe, samplePdf, samplePng, sampleZip } from '../helpers/documents-samples.ts';

let t: ReturnType<typeof createTestDb>;
let db: Db;
let store: FileStore;
let orgId: string;
let caseA: string;
let caseB: string;
const who: Record<string, UserActor> = {};

const ctxOf = (id: string): CaseContext => {
	const c = loadCaseContext(db, id);
	if (!c) throw new Error('case not found');
	return c;
};

/** Every stored blob under <data dir>/files (temporary files included). */
function blobs(): string[] {
	const root = join(dirname(t.path), 'files');
	if (!existsSync(root)) return [];
	return readdirSync(root, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile())
		.map((e) => join(e.parentPath, e.name));
}

const docCount = (procedimentoId: string) =>
	db.select({ n: count() }).from(documenti).where(eq(documenti.procedimentoId, procedimentoId)).get()!.n;
const uploadAudits = () => db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'documento.uploaded')).get()!.n;

async function upload(actor: UserActor, procedimentoId: string, nomeFile: string, bytes: Uint8Array, extra: Record<string, unknown> = {}) {
	return addDocument(db, store, actor, ctxOf(procedimentoId), { procedimentoId, nomeFile, bytes, ...extra });
}

beforeAll(async () => {
	t = createTestDb();
	db = t.db;
	store = fileStoreFor(db);
	const org = createOrganismo(db);
	orgId = org.organismoId;
	const mk = async (key: string, role: Parameters<typeof createUser>[2], email?: string) => {
		const u = await createUser(db, orgId, role, { email });
		who[key] = { kind: 'user', id: u.id, organismoId: orgId, role };
	};
	await mk('segreteria', 'segreteria');
	await mk('mediatore', 'mediatore');
	await mk('proposto', 'mediatore');
	await mk('avvA', 'avvocato', 'avv.a@example.it');
	await mk('avvB', 'avvocato', 'avv.b@example.it');
	await mk('parteA', 'parte', 'parte.a@example.it');
	await mk('estraneo', 'avvocato', 'avv.c@example.it');

	// Case A: party A (with account) assisted by lawyer A, against party B assisted by lawyer B.
	const a = createProcedimento(
		db,
		who.segreteria,
		caseInput(db, orgId, org.sedeId, {
			parti: [
				parte({ ruolo: 'istante', email: 'parte.a@example.it', avvNome: 'Anna', avvCognome: 'Avvocata', avvEmail: 'avv.a@example.it' }),
				parte({
					ruolo: 'invitata',
					nome: 'Bruno',
					cognome: 'Neri',
					codiceFiscale: cf('NREBRN75B02H501'),
					email: 'bruno@example.it',
					avvNome: 'Bice',
					avvCognome: 'Legale',
					avvEmail: 'avv.b@example.it'
				})
			]
		})
	);
	// Case B: lawyer "estraneo" only.
	const b = createProcedimento(
		db,
		who.segreteria,
		caseInput(db, orgId, org.sedeId, {
			parti: [
				parte({
					ruolo: 'istante',
					nome: 'Carla',
					cognome: 'Blu',
					codiceFiscale: cf('BLUCRL80A41F205'),
					avvNome: 'C',
					avvCognome: 'Terzo',
					avvEmail: 'avv.c@example.it'
				}),
				parte({ ruolo: 'invitata', nome: 'Dario', cognome: 'Gialli', codiceFiscale: cf('GLLDRA75B02H501') })
			]
		})
	);
	if (!a.ok || !b.ok) throw new Error('case creation failed');
	caseA = a.id;
	caseB = b.id;
	for (const [mediatoreId, stato] of [
		[who.mediatore.id, 'accettata'],
		[who.proposto.id, 'proposta']
	] as const)
		db.insert(assegnazioni).values({ id: newId(), procedimentoId: caseA, mediatoreId, metodo: 'scelta_responsabile', stato }).run();
	const ctx = ctxOf(caseA);
	expect(ctx.lawyerUserIds).toEqual(expect.arrayContaining([who.avvA.id, who.avvB.id]));
	expect(ctx.partyUserIds).toContain(who.parteA.id);
	expect(ctx.mediatorIds).toEqual([who.mediatore.id]);
});

afterAll(() => t.cleanup());

describe('content-addressed storage', () => {
	it('stores identical bytes once, at files/<sha[0..2]>/<sha>, and reuses the blob', async () => {
		const pdf = await samplePdf('Istanza');
		const first = await upload(who.segreteria, caseA, 'istanza.pdf', pdf);
		const second = await upload(who.avvA, caseA, 'istanza copia.pdf', pdf);
		if (!first.ok || !second.ok) throw new Error('upload failed');
		expect(second.sha256).toBe(first.sha256);
		expect(second.id).not.toBe(first.id);
		const path = store.path(first.sha256);
		expect(path).toBe(join(dirname(t.path), 'files', first.sha256.slice(0, 2), first.sha256));
		expect(new Uint8Array(readFileSync(path))).toEqual(pdf);
		expect(blobs().filter((p) => p.includes(first.sha256))).toHaveLength(1);
		expect(blobs().some((p) => p.includes('.tmp-'))).toBe(false);
	});

	it('records metadata and an audit row', async () => {
		const before = uploadAudits();
		const r = await upload(who.mediatore, caseA, 'foto.png', samplePng(), { titolo: '  Foto del sopralluogo ' });
		if (!r.ok) throw new Error(r.message);
		const row = db.select().from(documenti).where(eq(documenti.id, r.id)).get()!;
		expect(row).toMatchObject({ titolo: 'Foto del sopralluogo', nomeFile: 'foto.png', mime: 'image/png', versione: 1, riservato: false });
		expect(row.autoreId).toBe(who.mediatore.id);
		expect(row.dimensione).toBe(samplePng().length);
		expect(uploadAudits()).toBe(before + 1);
		const audit = db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'documento.uploaded'), eq(auditLog.entityId, r.id)))
			.get()!;
		expect(JSON.parse(audit.details)).toMatchObject({ procedimentoId: caseA, sha256: r.sha256, versione: 1 });
	});
});

describe('bad input: nothing saved half-way', () => {
	it('refuses a disguised file type without a row, a blob or an audit entry', async () => {
		const rows = docCount(caseA);
		const files = blobs().length;
		const audits = uploadAudits();
		const exe = await upload(who.avvA, caseA, 'parcella.pdf', sampleExe());
		expect(exe).toMatchObject({ ok: false, code: 'invalid', reason: 'tipo' });
		if (!exe.ok) expect(exe.message).toMatch(/^Tipo di file non ammesso/);
		const zip = await upload(who.avvA, caseA, 'memoria.pdf', sampleZip());
		expect(zip).toMatchObject({ ok: false, code: 'invalid', reason: 'tipo' });
		expect(docCount(caseA)).toBe(rows);
		expect(blobs().length).toBe(files);
		expect(uploadAudits()).toBe(audits);
	});

	it('applies the size limit of the Organismo (impostazioni_organismo.max_upload_bytes)', async () => {
		const pdf = await samplePdf('Perizia');
		db.update(impostazioniOrganismo)
			.set({ maxUploadBytes: pdf.length - 1 })
			.where(eq(impostazioniOrganismo.organismoId, orgId))
			.run();
		try {
			const rows = docCount(caseA);
			const r = await upload(who.segreteria, caseA, 'perizia.pdf', pdf);
			expect(r).toMatchObject({ ok: false, code: 'invalid', reason: 'dimensione' });
			if (!r.ok) expect(r.message).toMatch(/^File troppo grande: massimo /);
			expect(docCount(caseA)).toBe(rows);
		} finally {
			db.update(impostazioniOrganismo)
				.set({ maxUploadBytes: 16 * 1024 * 1024 })
				.where(eq(impostazioniOrganismo.organismoId, orgId))
				.run();
		}
		const ok = await upload(who.segreteria, caseA, 'perizia.pdf', pdf);
		expect(ok.ok).toBe(true);
	});

	it('refuses uploads from people without a role and from proposed mediators', async () => {
		const pdf = await samplePdf();
		expect(await upload(who.estraneo, caseA, 'x.pdf', pdf)).toMatchObject({ ok: false, code: 'forbidden', reason: 'permesso' });
		expect(await upload(who.proposto, caseA, 'x.pdf', pdf)).toMatchObject({ ok: false, code: 'forbidden', reason: 'permesso' });
	});
});

describe('versions', () => {
	it('numbers versions of a serie and keeps title and flag', async () => {
		const v1 = await upload(who.avvA, caseA, 'memoria.pdf', await samplePdf('v1'), { titolo: 'Memoria istante', riservato: true });
		if (!v1.ok) throw new Error(v1.message);
		const v2 = await upload(who.avvA, caseA, 'memoria-rev.pdf', await samplePdf('v2'), { serieId: v1.serieId, riservato: false });
		if (!v2.ok) throw new Error(v2.message);
		expect(v2).toMatchObject({ serieId: v1.serieId, versione: 2 });
		const v3 = await upload(who.mediatore, caseA, 'memoria-med.pdf', await samplePdf('v3'), { serieId: v1.serieId });
		expect(v3).toMatchObject({ ok: true, versione: 3 });
		const rows = db.select().from(documenti).where(eq(documenti.serieId, v1.serieId)).all();
		expect(rows.map((r) => [r.versione, r.titolo, r.riservato]).sort()).toEqual([
			[1, 'Memoria istante', true],
			[2, 'Memoria istante', true],
			[3, 'Memoria istante', true]
		]);
		const serie = listDocumentSeries(db, who.segreteria, ctxOf(caseA), caseA).find((s) => s.serieId === v1.serieId)!;
		expect(serie.versioni.map((v) => v.versione)).toEqual([3, 2, 1]);
	});

	it('lets only the author, the mediator and the segreteria add versions', async () => {
		const v1 = await upload(who.avvA, caseA, 'proposta.pdf', await samplePdf('proposta'));
		if (!v1.ok) throw new Error(v1.message);
		const other = await upload(who.avvB, caseA, 'proposta.pdf', await samplePdf('modificata'), { serieId: v1.serieId });
		expect(other).toMatchObject({ ok: false, code: 'forbidden', reason: 'permesso' });
		const wrongCase = await upload(who.estraneo, caseB, 'proposta.pdf', await samplePdf('x'), { serieId: v1.serieId });
		expect(wrongCase).toMatchObject({ ok: false, code: 'not_found', reason: 'serie' });
		expect(await upload(who.segreteria, caseA, 'proposta-2.pdf', await samplePdf('v2'), { serieId: v1.serieId })).toMatchObject({
			ok: true,
			versione: 2
		});
		const forB = listDocumentSeries(db, who.avvB, ctxOf(caseA), caseA).find((s) => s.serieId === v1.serieId)!;
		expect(forB.puoAggiornare).toBe(false);
		const forA = listDocumentSeries(db, who.avvA, ctxOf(caseA), caseA).find((s) => s.serieId === v1.serieId)!;
		expect(forA.puoAggiornare).toBe(true);
	});
});

describe('riservato al mediatore and case access', () => {
	let staffSecret: string;
	let lawyerSecret: string;
	let open: string;

	beforeAll(async () => {
		const s = await upload(who.segreteria, caseA, 'nota-riservata.pdf', await samplePdf('riservata'), { riservato: true });
		const l = await upload(who.avvA, caseA, 'proposta-riservata.pdf', await samplePdf('solo mediatore'), { riservato: true });
		const o = await upload(who.avvB, caseA, 'documenti-controparte.pdf', await samplePdf('aperto'));
		if (!s.ok || !l.ok || !o.ok) throw new Error('upload failed');
		staffSecret = s.id;
		lawyerSecret = l.id;
		open = o.id;
	});

	const visibleTo = (key: string, procedimentoId = caseA) => {
		const ctx = loadCaseContext(db, procedimentoId)!;
		return new Set(listDocuments(db, who[key], ctx, procedimentoId).map((d) => d.id));
	};
	const canDownload = (key: string, docId: string, procedimentoId = caseA) =>
		getDocumentForDownload(db, who[key], loadCaseContext(db, procedimentoId)!, procedimentoId, docId) !== null;

	it('shows riservato documents to mediator and segreteria only (and to their author)', () => {
		for (const key of ['segreteria', 'mediatore']) {
			const v = visibleTo(key);
			expect([v.has(staffSecret), v.has(lawyerSecret), v.has(open)]).toEqual([true, true, true]);
		}
		const a = visibleTo('avvA');
		expect([a.has(staffSecret), a.has(lawyerSecret), a.has(open)]).toEqual([false, true, true]);
		const b = visibleTo('avvB');
		expect([b.has(staffSecret), b.has(lawyerSecret), b.has(open)]).toEqual([false, false, true]);
		const p = visibleTo('parteA');
		expect([p.has(staffSecret), p.has(lawyerSecret), p.has(open)]).toEqual([false, false, true]);
	});

	it('re-checks the same rule on every download', () => {
		expect(canDownload('mediatore', lawyerSecret)).toBe(true);
		expect(canDownload('avvA', lawyerSecret)).toBe(true);
		expect(canDownload('avvB', lawyerSecret)).toBe(false);
		expect(canDownload('avvA', staffSecret)).toBe(false);
		expect(canDownload('parteA', staffSecret)).toBe(false);
		expect(canDownload('avvB', open)).toBe(true);
	});

	it("an avvocato cannot open another lawyer's case, nor reach its documents through his own case", () => {
		expect(visibleTo('estraneo').size).toBe(0);
		expect(canDownload('estraneo', open)).toBe(false);
		// The document id with the lawyer's own case in the URL: the document is not in that case.
		expect(canDownload('estraneo', open, caseB)).toBe(false);
		expect(visibleTo('proposto').size).toBe(0);
		expect(canDownload('proposto', open)).toBe(false);
	});
});

describe('link to a protocol entry', () => {
	const entry = (procedimentoId: string, numero: number) => {
		const id = newId();
		db.insert(protocollo)
			.values({
				id,
				organismoId: orgId,
				anno: 2026,
				numero,
				registratoIl: new Date().toISOString(),
				direzione: 'entrata',
				mittente: 'Avv. Anna Avvocata',
				destinatario: 'Organismo',
				oggetto: 'Deposito memoria',
				procedimentoId,
				autoreId: who.segreteria.id
			})
			.run();
		return id;
	};

	it('accepts an entry of the same case from the segreteria only', async () => {
		const own = entry(caseA, 101);
		const other = entry(caseB, 102);
		const pdf = await samplePdf('protocollata');
		expect(await upload(who.avvA, caseA, 'm.pdf', pdf, { protocolloId: own })).toMatchObject({
			ok: false,
			code: 'forbidden',
			reason: 'permesso'
		});
		expect(await upload(who.segreteria, caseA, 'm.pdf', pdf, { protocolloId: other })).toMatchObject({
			ok: false,
			code: 'invalid',
			reason: 'protocollo'
		});
		const ok = await upload(who.segreteria, caseA, 'm.pdf', pdf, { protocolloId: own });
		if (!ok.ok) throw new Error(ok.message);
		const row = listDocuments(db, who.segreteria, ctxOf(caseA), caseA).find((d) => d.id === ok.id)!;
		expect(row.protocolli).toEqual(['101/2026']);
	});
});
