import { describe, expect, it } from 'vitest';
import { SafeEmitter } from '#sfu/events.ts';

type Events = { close: []; died: [reason: string] };

function recorder() {
	const errors: string[] = [];
	const log = { info: () => {}, warn: () => {}, error: (m: string) => void errors.push(m) };
	return { errors, log };
}

describe('SafeEmitter (mediasoup-style safeEmit for close events)', () => {
	it('a listener that throws is logged; the others still run and the emitter does not throw', () => {
		const { errors, log } = recorder();
		const e = new SafeEmitter<Events>(log);
		const got: string[] = [];
		e.on('died', (r) => got.push(`a:${r}`));
		e.on('died', () => {
			throw new Error('boom');
		});
		e.on('died', (r) => got.push(`c:${r}`));
		expect(() => e.safeEmit('died', 'crash')).not.toThrow();
		expect(got).toEqual(['a:crash', 'c:crash']);
		expect(errors).toEqual(['a "died" listener of SafeEmitter threw']);
	});

	it('once-listeners run once; the return value says whether anyone listened', () => {
		const { log } = recorder();
		const e = new SafeEmitter<Events>(log);
		let n = 0;
		e.once('close', () => n++);
		expect(e.safeEmit('close')).toBe(true);
		expect(e.safeEmit('close')).toBe(false);
		expect(n).toBe(1);
	});
});
