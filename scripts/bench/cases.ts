// npm run bench:cases — the registry at 100,000 procedimenti (~3 parties each) in a temporary
// SQLite file: p50/p95/p99 over HTTP (autocannon, 10 connections) of the dashboard list and of a
// full-text search, against a bare Node HTTP handler measured in the same run. Not a test.
// Targets: p95 < 20 ms for list and search, within 3x of the bare handler.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { closeDb, openDb } from '#db/client.ts';
import { prepareDatabase } from '#db/setup.ts';
import { createSession, generateSessionToken, SESSION_COOKIE } from '#db/auth/session.ts';
import { DEMO_ORGANISMO_ID } from '#db/seed.ts';
import { codiceFiscaleCheckChar } from '#db/procedimenti/fiscal.ts';
import { measure, pinLoadGenerator, printTable, startApp, startBareServer } from './lib.ts';

const N = Number(process.env.BENCH_CASES ?? 100_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);

const NOMI = [
	'Mario',
	'Giulia',
	'Luca',
	'Francesca',
	'Marco',
	'Chiara',
	'Giuseppe',
	'Anna',
	'Paolo',
	'Sara',
	'Andrea',
	'Elena',
	'Stefano',
	'Laura',
	'Davide',
	'Martina',
	'Niccolò',
	'Beatrice',
	'Lorenzo',
	'Alessia'
];
const COGNOMI = [
	'Rossi',
	'Russo',
	'Ferrari',
	'Esposito',
	'Bianchi',
	'Romano',
	'Colombo',
	'Ricci',
	'Marino',
	'Greco',
	'Bruno',
	'Gallo',
	'Conti',
	'De Luca',
	'Mancini',
	'Costa',
	'Giordano',
	'Rizzo',
	'Lombardi',
	'Moretti',
	'Barbieri',
	'Fontana',
	'Santoro',
	'Mariani',
	'Rinaldi',
	'Caruso',
	'Ferrara',
	'Galli',
	'Martini',
	'Leone',
	'Longo',
	'Gentile',
	'Martinelli',
	'Vitale',
	'Lombardo',
	'Serra',
	'Coppola',
	'De Santis',
	"D'Angelo",
	'Marchetti',
	'Parisi',
	'Villa',
	'Conte',
	'Ferraro',
	'Ferri',
	'Fabbri',
	'Bianco',
	'Marini',
	'Grasso',
	'Valentini'
];
const OGGETTI = [
	'Spese condominiali straordinarie',
	'Canoni di locazione non pagati',
	'Divisione ereditaria',
	'Risarcimento danni da infiltrazioni',
	'Contratto di fornitura',
	'Polizza assicurativa contestata',
	'Servitù di passaggio',
	'Comodato di immobile',
	'Affitto di ramo d’azienda',
	'Responsabilità sanitaria'
];
const ALFA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];

function fakeCf(): string {
	let s = '';
	for (let i = 0; i < 6; i++) s += ALFA[Math.floor(rnd() * 26)];
	s += String(40 + Math.floor(rnd() * 60)) + 'ABCDEHLMPRST'[Math.floor(rnd() * 12)] + String(10 + Math.floor(rnd() * 18)) + 'F205';
	return s + codiceFiscaleCheckChar(s);
}

