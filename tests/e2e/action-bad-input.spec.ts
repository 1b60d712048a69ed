import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { createWorld, type World } from './isolation-fixture.ts';
import { e2eDbPath } from './fixtures.ts';

// Bad input on the form actions of the Incontri tab, the fascicolo upload, the protocol register
// (case tab and register page), the new procedimento, the verbale, the incoming mail, the
// Organismo choice, the jobs page and the users page, posted as an enhanced
// form does: each answers 400 with its Italian message and writes nothing (no row in the tables it
// would change, no audit row). It works in an Organismo of its own (the isolation fixture's world:
// a case with a meeting, one user per role), so the demo Organismo the other specs read is untouched.

const BASE = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4173)}`;

type Form = Record<string, string>;

/** The world's rows in the tables these actions write, its audit log and who has which role. */
async function counts(w: World): Promise<Record<string, number | string>> {
	const { default: Database } = await import('better-sqlite3');
	const db = new Database(e2eDbPath(), { readonly: true, fileMustExist: true });
	const one = (sql: string, ...args: unknown[]) => Object.values(db.prepare(sql).get(...args) as Record<string, number | string>)[0];
	try {
		return {
			audit: one('SELECT count(*) FROM audit_log WHERE organismo_id = ?', w.organismoId),
			procedimenti: one('SELECT count(*) FROM procedimenti WHERE organismo_id = ?', w.organismoId),
			protocollo: one('SELECT count(*) FROM protocollo WHERE organismo_id = ?', w.organismoId),
			documenti: one('SELECT count(*) FROM documenti WHERE procedimento_id = ?', w.caseId),
			incontri: one("SELECT group_concat(id || inizio || stato, ',') FROM incontri WHERE procedimento_id = ?", w.caseId),
			richieste: one('SELECT count(*) FROM richieste_modifica WHERE incontro_id = ?', w.incontroId),
			ruoli: one(
				"SELECT group_concat(id || role || active, ',') FROM (SELECT * FROM memberships WHERE organismo_id = ? ORDER BY id)",
				w.organismoId
			)
		};
	} finally {
		db.close();
	}
}

/** A request context signed in with a session cookie of the world. */
function as(cookie: string): Promise<APIRequestContext> {
	return playwrightRequest.newContext({ baseURL: BASE, extraHTTPHeaders: { cookie, origin: BASE } });
}

async function post(request: APIRequestContext, path: string, form: Form, file?: boolean) {
	const headers = { 'x-sveltekit-action': 'true' };
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

test('bad input on the converted actions: 400, the Italian message, nothing written', async () => {
	test.setTimeout(120_000);
	const w = await createWorld('Bad');
	const c = `/procedimenti/${w.caseId}`;
	const incontroId = w.incontroId;
	const segreteria = await as(w.members.segreteria.cookie);
	const admin = await as(w.members.amministratore.cookie);

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
		['/procedimenti/nuovo', { tipologia: 'obbligatoria', oggetto: '' }, 'Controlla i campi evidenziati.'],
		[`${c}/verbale?/create`, { tipo: 'sentenza' }, 'Scegli il modello del verbale.'],
		['/posta?/registra', { arrivoId: 'x', procedimento: 'il primo' }, 'Indica il procedimento come anno/numero, ad esempio 2026/12.'],
		['/scegli-organismo', { membershipId: '' }, "Scegli l'organismo."]
	];
	const adminCases: [string, Form, string][] = [
		['/admin/operazioni?/riprova', { id: 'tutte' }, 'Operazione non valida.'],
		['/admin/utenti?/access', { userId: w.members.segreteria.id, role: 'capo', active: '1' }, 'Ruolo non valido.'],
		['/admin/utenti?/access', { userId: w.members.segreteria.id, role: 'segreteria', active: 'forse' }, 'Stato non valido.'],
		['/admin/utenti?/invita', { email: '', nome: 'Anna', cognome: 'Bianchi', role: 'segreteria' }, "Inserisci l'indirizzo email."],
		[
			'/admin/utenti?/invita',
			{ email: 'anna@example.it', nome: 'Anna', cognome: 'Bianchi', role: 'segreteria', sedeIds: '' },
			'Sede non valida.'
		]
	];

	const before = await counts(w);
	const check = async (request: APIRequestContext, [path, form, message, file]: [string, Form, string, boolean?]) => {
		const r = await post(request, path, form, file);
		expect(r, `${path} ${JSON.stringify(form).slice(0, 80)}`).toMatchObject({ type: 'failure', status: 400 });
		expect(r.data, path).toContain(message);
	};
	for (const k of staffCases) await check(segreteria, k);
	for (const k of adminCases) await check(admin, k);
	expect(await counts(w)).toEqual(before);
	await segreteria.dispose();
	await admin.dispose();
});
