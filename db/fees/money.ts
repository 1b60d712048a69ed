import { formatEuro } from '../shared/format.ts';

/**
 * Money helpers of the fee engine. Every amount is an integer number of euro cents; percentages
 * are integer basis points (1 bp = 0,01%: 22% = 2200 bp, 0,20% = 20 bp).
 *
 * Rounding rule (the only one used by db/fees): every product is computed exactly with BigInt and
 * rounded ONCE, half-up to the cent (x,xx5 -> x,xx+0,01). Amounts are never negative when rounded:
 * reductions and deductions are computed as positive amounts and then subtracted.
 */

function assertCents(n: number, what: string): void {
	if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what}: atteso un intero non negativo di centesimi, ricevuto ${n}`);
}

/** round_half_up(amount × num / den), exact for any safe-integer input. */
export function mulDivHalfUp(amount: number, num: number, den: number): number {
	assertCents(amount, 'importo');
	assertCents(num, 'numeratore');
	if (!Number.isSafeInteger(den) || den <= 0) throw new RangeError(`denominatore non valido: ${den}`);
	const twice = BigInt(amount) * BigInt(num) * 2n + BigInt(den);
	return Number(twice / (2n * BigInt(den)));
}

/** round_half_up(amount × bp / 10000): a percentage (in basis points) of an amount in cents. */
export function percentOf(amount: number, bp: number): number {
	return mulDivHalfUp(amount, bp, 10_000);
}

const number = new Intl.NumberFormat('it-IT', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: 'always' });

/** 100001 -> "1.000,01" (no currency sign: for ranges like "da 1.000,01 a 5.000,00 €"). */
export function formatNumberCents(cents: number): string {
	return number.format(cents / 100);
}

/** Signed form for adjustment lines: "+35,20 €", "−15,00 €". */
export function formatSignedCents(cents: number): string {
	return cents < 0 ? formatEuro(cents) : `+${formatEuro(cents)}`;
}

const pct = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 2 });

/** 1000 bp -> "10%", 20 bp -> "0,2%", 2250 bp -> "22,5%". */
export function formatBp(bp: number): string {
	return `${pct.format(bp / 100)}%`;
}
