import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Issue #11, finding 7, through real HTTP: behind a reverse proxy (ADDRESS_HEADER=X-Forwarded-For,
// XFF_DEPTH=1) the per-IP login limit counts the client address the proxy appended (the rightmost
// entry), so one client is limited alone and a forged leftmost entry changes nothing. A second
// server (server/main.ts, same build) runs with those settings and LOGIN_MAX_PER_IP=3.

const PORT = 4400 + Math.floor(Math.random() * 400);
const url = `http://127.0.0.1:${PORT}`;
let child: ChildProcess;
let dir: string;

test.beforeAll(async () => {
	test.setTimeout(120_000);
	dir = mkdtempSync(join(tmpdir(), 'accordo-proxy-'));
	child = spawn(process.execPath, ['server/main.ts'], {
		env: {
			...process.env,
			PORT: String(PORT),
			HOST: '127.0.0.1',
			DATABASE_URL: join(dir, 'accordo.db'),
			SFU_WORKERS: '1',
			ACCORDO_JOBS: 'off',
			ADDRESS_HEADER: 'X-Forwarded-For',
			XFF_DEPTH: '1',
			LOGIN_MAX_PER_IP: '3',
			LOGIN_MAX_PER_ACCOUNT: '50'
		},
		stdio: 'ignore'
	});
	for (let i = 0; i < 300; i++) {
		const ok = await fetch(`${url}/healthz`)
			.then((r) => r.ok)
			.catch(() => false);
		if (ok) return;
		await new Promise((r) => setTimeout(r, 300));
	}
	throw new Error('the proxy-mode server did not start');
});

test.afterAll(() => {
	child?.kill('SIGTERM');
	rmSync(dir, { recursive: true, force: true });
});

async function failLogin(xff: string): Promise<{ status: number; body: string }> {
	const res = await fetch(`${url}/login`, {
		method: 'POST',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin: url,
			accept: 'application/json',
			'x-sveltekit-action': 'true',
			'x-forwarded-for': xff
		},
		body: new URLSearchParams({ email: `nessuno-${Math.random()}@prova.it`, password: 'sbagliata' }).toString()
	});
	return { status: res.status, body: await res.text() };
}

test('the per-IP limit counts the address the proxy appended, not the peer nor a forged one', async () => {
	// Client A (203.0.113.5) fails three times, each time forging a different leftmost address.
	for (let i = 0; i < 3; i++) expect((await failLogin(`10.9.9.${i}, 203.0.113.5`)).body).not.toContain('Troppi tentativi');
	// The fourth try of A is refused, whatever it forges on the left.
	expect((await failLogin('198.51.100.77, 203.0.113.5')).body).toContain('Troppi tentativi di accesso non riusciti');
	// Client B, through the same proxy (same TCP peer), is not locked out with A.
	expect((await failLogin('203.0.113.6')).body).not.toContain('Troppi tentativi');
});
