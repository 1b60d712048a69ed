// Rewrites relative imports that cross from one top-level area into another (db/, sfu/, collab/,
// server/, src/lib/protocol/) or climb more than two folders into the package.json aliases
// (#db/*, #sfu/*, #collab/*, #server/*, #protocol/*) or SvelteKit's $lib. Idempotent: a second run
// changes nothing. ESLint enforces the result (eslint.config.js, "module boundaries").
//
//   node scripts/rewrite-imports.ts            rewrite every tracked and new file, then prettier
//   node scripts/rewrite-imports.ts --check    list what would change, exit 1 if anything would
//   node scripts/rewrite-imports.ts a.ts b.ts  only these files
//
// Imports it cannot map (a deep climb inside tests/ or scripts/) are listed: fix them by hand.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const EXTENSIONS = /\.(ts|js|mjs|svelte)$/;
const SKIP = /^(node_modules|build[^/]*|\.svelte-kit[^/]*|data|db\/migrations|test-results|reports|playwright-report)\//;
// Files whose import-looking strings are test fixtures (deliberate violations), not imports.
const FIXTURES = new Set(['scripts/rewrite-imports.ts', 'tests/unit/rewrite-imports.test.ts', 'tests/unit/lint-boundaries.test.ts']);

/** Aliased roots, most specific first: [folder relative to the repo, alias prefix]. */
const ALIASES: [string, string][] = [
	['src/lib/protocol/', '#protocol/'],
	['db/', '#db/'],
	['sfu/', '#sfu/'],
	['collab/', '#collab/'],
	['server/', '#server/']
];

// `from '…'`, `import '…'`, `import('…')`, `vi.mock('…')`, `vi.importActual('…')`.
const SPECIFIER = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\bvi\.(?:mock|doMock|importActual)\(\s*)(['"])(\.\.?\/[^'"\n]+)\2/g;

const climbs = (spec: string) => (spec.match(/^(\.\.\/)+/)?.[0].length ?? 0) / 3;
const within = (file: string, folder: string) => file.startsWith(folder);

/** The aliased form of a relative specifier, or null when it may stay relative (or cannot be mapped). */
export function rewriteSpecifier(fromFile: string, spec: string): string | null {
	const target = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), spec));
	if (target.startsWith('../')) return null;
	const deep = climbs(spec) > 2;
	const inSrc = within(fromFile, 'src/');
	// Inside src/ the SvelteKit alias is the convention (extension kept as written).
	if (inSrc && within(target, 'src/lib/')) {
		if (deep || !within(fromFile, 'src/lib/')) return '$lib/' + target.slice('src/lib/'.length);
		return null;
	}
	for (const [folder, alias] of ALIASES) {
		if (!within(target, folder)) continue;
		if (deep || !within(fromFile, folder)) return alias + target.slice(folder.length);
		return null;
	}
	return null;
}

export function rewriteSource(fromFile: string, source: string): { text: string; unmapped: string[] } {
	const unmapped: string[] = [];
	const text = source.replace(SPECIFIER, (whole, lead: string, quote: string, spec: string) => {
		const next = rewriteSpecifier(fromFile, spec);
		if (next) return `${lead}${quote}${next}${quote}`;
		if (climbs(spec) > 2) unmapped.push(spec);
		return whole;
	});
	return { text, unmapped };
}

function listFiles(): string[] {
	const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' });
	return out.split('\0').filter((f) => EXTENSIONS.test(f) && !SKIP.test(f) && !FIXTURES.has(f));
}

function main(argv: string[]) {
	const check = argv.includes('--check');
	const named = argv.filter((a) => !a.startsWith('--')).map((f) => path.relative(ROOT, path.resolve(f)));
	const files = named.length ? named : listFiles();
	const changed: string[] = [];
	let unmappedCount = 0;
	for (const file of files) {
		let source: string;
		try {
			source = readFileSync(path.join(ROOT, file), 'utf8');
		} catch {
			continue; // deleted in the work tree
		}
		const { text, unmapped } = rewriteSource(file, source);
		for (const spec of unmapped) console.warn(`${file}: cannot map ${spec} (climbs more than two folders): fix by hand`);
		unmappedCount += unmapped.length;
		if (text === source) continue;
		changed.push(file);
		if (!check) writeFileSync(path.join(ROOT, file), text);
	}
	if (check) {
		for (const file of changed) console.log(`would rewrite ${file}`);
		process.exit(changed.length || unmappedCount ? 1 : 0);
	}
	if (changed.length) {
		// Shorter specifiers can let prettier join an import back onto one line.
		execFileSync(path.join(ROOT, 'node_modules/.bin/prettier'), ['--write', '--log-level', 'warn', ...changed], {
			cwd: ROOT,
			stdio: 'inherit'
		});
	}
	console.log(`rewrite-imports: ${changed.length} file(s) rewritten${unmappedCount ? `, ${unmappedCount} import(s) to fix by hand` : ''}`);
}

if (import.meta.filename === path.resolve(process.argv[1] ?? '')) main(process.argv.slice(2));
