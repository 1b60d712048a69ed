import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { caseIdByNumber, e2eDbPath, loginAs } from './fixtures.ts';

// Bad input on the form actions of the Incontri tab, the fascicolo upload, the protocol register
// (case tab and register page), the new procedimento and the users page, posted as an enhanced
// form does: each answers 400 with its Italian message and writes nothing (no row in the tables it
// would change, no audit row).

type Form = Record<string, string>;

/** Rows of the tables these actions write (and the audit log every write appends to). */
async function counts(): Promise<Record<string, number | string>> {
	const { default: Database } = await import('better-sqlite3');
	const db = new Database(e2eDbPath(), { readonly: true, fileMustExist: true });
	try {
		const out: Record<string, number | string> = {};
		for (const t of ['audit_log', 'incontri', 'richieste_modifica', 'documenti', 'protocollo', 'procedimenti', 'memberships', 'users'])
			out[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
		// Who has which role, active or not (the access form changes these in place).
		out.ruoli = (
			db.prepare(`SELECT group_concat(id || role || active, ',') AS r FROM (SELECT * FROM memberships ORDER BY id)`).get() as { r: string }
		).r;
		return out;
	} finally {
		db.close();
	}
}

async function post(request: APIRequestContext, page: Page, path: string, form: Form, file?: boolean) {
	const headers = { origin: new URL(page.url()).origin, 'x-sveltekit-action': 'true' };
	const res = file
		? await request.post(path, {
				headers,
				multipart: { ...form, file: { name: 'nota.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') } }
			})
		: await request.post(path, { headers, form });
	return (await res.json()) as { type: string; status?: number; data?: string };
}

/** A fresh richiestaId as the register's forms carry (24 base32 characters). */
const richiestaId = () => Array.from({ length: 24 }, () => 'abcdefghijklmnopqrstuvwxyz234567'[Math.floor(Math.random() * 32)]).join('');

test('bad input on the converted actions: 400, the Italian message, nothing written', async ({ page, browser }) => {
	test.setTimeout(120_000);
	const caseId = await caseIdByNumber(2026, 1);
	const c = `/procedimenti/${caseId}`;
	await loginAs(page, 'segreteria');
	await page.goto(`${c}/incontri`);

	// A meeting to move and to change (telematica: no room to conflict with; warnings confirmed).
	const booked = await post(page.request, page, `${c}/incontri?/prenota`, {
		data: '2027-03-10',
		dalle: '09:00',
		alle: '10:00',
		tipo: 'successivo',
		modalita: 'telematica',
		mediatoreId: '',
		confermaAvvisi: 'on'
	});
	expect(booked.type, JSON.stringify(booked)).toBe('success');
	const { default: Database } = await import('better-sqlite3');
	const db = new Database(e2eDbPath(), { readonly: true, fileMustExist: true });
	const incontroId = (
		db.prepare(`SELECT id FROM incontri WHERE procedimento_id = ? AND inizio LIKE '2027-03-10%' ORDER BY created_at DESC`).get(caseId) as {
			id: string;
		}
	).id;
	db.close();

	const staffCases: [string, Form, string, boolean?][] = [
		[
			`${c}/incontri?/prenota`,
			{ data: '10/03/2027', dalle: '09:00', alle: '10:00', tipo: 'successivo', modalita: 'telematica' },
			'Data non valida (usa il selettore o il formato AAAA-MM-GG).'
		],
		[
			`${c}/incontri?/prenota`,
			{ data: '2027-03-11', dalle: '09:00', alle: '10:00', tipo: 'x', modalita: 'telematica' },
			'Indica se è il primo'
		],
		[
			`${c}/incontri?/sposta`,
			{ incontroId, data: '2027-03-12', dalle: '25:00', alle: '10:00' },
			'Ora di inizio non valida (formato HH:MM).'
		],
		[`${c}/incontri?/stato`, { incontroId, stato: 'rinviato', motivo: '' }, 'Indica il motivo del rinvio.'],
		[`${c}/incontri?/stato`, { incontroId, stato: 'sospeso' }, 'Stato non valido.'],
		[`${c}/documenti?/upload`, { titolo: 'x'.repeat(201) }, 'Il titolo può avere al massimo 200 caratteri.', true],
		[`${c}/documenti?/upload`, { protocolloId: '../etc' }, 'Identificativo non valido.', true],
		[
			`${c}/protocollo?/registra`,
			{ richiestaId: richiestaId(), direzione: 'entrata', mittente: '', destinatario: '', oggetto: 'Memoria' },
			'Per una registrazione in entrata indica il mittente.'
		],
		[
			`${c}/protocollo?/registra`,
			{ richiestaId: richiestaId(), direzione: 'laterale', mittente: 'A', destinatario: 'B', oggetto: 'Memoria' },
			'Scegli la direzione: in entrata, in uscita o interno.'
		],
		[
			'/protocollo/nuova?/registra',
			{ richiestaId: richiestaId(), direzione: 'uscita', destinatario: 'Avv. Rossi', oggetto: 'Convocazione', procedimento: 'primo' },
			'Indica il procedimento come anno/numero, ad esempio 2026/1.'
		],
		[
			'/protocollo/nuova?/registra',
			{ richiestaId: 'corto', direzione: 'uscita', destinatario: 'X', oggetto: 'Y' },
			'Richiesta non valida: ricarica la pagina.'
		],
		['/procedimenti/nuovo', { tipologia: 'obbligatoria', oggetto: '' }, 'Controlla i campi evidenziati.']
	];
	const adminCases: [string, Form, string][] = [
		['/admin/utenti?/access', { userId: 'demo-segreteria', role: 'capo', active: '1' }, 'Ruolo non valido.'],
		['/admin/utenti?/access', { userId: 'demo-segreteria', role: 'segreteria', active: 'forse' }, 'Stato non valido.'],
		['/admin/utenti?/invita', { email: '', nome: 'Anna', cognome: 'Bianchi', role: 'segreteria' }, "Inserisci l'indirizzo email."],
		[
			'/admin/utenti?/invita',
			{ email: 'anna@example.it', nome: 'Anna', cognome: 'Bianchi', role: 'segreteria', sedeIds: '' },
			'Sede non valida.'
		]
	];

	const admin = await (await browser.newContext()).newPage();
	await loginAs(admin, 'amministratore');
	await admin.goto('/admin/utenti');
	const before = await counts();
	const check = async (p: Page, [path, form, message, file]: [string, Form, string, boolean?]) => {
		const r = await post(p.request, p, path, form, file);
		expect(r, `${path} ${JSON.stringify(form).slice(0, 80)}`).toMatchObject({ type: 'failure', status: 400 });
		expect(r.data, path).toContain(message);
	};
	for (const k of staffCases) await check(page, k);
	for (const k of adminCases) await check(admin, k);
	expect(await counts()).toEqual(before);
});
