// Italian number formats shared by pages, exports and documents: the one euro formatter.

const euro = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR', useGrouping: 'always' });

/**
 * An amount in cents as Italian euro: 100001 -> "1.000,01 €" (thousands always grouped, also for
 * four digits); negative amounts use the minus sign "−"; "" for no amount.
 */
export function formatEuro(cents: number | null | undefined): string {
	if (cents === null || cents === undefined) return '';
	const s = euro.format(Math.abs(cents) / 100);
	return cents < 0 ? `\u2212${s}` : s;
}
