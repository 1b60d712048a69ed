/**
 * CSV that Excel (Italian locale) opens correctly: UTF-8 with BOM, semicolon separator, CRLF line
 * ends, every field quoted when it contains a separator, quote or line break.
 */
export const CSV_BOM = '\uFEFF';

export function csvField(value: unknown): string {
	if (value === null || value === undefined) return '';
	const s = String(value);
	return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: readonly unknown[]): string {
	return fields.map(csvField).join(';') + '\r\n';
}

/** 2026-11-26 -> 26/11/2026 (date-only values, no timezone conversion). */
export function italianDate(isoDate: string | null | undefined): string {
	if (!isoDate) return '';
	const [y, m, d] = isoDate.slice(0, 10).split('-');
	return `${d}/${m}/${y}`;
}
