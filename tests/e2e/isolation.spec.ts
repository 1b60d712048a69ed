import { expect, test } from '@playwright/test';
import { io as connectSfu, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { ROLES, type Role } from '#db/auth/labels.ts';
import { DM150_2023 } from '#db/fees/tables.ts';
import { COLLAB_PATH, verbaleDocName } from '#protocol/collab.ts';
import { SFU_SOCKET_PATH } from '#protocol/signalling.ts';
import { cf } from '../helpers/procedimenti.ts';
import { createWorld, tableDigests, type World } from './isolation-fixture.ts';

// The cross-Organismo probe (issue #21): two Organismi with every role and every kind of object;
// each role of one (and its guest link, and nobody) tries every read and write of the other's
// objects by id through the real server: pages, form actions, downloads, ICS, exports, the SFU
// socket and the collab WebSocket. Every answer must be a refusal (403/404, or the way to the login
// page) that carries none of the other's data, and a digest of every table is identical before and
// after. Both directions.

const BASE = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4173)}`;
const WS_BASE = BASE.replace('http', 'ws');

type Who = { label: string; cookie: string | null; guestToken?: string };
type Probe = { name: string; method: 'GET' | 'POST'; path: string; form?: Record<string, string>; multipart?: boolean };

/** A complete, valid new-version form (DM 150/2023's amounts) starting from `baseId`: only the Organismo decides. */
function tariffaForm(baseId: string): Record<string, string> {
	const d = DM150_2023.dati;
	const n = (c: number | null) => (c === null ? '' : (c / 100).toFixed(2).replace('.', ','));
	const form: Record<string, string> = {
		baseId,
		nome: 'Tariffa intrusa',
		validaDal: '2099-06-01',
		fonte: 'Intrusione',
		importoMediazione: d.importoMediazione,
		iva: n(d.ivaBp),
		accordoPrimoIncontro: n(d.maggiorazioni.accordoPrimoIncontroBp),
		accordoSuccessivo: n(d.maggiorazioni.accordoSuccessivoBp)
	};
	d.scaglioni.forEach((s, i) => {
		const [min, max] =
			s.mediazione.tipo === 'importo' ? [s.mediazione.minimo, s.mediazione.massimo] : [s.mediazione.minimoBp, s.mediazione.massimoBp];
		Object.assign(form, {
			[`s${i}_finoA`]: n(s.finoA),
			[`s${i}_avvio`]: n(s.avvio),
			[`s${i}_primoIncontro`]: n(s.primoIncontro),
			[`s${i}_minimo`]: n(min),
			[`s${i}_massimo`]: n(max)
		});
	});
	for (const l of ['basso', 'medio', 'alto'] as const)
		Object.assign(form, {
			[`ind_${l}_avvio`]: n(d.indeterminabile[l].avvio),
			[`ind_${l}_primoIncontro`]: n(d.indeterminabile[l].primoIncontro),
			[`ind_${l}_valoreRiferimento`]: n(d.indeterminabile[l].valoreRiferimento)
		});
	return form;
}

/** Every read and write one Organismo could try on `t`'s objects; `own` is the attacker's world (sub-id mixes). */
function probes(t: World, own: World): Probe[] {
	const c = `/procedimenti/${t.caseId}`;
	const o = `/procedimenti/${own.caseId}`;
	const get = (path: string): Probe => ({ name: `GET ${path}`, method: 'GET', path });
	const post = (path: string, action: string, form: Record<string, string> = {}, multipart = false): Probe => ({
		name: `POST ${path}?/${action}`,
		method: 'POST',
		path: `${path}?/${action}`,
		form,
		multipart
	});
	/** A page's only (default) action: posted to the page itself. */
	const postDefault = (path: string, form: Record<string, string>, multipart = false): Probe => ({
		name: `POST ${path}`,
		method: 'POST',
		path,
		form,
		multipart
	});
	return [
		// The other's case, each tab.
		...['', '/parti', '/documenti', '/incontri', '/indennita', '/mediatore', '/protocollo', '/stanza', '/storico', '/verbale'].map((tab) =>
			get(c + tab)
		),
		get(`${c}/verbale/${t.verbaleId}`),
		get(`${c}/verbale/${t.verbaleId}/versioni/${t.versioneId}`),
		get(`${c}/documenti/${t.documentId}`),
		get(`${c}/documenti/${t.documentId}?download=1`),
		get(`${c}/incontri/${t.incontroId}.ics`),
		// The other's objects under one's own case (sub-id checks).
		get(`${o}/documenti/${t.documentId}`),
		get(`${o}/incontri/${t.incontroId}.ics`),
		get(`${o}/verbale/${t.verbaleId}`),
		get(`${o}/verbale/${own.verbaleId}/versioni/${t.versioneId}`),
		// Other objects by id.
		get(`/protocollo/${t.protocolloId}`),
		// Portals: deposito atti and its receipts; the other's adhesion links on one's own Organismo's page.
		get(`${c}/deposito`),
		get(`${c}/richieste`),
		get(`${c}/deposito/${t.protocolloId}`),
		get(`${o}/deposito/${t.protocolloId}`),
		get(`/o/${own.slug}/adesione/${t.adesioneToken}`),
		get(`/o/${own.slug}/adesione/avvocato/${t.avvocatoToken}`),
		get(`/mediatori/${t.members.mediatore.id}`),
		get(`/agenda/anonima/${t.members.mediatore.id}`),
		// Writes on the other's case.
		post(c, 'stato', { stato: 'archiviato' }),
		post(`${c}/parti`, 'comunicazione', { centroId: 'x', data: '2026-11-05' }),
		post(`${c}/parti`, 'risposta', { centroId: 'x', adesione: 'aderisce', data: '2026-11-05' }),
		post(`${c}/parti`, 'invia', { centroId: 'x' }),
		post(`${c}/parti`, 'riprova', { messaggioId: 'x' }),
		post(`${c}/documenti`, 'upload', { titolo: 'Intruso' }, true),
		post(`${c}/incontri`, 'prenota', { tipo: 'successivo', modalita: 'telematica', data: '2026-12-20', ora: '10:00', durata: '60' }),
		post(`${c}/incontri`, 'sposta', { incontroId: t.incontroId, data: '2026-12-21', ora: '10:00', durata: '60' }),
		post(`${c}/incontri`, 'stato', { incontroId: t.incontroId, stato: 'annullato', motivo: 'Intrusione' }),
		post(`${c}/incontri`, 'linkOspiti', { incontroId: t.incontroId }),
		post(`${c}/mediatore`, 'rotazione'),
		post(`${c}/mediatore`, 'revoca', { assegnazioneId: t.assegnazioneId, motivo: 'Intrusione di prova' }),
		post(`${c}/stanza`, 'apri'),
		post(`${c}/stanza`, 'invita', { nome: 'Intruso', ruolo: 'uditore' }),
		post(`${c}/stanza`, 'revoca', { invitoId: t.invitoId }),
		post(`${c}/stanza`, 'impostazioni', { capienza: '3' }),
		post(`${c}/verbale`, 'create', { tipo: 'accordo' }),
		post(`${c}/verbale/${t.verbaleId}`, 'lock'),
		post(`${c}/verbale/${t.verbaleId}`, 'saveVersion', { nome: 'Intrusione' }),
		post(`${c}/verbale/${t.verbaleId}`, 'restore', { versioneId: t.versioneId }),
		post(`${c}/verbale/${t.verbaleId}`, 'exportPdf', { versioneId: t.versioneId }),
		post(`${c}/protocollo`, 'registra', { direzione: 'uscita', mittente: 'Intruso', destinatario: 'X', oggetto: 'Intrusione' }),
		// The other's objects through one's own case.
		post(`${o}/incontri`, 'stato', { incontroId: t.incontroId, stato: 'annullato', motivo: 'Intrusione' }),
		post(`${o}/incontri`, 'sposta', { incontroId: t.incontroId, data: '2026-12-21', ora: '10:00', durata: '60' }),
		post(`${o}/incontri`, 'linkOspiti', { incontroId: t.incontroId }),
		post(`${o}/mediatore`, 'revoca', { assegnazioneId: t.assegnazioneId, motivo: 'Intrusione di prova' }),
		post(`${o}/stanza`, 'revoca', { invitoId: t.invitoId }),
		post(`${o}/verbale/${t.verbaleId}`, 'lock'),
		post(`${o}/verbale/${own.verbaleId}`, 'restore', { versioneId: t.versioneId }),
		post(`${o}/verbale/${own.verbaleId}`, 'exportPdf', { versioneId: t.versioneId }),
		post(`${o}/documenti`, 'upload', { serieId: t.documentId }, true),
		postDefault(`${c}/deposito`, { richiestaId: '6f1c1d7e-3c55-4b8e-9d7a-1b2c3d4e5f60', titolo: 'Intruso' }, true),
		post(`${c}/richieste`, 'sostituzione', {
			mediatoreId: t.members.mediatore.id,
			motivo: 'Intrusione di prova, motivi lunghi abbastanza.'
		}),
		post(`${c}/richieste`, 'segnalazione', { testo: 'Intrusione di prova, testo lungo abbastanza.' }),
		post(`${c}/richieste`, 'decidi', { richiestaId: 'x', esito: 'accolta', motivazione: 'Intrusione di prova.' }),
		post(`/o/${own.slug}/adesione/${t.adesioneToken}`, 'rifiuta', { motivo: 'Intrusione', conferma: 'on' }),
		post(`/o/${own.slug}/adesione/${t.adesioneToken}`, 'avvocato'),
		post(`/o/${own.slug}/adesione/avvocato/${t.avvocatoToken}`, 'registrati', {
			nome: 'Intruso',
			cognome: 'Intrusi',
			email: 'intruso@example.it'
		}),
		post(
			`/o/${own.slug}/adesione/avvocato/${t.avvocatoToken}`,
			'completa',
			{
				nome: 'Intruso',
				cognome: 'Intrusi',
				codiceFiscale: cf('RSSMRA70A01F205'),
				foro: 'Milano',
				pec: 'intruso@pec.example.it',
				consensoTelematica: 'si',
				delega: 'on'
			},
			true
		),
		// Objects of the Organismo by id.
		post(`/protocollo/${t.protocolloId}`, 'annulla', { motivo: 'Intrusione di prova' }),
		post('/admin/utenti', 'access', { userId: t.members.segreteria.id, role: 'amministratore', active: '1' }),
		post('/admin/operazioni', 'riprova', { id: String(t.jobId) }),
		post('/sale', 'attiva', { salaId: t.salaId }),
		post('/sale', 'rimuoviOrario', { id: t.orarioId }),
		post('/sale', 'orario', { sedeId: t.sedeId, giorno: '3', dalle: '09:00', alle: '10:00' }),
		post('/sale', 'sala', { sedeId: t.sedeId, nome: 'Sala intrusa', capienza: '4' }),
		post('/agenda/disponibilita', 'rimuovi', { tipo: 'disponibilita', id: t.disponibilitaId }),
		post(`/mediatori/${t.members.mediatore.id}`, 'aggiorna', { stato: 'sospeso', qualifiche: 'Intruso', caricoMassimo: '1' }),
		post(`/mediatori/${t.members.mediatore.id}`, 'conflitto', { descrizione: 'Intrusione di prova', identificativo: '' }),
		post('/scadenze/notifiche', 'letta', { id: t.notificaId }),
		post('/incarichi', 'accetta', { assegnazioneId: t.assegnazioneId, conferma: 'on', testoSha256: '0'.repeat(64) }),
		post('/incarichi', 'rifiuta', { assegnazioneId: t.assegnazioneId, motivo: 'Intrusione di prova' }),
		// The Organismo's configuration: sedi, materie, fee-table versions.
		get(`/admin/tariffe?base=${encodeURIComponent(t.tariffaInVigoreId)}`),
		get(`/admin/tariffe?base=${encodeURIComponent(t.tariffaProgrammataId)}`),
		post('/admin/sedi', 'modifica', { sedeId: t.sedeId, nome: 'Sede intrusa', indirizzo: 'Via X 1', comune: 'Milano', provincia: 'MI' }),
		post('/admin/materie', 'modifica', { materiaId: t.materiaId, nome: 'Materia intrusa', attiva: 'on' }),
		post('/admin/materie', 'sposta', { materiaId: t.materiaId, verso: 'giu' }),
		post('/admin/tariffe', 'elimina', { tariffaId: t.tariffaProgrammataId }),
		post('/admin/tariffe', 'crea', tariffaForm(t.tariffaInVigoreId))
	];
}

/** Pages and exports of one's own Organismo: they answer, but none may show the other's data. */
const OWN_LISTS = [
	'/dashboard',
	'/procedimenti',
	'/procedimenti?q=Segretissimo',
	'/procedimenti/export.csv',
	'/agenda',
	'/scadenze',
	'/scadenze/notifiche',
	'/protocollo',
	'/protocollo/registro',
	'/mediatori',
	'/incarichi',
	'/sale',
	'/admin/utenti',
	'/admin/sedi',
	'/admin/materie',
	'/admin/tariffe',
	'/admin/registro',
	'/admin/registro/export.jsonl',
	'/admin/operazioni',
	'/posta',
	'/account/calendario'
];

async function send(who: Who, p: Probe): Promise<{ status: number; body: string; location: string | null }> {
	const headers: Record<string, string> = { origin: BASE };
	if (who.cookie) headers.cookie = who.cookie;
	let body: BodyInit | undefined;
	if (p.method === 'POST') {
		// As an enhanced form does: the action's own result (status and data), not the page around it.
		headers['x-sveltekit-action'] = 'true';
		headers.accept = 'application/json';
		if (p.multipart) {
			const fd = new FormData();
			for (const [k, v] of Object.entries(p.form ?? {})) fd.set(k, v);
			fd.set('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'intruso.pdf');
			body = fd;
		} else {
			headers['content-type'] = 'application/x-www-form-urlencoded';
			body = new URLSearchParams(p.form ?? {}).toString();
		}
	}
	const res = await fetch(BASE + p.path, { method: p.method, headers, body, redirect: 'manual' });
	const text = await res.text();
	let status = res.status;
	if (p.method === 'POST' && res.headers.get('content-type')?.includes('application/json')) {
		const json = JSON.parse(text) as { type: string; status?: number };
		status = json.type === 'success' ? 200 : json.type === 'redirect' ? 303 : (json.status ?? res.status);
	}
	return { status, body: text, location: res.headers.get('location') };
}

/** A refusal: 403 or 404, or (nobody signed in) the way to the login page / 401. */
function refused(who: Who, r: { status: number; location: string | null }): boolean {
	if (r.status === 403 || r.status === 404) return true;
	if (who.cookie === null) return r.status === 401 || (r.status === 303 && (r.location ?? '').startsWith('/login'));
	return false;
}

function sfuClient(who: Who): Promise<Socket> {
	const socket = connectSfu(BASE, {
		path: SFU_SOCKET_PATH,
		transports: ['websocket'],
		extraHeaders: who.cookie ? { cookie: who.cookie, origin: BASE } : { origin: BASE },
		auth: who.guestToken ? { guestToken: who.guestToken } : undefined,
		reconnection: false,
		forceNew: true
	});
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', (e) => {
			socket.close();
			reject(e);
		});
	});
}

/** Opens the collab WebSocket for a document: resolves 'open' only if the server keeps it open and sends data. */
function collabAttempt(who: Who, docName: string): Promise<string> {
	const query = who.guestToken ? `?guest=${encodeURIComponent(who.guestToken)}` : '';
	const url = `${WS_BASE}${COLLAB_PATH}/${encodeURIComponent(docName)}${query}`;
	return new Promise((resolve) => {
		const ws = new WebSocket(url, { headers: { origin: BASE, ...(who.cookie ? { cookie: who.cookie } : {}) } });
		const timer = setTimeout(() => {
			ws.terminate();
			resolve('open');
		}, 1500);
		ws.on('unexpected-response', (_req, res) => {
			clearTimeout(timer);
			res.resume();
			ws.terminate();
			resolve(`http ${res.statusCode}`);
		});
		ws.on('message', () => {
			clearTimeout(timer);
			ws.terminate();
			resolve('data');
		});
		ws.on('close', (code) => {
			clearTimeout(timer);
			resolve(`close ${code}`);
		});
		ws.on('error', () => undefined);
	});
}

function attackers(w: World): Who[] {
	return [
		...ROLES.map((role: Role) => ({ label: `${role} di ${w.slug}`, cookie: w.members[role].cookie })),
		{ label: `ospite (link) di ${w.slug}`, cookie: null, guestToken: w.guestToken },
		{ label: 'nessuno', cookie: null }
	];
}

let a: World;
let b: World;

test.beforeAll(async () => {
	a = await createWorld('A');
	b = await createWorld('B');
});

for (const direction of ['A→B', 'B→A'] as const) {
	test(`isolation ${direction}: every role's reads and writes on the other Organismo are refused and change nothing`, async () => {
		test.setTimeout(300_000);
		const [from, to] = direction === 'A→B' ? [a, b] : [b, a];
		const before = tableDigests(to.organismoId);
		const failures: string[] = [];
		let count = 0;

		for (const who of attackers(from)) {
			// HTTP: every probe on the other's objects.
			for (const p of probes(to, from)) {
				const r = await send(who, p);
				count++;
				if (!refused(who, r)) failures.push(`${who.label}: ${p.name} → ${r.status} ${r.location ?? ''} ${r.body.slice(0, 160)}`);
				if (r.body.includes(to.marker)) failures.push(`${who.label}: ${p.name} → the answer contains the other's data`);
			}
			// One's own lists and exports: never the other's data.
			if (who.cookie) {
				for (const path of OWN_LISTS) {
					const r = await send(who, { name: `GET ${path}`, method: 'GET', path });
					count++;
					if (r.body.includes(to.marker)) failures.push(`${who.label}: GET ${path} → shows the other's data`);
				}
			}
			// The SFU: joining the other's room, reading its live counters.
			if (who.cookie || who.guestToken) {
				const socket = await sfuClient(who);
				const join = (await socket.timeout(5000).emitWithAck('room:join', { procedimentoId: to.caseId })) as {
					ok: boolean;
					data?: unknown;
				};
				count++;
				const joined = JSON.stringify(join);
				if (who.guestToken) {
					// A guest's link names its own room: whatever it asks, it never lands in the other's.
					if (joined.includes(to.caseId) || joined.includes(to.marker)) failures.push(`${who.label}: room:join → entered the other's room`);
				} else if (join.ok) failures.push(`${who.label}: room:join → ${joined.slice(0, 160)}`);
				socket.close();
			}
			// Collab: the other's verbale and the name the removed personal-document kind had for the other's user.
			for (const doc of [verbaleDocName(to.caseId, to.verbaleId), `prova.${to.members.mediatore.id}`]) {
				const outcome = await collabAttempt(who, doc);
				count++;
				if (outcome === 'open' || outcome === 'data') failures.push(`${who.label}: collab ${doc} → ${outcome}`);
			}
			// The ICS feed of the other's mediator with one's own token: the feed token decides, not the cookie.
			const feed = await send(who, { name: 'ics', method: 'GET', path: `/ics/${from.feedToken}.ics` });
			count++;
			if (feed.body.includes(to.marker)) failures.push(`${who.label}: own ICS feed shows the other's data`);
		}

		const after = tableDigests(to.organismoId);
		console.log(`isolation ${direction}: ${count} attempts, ${failures.length} failures`);
		expect.soft(failures, failures.join('\n')).toEqual([]);
		expect(after).toEqual(before);
	});
}
