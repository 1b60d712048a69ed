import { expect, test } from '@playwright/test';
import { request as httpRequest } from 'node:http';
import { samplePdf } from '../helpers/documents-samples.ts';
import { caseIdByNumber, demoUser, DEMO_PASSWORD, loginAs } from './fixtures.ts';

// Finding 4 of issue #11: outside the upload routes a body is at most 64 KB (the route's own
// limit where a form legitimately carries a long text), whether its length is declared or it comes
// chunked; 413 with an Italian message, and uploads keep working.

const KB = 1024;
const TOO_LARGE = 'Il contenuto inviato è troppo grande.';

interface RawAnswer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

/** A POST through node:http, the body written in pieces without a Content-Length (chunked). */
function postChunked(baseURL: string, path: string, body: Buffer, headers: Record<string, string> = {}): Promise<RawAnswer> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(new URL(path, baseURL), {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: new URL(baseURL).origin,
				accept: 'application/json',
				...headers
			}
		});
		req.on('response', (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (d: string) => (text += d));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
		});
		req.on('error', reject);
		let at = 0;
		const write = () => {
			while (at < body.length) {
				const piece = body.subarray(at, at + 16 * KB);
				at += piece.length;
				if (!req.write(piece)) return void req.once('drain', write);
			}
			req.end();
		};
		write();
	});
}

test('a declared body over 64 KB on a form that is no upload is refused with 413 before it is read', async ({ request, baseURL }) => {
	const form = { email: 'x@example.it', password: 'p'.repeat(70 * KB) };
	const json = await request.post('/login', { form, headers: { origin: baseURL!, accept: 'application/json' } });
	expect(json.status()).toBe(413);
	expect((await json.json()).message).toBe(TOO_LARGE);
	const html = await request.post('/login', { form, headers: { origin: baseURL! } });
	expect(html.status()).toBe(413);
	expect(await html.text()).toContain(TOO_LARGE);
});

test('a chunked body (no length) over the limit is refused with 413 too; under it the form works', async ({ baseURL }) => {
	const big = await postChunked(baseURL!, '/login', Buffer.from(`email=x%40example.it&password=${'p'.repeat(19 * 1024 * KB)}`));
	expect(big.status).toBe(413);
	expect(JSON.parse(big.body).message).toBe(TOO_LARGE);
	// Just over the limit is refused; a real login sent chunked gets in (the body read once, handed on).
	const over = await postChunked(baseURL!, '/login', Buffer.from(`email=x%40example.it&password=${'p'.repeat(64 * KB)}`));
	expect(over.status).toBe(413);
	const u = demoUser('segreteria');
	const ok = await postChunked(
		baseURL!,
		'/login',
		Buffer.from(new URLSearchParams({ email: u.email, password: DEMO_PASSWORD }).toString()),
		{
			accept: 'text/html'
		}
	);
	expect(ok.status).toBe(303);
	expect(String(ok.headers['set-cookie'])).toContain('accordo_session=');
});

test('the letter templates take their 50,000 characters; files still upload far above 64 KB', async ({ page, browser, baseURL }) => {
	const action = { origin: baseURL!, 'x-sveltekit-action': 'true', accept: 'application/json' };
	await loginAs(page, 'amministratore');
	// 50,000 accented characters are 300 KB URL-encoded: within /admin/modelli's own limit.
	const testo = 'è'.repeat(49_990);
	const saved = await page.request.post('/admin/modelli?/save', {
		form: { tipo: 'proposta', titolo: 'Proposta lunga', testo },
		headers: action
	});
	expect(saved.status()).toBe(200);
	expect(await saved.json()).toMatchObject({ type: 'success' });
	// One character more is the form's own rule (400 with its message), not the body limit.
	const tooLong = await page.request.post('/admin/modelli?/save', {
		form: { tipo: 'proposta', titolo: 'Proposta lunga', testo: 'è'.repeat(50_001) },
		headers: action
	});
	expect(await tooLong.json()).toMatchObject({ type: 'failure', status: 400 });
	expect(JSON.stringify(await tooLong.json())).toContain('Al massimo 50.000 caratteri.');
	await page.request.post('/admin/modelli?/reset', { form: { tipo: 'proposta' }, headers: action });

	// An upload of 1.5 MB to the fascicolo (an upload route keeps BODY_SIZE_LIMIT).
	const seg = await (await browser.newContext()).newPage();
	await loginAs(seg, 'segreteria');
	const caseId = await caseIdByNumber(2026, 1);
	const pdf = Buffer.concat([Buffer.from(await samplePdf('Perizia lunga')), Buffer.alloc(1536 * KB, '\n')]);
	const upload = await seg.request.post(`/procedimenti/${caseId}/documenti?/upload`, {
		multipart: { file: { name: 'perizia-lunga.pdf', mimeType: 'application/pdf', buffer: pdf } },
		headers: action
	});
	expect(upload.status()).toBe(200);
	expect(await upload.json()).toMatchObject({ type: 'success' });
	await seg.goto(`/procedimenti/${caseId}/documenti`);
	await expect(seg.getByText('perizia-lunga.pdf').first()).toBeVisible();
});
