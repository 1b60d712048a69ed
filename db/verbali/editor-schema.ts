import { getSchema, type AnyExtension } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';

/**
 * The content extensions of the verbale editor, shared by the browser editor, the server-side
 * template seeding and the PDF export, so all three agree on one ProseMirror schema.
 * Isomorphic: imports no DOM and no Node module. Undo/redo is off because the collaborative
 * editor uses Yjs's per-user undo instead (the Collaboration extension provides it).
 */
export function verbaleContentExtensions(): AnyExtension[] {
	return [
		StarterKit.configure({
			undoRedo: false,
			code: false,
			codeBlock: false,
			horizontalRule: false,
			link: false,
			blockquote: false,
			strike: false,
			heading: { levels: [1, 2, 3] }
		}),
		TableKit.configure({ table: { resizable: false } })
	];
}

/** Name of the Y.XmlFragment holding the document (TipTap Collaboration's default `field`). */
export const VERBALE_FIELD = 'default';

let cached: Schema | null = null;

/** The ProseMirror schema of a verbale. */
export function verbaleSchema(): Schema {
	cached ??= getSchema(verbaleContentExtensions());
	return cached;
}
