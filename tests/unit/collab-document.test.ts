import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CollabDocument } from '#collab/documents.ts';

const ref = { kind: 'verbale' as const, procedimentoId: 'p1', documentId: 'd1' };
const opts = { gc: true, maxDocumentBytes: 1_000_000 };

function stored(text: string): Uint8Array {
	const d = new Y.Doc();
	d.getText('t').insert(0, text);
	return Y.encodeStateAsUpdate(d);
}

function textOf(update: Uint8Array): string {
	const d = new Y.Doc();
	Y.applyUpdate(d, update);
	return d.getText('t').toString();
}

describe('CollabDocument.missingFor (sync step 2)', () => {
	it('gives a new client the stored bytes while the document is unchanged, and the live state after any change', () => {
		const initial = stored('verbale');
		const doc = new CollabDocument('n', ref, opts, initial);
		const empty = Y.encodeStateVector(new Y.Doc());
		expect(doc.missingFor(empty)).toBe(initial);

		const client = new Y.Doc();
		Y.applyUpdate(client, initial);
		client.getText('t').insert(7, ' di accordo');
		doc.applyClientUpdate(Y.encodeStateAsUpdate(client, Y.encodeStateVector(doc.ydoc)), null);
		const afterEdit = doc.missingFor(empty);
		expect(afterEdit).not.toBe(initial);
		expect(textOf(afterEdit)).toBe('verbale di accordo');
		doc.destroy();
	});

	it('sends only the difference to a client that already has part of the document', () => {
		const doc = new CollabDocument('n', ref, opts, stored('abc'));
		const client = new Y.Doc();
		Y.applyUpdate(client, doc.missingFor(Y.encodeStateVector(new Y.Doc())));
		doc.ydoc.getText('t').insert(3, 'def');
		Y.applyUpdate(client, doc.missingFor(Y.encodeStateVector(client)));
		expect(client.getText('t').toString()).toBe('abcdef');
		doc.destroy();
	});
});