function seedCases(db: ReturnType<typeof openDb>): void {
	const c = db.$client;
	const materie = (c.prepare('SELECT id FROM materie WHERE organismo_id = ?').all(DEMO_ORGANISMO_ID) as { id: string }[]).map((m) => m.id);
	const insP =
		c.prepare(`INSERT INTO procedimenti (id, organismo_id, sede_id, anno, numero, codice_istanza, data_deposito, modalita, tipologia, materia_id, oggetto, valore_tipo, valore_centesimi, stato)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'determinato', ?, ?)`);
	const insC = c.prepare('INSERT INTO centri_interesse (id, procedimento_id, ruolo, ordine) VALUES (?, ?, ?, ?)');
	const insPe = c.prepare("INSERT INTO persone (id, organismo_id, tipo, nome, cognome, codice_fiscale) VALUES (?, ?, 'fisica', ?, ?, ?)");
	const insS = c.prepare('INSERT INTO soggetti (id, procedimento_id, centro_id, persona_id, ruolo, ordine) VALUES (?, ?, ?, ?, ?, ?)');
	const insF = c.prepare(
		'INSERT INTO procedimenti_fts (rowid, procedimento_id, numero, parti, codici, oggetto) VALUES ((SELECT rowid FROM procedimenti WHERE id = ?), ?, ?, ?, ?, ?)'
	);
	const stati = ['depositata', 'comunicata', 'in_attesa_adesione', 'primo_incontro_fissato', 'in_corso', 'conclusa', 'archiviata'];
	const perYear = new Map<number, number>();
	const t0 = Date.now();
	c.transaction(() => {
		for (let i = 0; i < N; i++) {
			const anno = 2019 + Math.floor((i / N) * 7); // 2019-2025: the demo cases are 2026
			const numero = (perYear.get(anno) ?? 0) + 1;
			perYear.set(anno, numero);
			const id = `b${i.toString(36)}`;
			const oggetto = pick(OGGETTI);
			const day = String(1 + Math.floor(rnd() * 28)).padStart(2, '0');
			const month = String(1 + Math.floor(rnd() * 12)).padStart(2, '0');
			insP.run(
				id,
				DEMO_ORGANISMO_ID,
				rnd() < 0.5 ? 'demo-sede-milano' : 'demo-sede-roma',
				anno,
				numero,
				randomUUID(),
				`${anno}-${month}-${day}`,
				'telematica',
				'obbligatoria',
				pick(materie),
				oggetto,
				Math.floor(rnd() * 10_000_000),
				pick(stati)
			);
			const names: string[] = [];
			const cfs: string[] = [];
			const parties = 2 + (rnd() < 0.5 ? 1 : 0);
			for (let k = 0; k < parties; k++) {
				const centro = `${id}c${k}`;
				insC.run(centro, id, k === 0 ? 'istante' : 'invitata', k);
				const persona = `${id}p${k}`;
				const nome = pick(NOMI);
				const cognome = pick(COGNOMI);
				const cf = fakeCf();
				insPe.run(persona, DEMO_ORGANISMO_ID, nome, cognome, cf);
				insS.run(`${id}s${k}`, id, centro, persona, 'parte', k);
				names.push(`${nome} ${cognome}`);
				cfs.push(cf);
			}
			insF.run(id, id, `${anno}/${numero} ${numero}/${anno} ${numero}`, names.join(' ; '), cfs.join(' '), oggetto);
		}
		for (const [anno, ultimo] of perYear)
			c.prepare("INSERT OR REPLACE INTO contatori (organismo_id, registro, anno, ultimo) VALUES (?, 'procedimenti', ?, ?)").run(
				DEMO_ORGANISMO_ID,
				anno,
				ultimo
			);
	})();
	c.exec('ANALYZE');
	console.log(`seeded ${N} procedimenti with ~${(N * 2.5).toFixed(0)} parties in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function main() {
	// BENCH_DB=<file> keeps the seeded database between runs (seeded only when the file is new).
	const keep = process.env.BENCH_DB;
	const dir = keep ? null : mkdtempSync(join(tmpdir(), 'accordo-bench-cases-'));
	const dbPath = keep ?? join(dir!, 'bench.db');
	const reuse = keep !== undefined && existsSync(keep);
	const bare = await startBareServer();
	let app: Awaited<ReturnType<typeof startApp>> | null = null;
	try {
		const db = openDb(dbPath);
		await prepareDatabase(db, { seedDemo: !reuse });
		if (!reuse) seedCases(db);
		const token = generateSessionToken();
		createSession(db, token, 'demo-responsabile');
		closeDb(db);
		const headers = { cookie: `${SESSION_COOKIE}=${token}` };

		app = await startApp({ DATABASE_URL: dbPath });
		// Sanity: the pages answer 200 with the expected content before timing them.
		for (const path of ['/procedimenti', '/procedimenti?q=rossi', '/dashboard']) {
			const res = await fetch(app.url + path, { headers, redirect: 'manual' });
			const html = await res.text();
			if (res.status !== 200 || !html.includes('Procediment')) throw new Error(`${path} answered ${res.status}`);
		}
		const totalMatch = /(\d+) procedimenti/.exec(await (await fetch(`${app.url}/procedimenti?q=rossi`, { headers })).text());
		console.log(`search "rossi" matches ${totalMatch?.[1]} cases; list shows page 1 of ${N}`);

		const pinned = pinLoadGenerator();
		console.log(pinned ? 'server pinned to CPU 1, load generator to CPU 0' : 'not pinned (no taskset): server and load share the cores');
		const serverPid = app.child.pid;
		const opts = { duration: DURATION, warmup: 2, headers, serverPid };
		// What the hydrated dashboard fetches when the user filters, sorts, pages or searches: SvelteKit
		// client-side navigation asks /__data.json for the page's load only (layout not re-run).
		const data = (query: string) => `${app!.url}/procedimenti/__data.json?${query}${query ? '&' : ''}x-sveltekit-invalidated=01`;
		// Distinct filters per request (deposit date ranges), so no answer comes from the count cache.
		let day = 0;
		const varying = () => {
			day = (day + 1) % 2000;
			const from = new Date(Date.UTC(2019, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
			return `/procedimenti?dal=${from}`;
		};
		const baseline = await measure('bare node:http handler', bare.url, { duration: DURATION, warmup: 2 });
		const rows = [
			baseline,
			// Floors: the same server without SvelteKit (/healthz), and a SvelteKit page with the session check but no case query.
			await measure('server floor: /healthz', `${app.url}/healthz`, { duration: DURATION, warmup: 2, serverPid }),
			await measure('SvelteKit floor: /account (HTML)', `${app.url}/account`, opts),
			await measure('SvelteKit floor: /account data', `${app.url}/account/__data.json?x-sveltekit-invalidated=01`, opts),
			await measure('list /procedimenti (HTML)', `${app.url}/procedimenti`, opts),
			await measure('list, filtered stato+anno (HTML)', `${app.url}/procedimenti?stato=in_corso&anno=2023`, opts),
			await measure('list, 2000 distinct filters (HTML)', app.url, { ...opts, path: varying }),
			await measure('search "rossi" (HTML)', `${app.url}/procedimenti?q=rossi`, opts),
			await measure('search "ferr mar" (HTML)', `${app.url}/procedimenti?q=ferr%20mar`, opts),
			await measure('search "2024/1234" (HTML)', `${app.url}/procedimenti?q=2024%2F1234`, opts),
			await measure('list (data, client navigation)', data(''), opts),
			await measure('list page 40 (data)', data('page=40'), opts),
			await measure('search "rossi" (data)', data('q=rossi'), opts)
		];
		printTable(rows, baseline);
		const worst = rows.slice(4).reduce((a, b) => (b.p95 > a.p95 ? b : a));
		console.log(
			`\nworst p95: ${worst.p95.toFixed(2)} ms (${worst.name}); target < 20 ms and <= 3x bare (${(3 * baseline.p95).toFixed(2)} ms)`
		);
		const floor = rows[2];
		console.log(`SvelteKit floor (/account HTML) p95 ${floor.p95.toFixed(2)} ms = ${(floor.p95 / baseline.p95).toFixed(1)}x bare`);
	} finally {
		await app?.stop();
		await bare.close();
		if (dir) rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((err: unknown) => {
	console.error(err);
	process.exit(1);
});
