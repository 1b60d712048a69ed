import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

// ---------------------------------------------------------------- module boundaries (docs/modules.md)
// Each rule below is proven to fire by tests/unit/lint-boundaries.test.ts.
const DEEP = {
	regex: '^(\\.\\./){3,}',
	message: 'Use an alias (#db/*, #sfu/*, #collab/*, #server/*, #protocol/*, $lib) instead of climbing more than two folders.'
};
const DB_OUTWARD = {
	regex: '^(#(sfu|collab|server|protocol)/|\\$lib|\\$app|@sveltejs/kit)|(^|/)(src|sfu|collab|server)/',
	message: 'db/ is plain persistence and domain logic: it imports nothing from src/, sfu/, collab/ or server/.'
};
const REALTIME = {
	regex: '^#(sfu|collab)/|^(\\.\\./)+(sfu|collab)/',
	message: 'src/ reaches the SFU and the collab server only through the runtime module ($lib/server/live).'
};
const NO_SQL = [
	{
		regex: '^(drizzle-orm|better-sqlite3)(/|$)',
		message: 'Routes do not write queries: call a function of the module (db/<modulo>/repo.ts).'
	},
	{
		regex: '(^|/)schema(\\.ts)?$',
		message: 'Routes do not import tables: call a function of the module (db/<modulo>/repo.ts); value lists are in db/<modulo>/labels.ts.'
	}
];
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default ts.config(
	{
		ignores: [
			'build*/',
			'.svelte-kit*/',
			'node_modules/',
			'data/',
			'test-results/',
			'reports/',
			'playwright-report/',
			'db/migrations/',
			'tests/unit/fixtures/lint-cycle/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.svelte'] }
		},
		rules: {
			// Every promise is awaited, returned, or explicitly voided with its own catch.
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'no-undef': 'off',
			// No `paths.base` is configured, so plain hrefs are already resolved.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { parser: ts.parser, svelteConfig } }
	},
	{ files: ['**/*.js', '**/*.mjs'], ...ts.configs.disableTypeChecked },
	{
		files: ['**/*.js', '**/*.mjs'],
		rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' }
	},
	{ rules: restrict(DEEP) },
	{ files: ['db/**'], rules: restrict(DEEP, DB_OUTWARD) },
	{ files: ['src/**'], rules: restrict(DEEP, REALTIME) },
	{ files: ['src/routes/**'], rules: restrict(DEEP, REALTIME, ...NO_SQL) },
	{ files: ['src/lib/server/live.ts'], rules: restrict(DEEP) },
	{
		// No import cycles between modules (the .svelte components are leaves here).
		files: ['**/*.ts'],
		plugins: { 'import-x': importX },
		settings: {
			'import-x/resolver-next': [createNodeResolver()],
			'import-x/extensions': ['.ts', '.js', '.mjs'],
			'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
			'import-x/ignore': ['\\.svelte$', 'node_modules']
		},
		rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] }
	}
);
