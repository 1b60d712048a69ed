import { and, eq } from 'drizzle-orm';
import { yDocToProsemirrorJSON, prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { loadActor, verbaleAccess } from '#db/access/index.ts';
import type { SessionUser } from '#db/auth/session.ts';
import type { Db } from '#db/client.ts';
import { loadCaseContext } from '#db/procedimenti/context.ts';
import { resolveGuestToken } from '#db/rooms/invitations.ts';
import { verbali } from '#db/schema.ts';
import { loadVerbaleCaseData } from '#db/verbali/procedimento-data.ts';
import { VERBALE_FIELD, verbaleSchema } from '#db/verbali/editor-schema.ts';
import { getModello, docToYUpdate, templateDoc } from '#db/verbali/templates.ts';
import type { PmNode } from '#db/verbali/markup.ts';
import { type CollabDocRef } from '#protocol/collab.ts';
import type { Collab, CollabExtension, CollabGuestAuthorize } from '#collab/index.ts';
import { createSqlitePersistence, type SqlitePersistence } from '#collab/sqlite-persistence.ts';

function verbaleRow(db: Db, ref: CollabDocRef) {
	if (ref.kind !== 'verbale') return null;
	return (
		db
			.select({ id: verbali.id, tipo: verbali.tipo, locked: verbali.locked, createdAt: verbali.createdAt })
			.from(verbali)
			.where(and(eq(verbali.id, ref.documentId), eq(verbali.procedimentoId, ref.procedimentoId)))
			.get() ?? null
	);
}

/** Who may open a collab document: a verbale follows db/access.ts verbaleAccess (lock included). */
export function verbaleAuthorize(db: Db): NonNullable<CollabExtension['authorize']> {
	return (user: SessionUser, ref) => {
		const ctx = loadCaseContext(db, ref.procedimentoId);
		const row = ctx ? verbaleRow(db, ref) : null;
		if (!ctx || !row) return 'none'; // unknown case or verbale (or a verbale of another case)
		return verbaleAccess(loadActor(db, user), ctx, { locked: row.locked });
	};
}

/** Guests admitted by a room link of the same procedimento: the same verbaleAccess rule as users (db/access). */
export function verbaleAuthorizeGuest(db: Db): CollabGuestAuthorize {
	return (token, ref) => {
		if (ref.kind !== 'verbale') return null;
		const check = resolveGuestToken(db, token);
		if (!check.ok || check.guest.procedimentoId !== ref.procedimentoId) return null;
		const row = verbaleRow(db, ref);
		const ctx = row ? loadCaseContext(db, ref.procedimentoId) : null;
		const access = row && ctx ? verbaleAccess(check.guest, ctx, { locked: row.locked }) : 'none';
		return { id: `guest-${check.guest.invitoId}`, organismoId: check.guest.organismoId, name: check.guest.nome, access };
	};
}

/** The template of a new verbale, filled from its procedimento, as a Yjs update. */
export function verbaleSeed(db: Db): (name: string, ref: CollabDocRef) => Uint8Array | null {
	return (_name, ref) => {
		const row = verbaleRow(db, ref);
		if (!row || ref.kind !== 'verbale') return null;
		const data = loadVerbaleCaseData(db, ref.procedimentoId);
		const organismoId = loadCaseContext(db, ref.procedimentoId)?.organismoId;
		if (!data || !organismoId) return null;
		const modello = getModello(db, organismoId, row.tipo);
		return docToYUpdate(templateDoc(modello.testo, data, row.createdAt));
	};
}

const persistences = new WeakMap<Db, SqlitePersistence>();

export function verbalePersistence(db: Db): SqlitePersistence {
	let p = persistences.get(db);
	if (!p) {
		p = createSqlitePersistence(db, { seed: verbaleSeed(db) });
		persistences.set(db, p);
	}
	return p;
}

/** What editors learn from the server's awareness entry: `{ server: { locked } }`. */
export function verbaleStatus(db: Db): (name: string, ref: CollabDocRef) => Record<string, unknown> | null {
	return (_name, ref) => {
		const row = verbaleRow(db, ref);
		return row ? { locked: row.locked } : null;
	};
}

/**
 * Accordo's verbale as an extension of the generic collab engine (collab/): the access rules of
 * db/access (users and guests by room link), SQLite persistence seeded from the template, and the
 * lock announced as the document's status. Wired in by the composition roots: server/realtime.ts
 * (the web process) and collab/main.ts (the standalone process).
 */
export function verbaleExtension(db: Db): CollabExtension {
	return {
		name: 'verbale',
		authorize: verbaleAuthorize(db),
		authorizeGuest: verbaleAuthorizeGuest(db),
		persistence: verbalePersistence(db),
		documentStatus: verbaleStatus(db)
	};
}

/**
 * The current state of a verbale: from the live collab service of this process when there is
 * one (edits not yet stored included), else from the database (seeding the template if the
 * verbale was never opened).
 */
export async function readVerbaleState(db: Db, live: Collab | undefined, docName: string, ref: CollabDocRef): Promise<Uint8Array> {
	if (live) return live.withDocument(docName, (doc) => Y.encodeStateAsUpdate(doc));
	const stored = await verbalePersistence(db).load(docName, ref);
	return stored ?? new Uint8Array([0, 0]);
}

/** The ProseMirror JSON of a Yjs state. */
export function stateToJson(state: Uint8Array): PmNode {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, state);
		return yDocToProsemirrorJSON(doc, VERBALE_FIELD) as PmNode;
	} finally {
		doc.destroy();
	}
}

/**
 * Replaces the content of a live verbale with `json` (restoring a version). The change is a normal
 * Yjs edit: every open editor sees it and it is stored like a client edit. Needs the collab
 * service in this process; returns false when there is none.
 */
export async function replaceVerbaleContent(live: Collab | undefined, docName: string, json: PmNode): Promise<boolean> {
	if (!live) return false;
	await live.withDocument(docName, (doc) => {
		prosemirrorJSONToYXmlFragment(verbaleSchema(), json, doc.getXmlFragment(VERBALE_FIELD));
	});
	return true;
}
