// Italian number formats shared by pages, exports and documents.

const euro = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' });
export function formatEuro(cents: number | null | undefined): string {
	return cents === null || cents === undefined ? '' : euro.format(cents / 100);
}
