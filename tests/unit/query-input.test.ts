import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { ftsQuery } from '#db/procedimenti/search.ts';
import { parseQuery, QueryDate } from '../../src/lib/server/validation.ts';

// The bad-input list of the hardening review (#11 finding 9): query strings that gave 500.
describe('query parameters', () => {
	test('QueryDate accepts real days between 2000 and 2100 only', () => {
		expect(QueryDate.safeParse('2026-12-03').success).toBe(true);
		for (const bad of ['9999-12-31', '9999-99-99', '2026-13-45', '2026-02-30', '1999-12-31', 'abc', '2026-1-1']) {
			expect(QueryDate.safeParse(bad).success, bad).toBe(false);
		}
	});

	test('parseQuery answers 400 with an Italian message instead of throwing a ZodError', () => {
		const schema = z.object({ anno: z.coerce.number().int().min(2000).max(2100).optional(), dal: QueryDate.optional() });
		expect(parseQuery(schema, new URL('http://x/?anno=2026'))).toEqual({ anno: 2026 });
		for (const q of ['anno=abc', 'dal=2026-13-45']) {
			let thrown: unknown;
			try {
				parseQuery(schema, new URL(`http://x/?${q}`));
			} catch (e) {
				thrown = e;
			}
			expect(thrown).toMatchObject({
				status: 400,
				body: { code: 'bad_request', message: expect.stringMatching(/^Richiesta non valida: /) }
			});
		}
	});

	test('ftsQuery drops control characters (NUL ended the FTS5 string: "unterminated string")', () => {
		expect(ftsQuery('\u0000')).toBeNull();
		expect(ftsQuery('ros\u0000si')).toBe('"ros"* AND "si"*');
	});
});
