import { describe, expect, it } from 'vitest';
import { contentDisposition, encodeRfc5987 } from '#db/documents/disposition.ts';

describe('Content-Disposition (RFC 6266 / RFC 5987)', () => {
	it('gives an ASCII fallback and the exact UTF-8 name', () => {
		expect(contentDisposition('attachment', 'Perizia è definitiva.pdf')).toBe(
			`attachment; filename="Perizia e definitiva.pdf"; filename*=UTF-8''Perizia%20%C3%A8%20definitiva.pdf`
		);
		expect(contentDisposition('inline', 'foto.png')).toBe(`inline; filename="foto.png"; filename*=UTF-8''foto.png`);
	});

	it('cannot be broken out of by quotes, semicolons or line breaks in the name', () => {
		const header = contentDisposition('attachment', 'a";\r\nSet-Cookie: x=1;.pdf');
		expect(header).not.toMatch(/[\r\n]/);
		expect(header.startsWith('attachment; filename="a__')).toBe(true);
		expect(header.match(/"/g)).toHaveLength(2);
		expect(encodeRfc5987("l'atto (1)*.pdf")).toBe('l%27atto%20%281%29%2A.pdf');
	});

	it('replaces characters outside ASCII in the fallback only', () => {
		expect(contentDisposition('attachment', '日本')).toBe(`attachment; filename="__"; filename*=UTF-8''%E6%97%A5%E6%9C%AC`);
	});
});
