import type { CollabExtension } from '#collab/index.ts';
import { verbaleDocName } from '#protocol/collab.ts';

// The collab engine's own tests (auth, lifecycle, origin) need a document any signed-in test user
// can open without a procedimento behind it. Production has no such document: the engine refuses
// what no extension admits, and the verbale extension admits verbali only. This test-only extension
// gives each user one document of their own, named as a verbale of the procedimento "test" (no
// procedimento has that id: ids are generated, 26 characters).

const OWN = 'test';

/** The test user's own document. */
export function ownDocName(userId: string): string {
	return verbaleDocName(OWN, userId);
}

/** Its owner writes, everybody else is refused; any other document is not this extension's. */
export const ownDocs: CollabExtension = {
	name: 'own-docs (tests)',
	authorize: (user, ref) => (ref.procedimentoId === OWN ? (ref.documentId === user.id ? 'write' : 'none') : undefined)
};
