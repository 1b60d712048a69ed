/**
 * CSV for Excel with Italian settings: UTF-8 with BOM (accents survive), ";" separator, CRLF line
 * ends. Cells with ; " or line breaks (or edge spaces) are quoted with "" escaping; text starting
 * with = + - @ gets a leading apostrophe so a spreadsheet never runs it as a formula (CSV
 * injection: party names and oggetti are typed by users).
 */
export const CSV_BOM = '\uFEFF';

export type CsvValue = string | number | null | undefined;

export function csvCell(value: CsvValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return String(value);
	let v = value;
	if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
	return /[;"\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One CSV line ending with CRLF. */
export function csvLine(fields: readonly CsvValue[]): string {
	return fields.map(csvCell).join(';') + '\r\n';
}

/** Rows to CSV text (without BOM); every line, the last too, ends with CRLF. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
	return rows.map(csvLine).join('');
}
