import { describe, expect, it } from 'vitest';
import { rewriteSource, rewriteSpecifier } from '../../scripts/rewrite-imports.ts';

// scripts/rewrite-imports.ts: the mechanical half of the module boundaries (the lint rules are the other).
describe('rewrite-imports', () => {
	it.each([
		['collab/verbali.ts', '../db/access/index.ts', '#db/access/index.ts'],
		['collab/index.ts', '../src/lib/protocol/collab.ts', '#protocol/collab.ts'],
		['tests/unit/x.test.ts', '../../sfu/rooms/Room.ts', '#sfu/rooms/Room.ts'],
		['vite.config.ts', './server/vite-plugin.ts', '#server/vite-plugin.ts'],
		['src/routes/admin/utenti/+page.server.ts', '../../../../db/auth/users.ts', '#db/auth/users.ts'],
		['src/routes/procedimenti/[id]/+page.svelte', '../../../lib/components/Badge.svelte', '$lib/components/Badge.svelte'],
		['src/hooks.server.ts', './lib/server/auth', '$lib/server/auth'],
		['db/firma/verify/a/b.ts', '../../../shared/ids.ts', '#db/shared/ids.ts']
	])('%s: %s -> %s', (from, spec, expected) => {
		expect(rewriteSpecifier(from, spec)).toBe(expected);
	});

	it.each([
		['db/agenda/repo.ts', '../shared/ids.ts'],
		['db/agenda/repo.ts', './occupazioni.ts'],
		['src/lib/components/room/Chat.svelte', '../../protocol/signalling'],
		['tests/integration/x.test.ts', '../helpers/db.ts'],
		['tests/unit/x.test.ts', '../../src/lib/server/redirect.ts']
	])('%s keeps %s', (from, spec) => {
		expect(rewriteSpecifier(from, spec)).toBeNull();
	});

	it('rewrites every import form and is idempotent', () => {
		const source = [
			"import { a } from '../db/a.ts';",
			"export * from '../sfu/b.ts';",
			"import '../collab/c.ts';",
			"const d = await import('../server/d.ts');",
			"vi.mock('../db/e.ts');",
			"const text = 'from ../db/not-an-import.ts';"
		].join('\n');
		const once = rewriteSource('scripts/x.ts', source);
		expect(once.text).toBe(
			[
				"import { a } from '#db/a.ts';",
				"export * from '#sfu/b.ts';",
				"import '#collab/c.ts';",
				"const d = await import('#server/d.ts');",
				"vi.mock('#db/e.ts');",
				"const text = 'from ../db/not-an-import.ts';"
			].join('\n')
		);
		expect(rewriteSource('scripts/x.ts', once.text).text).toBe(once.text);
	});

	it('lists a deep climb it cannot map', () => {
		expect(rewriteSource('tests/e2e/a/b/x.ts', "import { h } from '../../../helpers/h.ts';").unmapped).toEqual(['../../../helpers/h.ts']);
	});
});
