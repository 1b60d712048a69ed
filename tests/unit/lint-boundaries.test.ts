import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import ts from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The module boundaries of docs/modules.md are lint rules (eslint.config.js): these deliberate
// violations must fail `npm run lint`. Type-aware rules are off here (virtual files are not in the
// TypeScript project); the boundary and cycle rules do not need types.
const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root, ignore: false, overrideConfig: [ts.configs.disableTypeChecked] });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath });
	return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('module boundaries are enforced by npm run lint', () => {
	it.each([
		[
			'db/ imports nothing from src/',
			'db/verbali/fixture.ts',
			"import { getDb } from '../../src/lib/server/db.ts';\nexport const f = getDb;\n"
		],
		['db/ imports nothing from sfu/', 'db/rooms/fixture.ts', "import { getLiveSfu } from '#sfu/live.ts';\nexport const f = getLiveSfu;\n"],
		[
			'db/ imports nothing from server/',
			'db/fixture.ts',
			"import { accordoDevServer } from '#server/vite-plugin.ts';\nexport const f = accordoDevServer;\n"
		],
		['routes write no queries', 'src/routes/fixture/+page.server.ts', "import { eq } from 'drizzle-orm';\nexport const f = eq;\n"],
		['routes import no tables', 'src/routes/fixture/+page.server.ts', "import { users } from '#db/schema.ts';\nexport const f = users;\n"],
		[
			'routes import no module schema',
			'src/routes/fixture/+page.server.ts',
			"import { procedimenti } from '#db/procedimenti/schema.ts';\nexport const f = procedimenti;\n"
		],
		[
			'src/ reaches collab only through the runtime module',
			'src/lib/server/fixture.ts',
			"import { getLiveCollab } from '#collab/live.ts';\nexport const f = getLiveCollab;\n"
		],
		[
			'src/ reaches sfu only through the runtime module',
			'src/routes/fixture/+page.server.ts',
			"import { getLiveSfu } from '../../../sfu/live.ts';\nexport const f = getLiveSfu;\n"
		],
		[
			'no climbing more than two folders',
			'tests/unit/fixture.ts',
			"import { newId } from '../../../db/shared/ids.ts';\nexport const f = newId;\n"
		]
	])('%s', async (_name, filePath, code) => {
		expect(await ruleIds(filePath, code)).toContain('no-restricted-imports');
	});

	it('allows what the boundaries allow', async () => {
		expect(await ruleIds('db/agenda/fixture.ts', "import { newId } from '../shared/ids.ts';\nexport const f = newId;\n")).toEqual([]);
		expect(
			await ruleIds(
				'src/routes/fixture/+page.server.ts',
				"import { getProcedimento } from '#db/procedimenti/repo.ts';\nexport const f = getProcedimento;\n"
			)
		).toEqual([]);
		expect(
			await ruleIds('src/routes/fixture/+page.svelte.ts', "import { STATI } from '#db/procedimenti/labels.ts';\nexport const f = STATI;\n")
		).toEqual([]);
		expect(
			await ruleIds('src/lib/server/live.ts', "import { getLiveCollab } from '#collab/live.ts';\nexport const f = getLiveCollab;\n")
		).toEqual([]);
	});

	it('refuses an import cycle', async () => {
		const [result] = await eslint.lintFiles(['tests/unit/fixtures/lint-cycle/a.ts']);
		expect(result.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
	});
});
