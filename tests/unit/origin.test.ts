import { describe, expect, test } from 'vitest';
import { originAllowed } from '#protocol/origin.ts';

describe('originAllowed', () => {
	test('no Origin header: a non-browser client', () => {
		expect(originAllowed(undefined, 'a.example', undefined)).toBe(true);
	});
	test('without a list the Origin must name the Host (default ports, case)', () => {
		expect(originAllowed('http://a.example:3000', 'a.example:3000')).toBe(true);
		expect(originAllowed('https://A.example', 'a.example:443')).toBe(true);
		expect(originAllowed('http://a.example:3001', 'a.example:3000')).toBe(false);
		expect(originAllowed('http://b.a.example', 'a.example')).toBe(false);
		expect(originAllowed('http://a.example', undefined)).toBe(false);
		expect(originAllowed('null', 'a.example')).toBe(false);
		expect(originAllowed('file://', 'a.example')).toBe(false);
		expect(originAllowed('http://a.example', 'a.example/evil')).toBe(false);
	});
	test('with a list only its origins', () => {
		const list = ['https://m.example/'];
		expect(originAllowed('https://m.example', 'x', list)).toBe(true);
		expect(originAllowed('https://m.example:443', 'x', list)).toBe(true);
		expect(originAllowed('http://m.example', 'm.example', list)).toBe(false);
	});
});
