import { describe, expect, test } from 'vitest';
import { safeRedirectTarget } from '../../src/lib/server/redirect.ts';

const ORIGIN = 'https://accordo.example';

// Adversarial list of post-login destinations (finding 3 of the hardening review): every one of
// them must stay on the site, and none may throw (a CR/LF target used to give a 500).
describe('safeRedirectTarget', () => {
	test.each(['/procedimenti?q=rossi', '/procedimenti/abc/verbale#top', '/agenda?vista=settimana&data=2026-12-03'])(
		'keeps a same-site path: %s',
		(target) => {
			expect(safeRedirectTarget(target, ORIGIN)).toBe(target);
		}
	);

	test.each([
		'//evil.example',
		'/\\evil.example',
		'/\t/evil.example',
		'/%09/evil.example'.replace('%09', '\t'),
		'/\n/evil.example',
		'/\r/evil.example',
		'/\r\nSet-Cookie: x=1',
		'\t//evil.example',
		' //evil.example',
		'https://evil.example/',
		'http:evil.example',
		'javascript:alert(1)',
		'/\\/evil.example',
		'//\tevil.example',
		'/\u0000/evil.example',
		'',
		null,
		undefined,
		'dashboard',
		'/' + 'a'.repeat(600)
	])('refuses %j', (target) => {
		const result = safeRedirectTarget(target, ORIGIN);
		expect(result).toBe('/dashboard');
		expect(new URL(result, ORIGIN).origin).toBe(ORIGIN);
	});

	test('what a browser would do with the result never leaves the site', () => {
		for (const target of ['/./evil.example', '/..//evil.example', '/%2F%2Fevil.example', '/%5Cevil.example']) {
			const result = safeRedirectTarget(target, ORIGIN);
			expect(new URL(result, ORIGIN).origin).toBe(ORIGIN);
			expect(result.startsWith('//')).toBe(false);
		}
	});
});
