import { describe, expect, it } from 'vitest';
import { compareTurn, exclusionOf, noCandidateMessage, rotate, type RotationCandidate } from '#db/mediatori/rotation.ts';

const cand = (userId: string, extra: Partial<RotationCandidate> = {}): RotationCandidate => ({
	userId,
	nome: userId.toUpperCase(),
	cognome: `Cognome ${userId}`,
	stato: 'attivo',
	accountAttivo: true,
	competente: true,
	conflitti: [],
	carico: 0,
	caricoMassimo: 10,
	haRifiutato: false,
	giaAssegnato: false,
	ultimaAssegnazione: null,
	...extra
});

describe('rotation: who is skipped and why', () => {
	// Each row: one candidate that must be skipped, placed first in turn, and an eligible one after it.
	const matrix: Array<{ caso: string; skipped: Partial<RotationCandidate>; esito: string }> = [
		{ caso: 'sospeso', skipped: { stato: 'sospeso' }, esito: 'sospeso' },
		{ caso: 'account disattivato', skipped: { accountAttivo: false }, esito: 'sospeso' },
		{ caso: 'conflitto dichiarato', skipped: { conflitti: ['Mario Rossi — cugino'] }, esito: 'conflitto' },
		{ caso: 'carico massimo raggiunto', skipped: { carico: 10, caricoMassimo: 10 }, esito: 'carico' },
		{ caso: 'carico oltre il massimo', skipped: { carico: 12, caricoMassimo: 10 }, esito: 'carico' },
		{ caso: 'ha rifiutato questo caso', skipped: { haRifiutato: true }, esito: 'ha_rifiutato' },
		{ caso: 'materia non tra le competenze', skipped: { competente: false }, esito: 'materia' },
		{ caso: 'già assegnato al caso', skipped: { giaAssegnato: true }, esito: 'gia_assegnato' }
	];
	for (const row of matrix) {
		it(`skips a mediator: ${row.caso}`, () => {
			const first = cand('a', { ultimaAssegnazione: null, ...row.skipped });
			const second = cand('b', { ultimaAssegnazione: 1000 });
			const r = rotate([second, first]);
			expect(r.chosen?.userId).toBe('b');
			expect(r.trace.map((t) => [t.userId, t.esito])).toEqual([
				['a', row.esito],
				['b', 'scelto']
			]);
			expect(r.trace[0].dettaglio.length).toBeGreaterThan(5);
		});
	}

	it('keeps a mediator just under the maximum load', () => {
		expect(rotate([cand('a', { carico: 9, caricoMassimo: 10 })]).chosen?.userId).toBe('a');
	});

	it('reports the first reason when several apply (materia before sospeso before conflitto)', () => {
		expect(exclusionOf(cand('a', { competente: false, stato: 'sospeso' }))?.esito).toBe('materia');
		expect(exclusionOf(cand('a', { stato: 'sospeso', conflitti: ['x'] }))?.esito).toBe('sospeso');
		expect(exclusionOf(cand('a', { conflitti: ['x'], haRifiutato: true, carico: 99 }))?.esito).toBe('conflitto');
		expect(exclusionOf(cand('a'))).toBeNull();
	});

	it('chooses nobody, with an Italian message, when every candidate is excluded', () => {
		const r = rotate([cand('a', { stato: 'sospeso' }), cand('b', { competente: false }), cand('c', { haRifiutato: true })]);
		expect(r.chosen).toBeNull();
		expect(r.trace.every((t) => t.esito !== 'scelto')).toBe(true);
		const msg = noCandidateMessage(r.trace);
		expect(msg).toContain('Nessun mediatore disponibile');
		expect(msg).toContain('sospeso: 1');
		expect(msg).toContain('Nessuna assegnazione è stata registrata');
		expect(noCandidateMessage([])).toContain('Nessun mediatore nel registro');
	});
});

describe('rotation: turn order', () => {
	it('never-assigned first, then the oldest last assignment', () => {
		const r = rotate([cand('a', { ultimaAssegnazione: 500 }), cand('b', { ultimaAssegnazione: 100 }), cand('c')]);
		expect(r.trace.map((t) => [t.userId, t.esito, t.posizione])).toEqual([
			['c', 'scelto', 1],
			['b', 'in_coda', 2],
			['a', 'in_coda', 3]
		]);
	});

	it('breaks ties by surname, then name, then id (Italian collation, case-insensitive)', () => {
		const x = cand('x', { cognome: 'della Valle', nome: 'Niccolò' });
		const y = cand('y', { cognome: 'Conti', nome: 'Sara' });
		const z = cand('z', { cognome: 'Conti', nome: 'Anna' });
		const w = cand('w', { cognome: 'Conti', nome: 'Anna' });
		expect([x, y, z, w].sort(compareTurn).map((c) => c.userId)).toEqual(['w', 'z', 'y', 'x']);
	});

	it('is fair: 10 assignments among 3 mediators go round-robin (4, 3, 3)', () => {
		const pool = [cand('rossi', { cognome: 'Rossi' }), cand('bianchi', { cognome: 'Bianchi' }), cand('verdi', { cognome: 'Verdi' })];
		const picks: string[] = [];
		for (let i = 1; i <= 10; i++) {
			const { chosen } = rotate(pool);
			expect(chosen).not.toBeNull();
			picks.push(chosen!.userId);
			pool.find((c) => c.userId === chosen!.userId)!.ultimaAssegnazione = i * 1000;
		}
		expect(picks).toEqual(['bianchi', 'rossi', 'verdi', 'bianchi', 'rossi', 'verdi', 'bianchi', 'rossi', 'verdi', 'bianchi']);
		const counts = picks.reduce<Record<string, number>>((m, p) => ({ ...m, [p]: (m[p] ?? 0) + 1 }), {});
		expect(counts).toEqual({ bianchi: 4, rossi: 3, verdi: 3 });
	});

	it('a skipped mediator keeps the turn: picked first once eligible again', () => {
		const pool = [cand('a', { cognome: 'A', stato: 'sospeso' }), cand('b', { cognome: 'B' }), cand('c', { cognome: 'C' })];
		const first = rotate(pool).chosen!;
		expect(first.userId).toBe('b');
		first.ultimaAssegnazione = 1;
		pool[0].stato = 'attivo';
		expect(rotate(pool).chosen?.userId).toBe('a');
	});
});

describe('rotation: explanations', () => {
	it('says when alphabetical order broke a tie, and why the others wait', () => {
		const r = rotate([
			cand('a', { cognome: 'Conti' }),
			cand('b', { cognome: 'Della Valle' }),
			cand('c', { cognome: 'Abate', ultimaAssegnazione: 5 })
		]);
		expect(r.trace.map((t) => t.dettaglio)).toEqual([
			"Primo idoneo nel turno: non ha ancora ricevuto incarichi per rotazione. A parità di turno vale l'ordine alfabetico.",
			'Idoneo, a parità di turno viene dopo in ordine alfabetico.',
			'Idoneo, ma il suo ultimo incarico per rotazione è più recente.'
		]);
		expect(rotate([cand('x', { ultimaAssegnazione: 3 }), cand('y', { ultimaAssegnazione: 4 })]).trace[0].dettaglio).toBe(
			'Primo idoneo nel turno: il suo ultimo incarico per rotazione è il meno recente.'
		);
	});
});
