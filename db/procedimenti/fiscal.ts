// Italian tax codes: codice fiscale (persone fisiche, with omocodia) and partita IVA, with their
// check characters. Pure functions, shared by forms (web), seeds and tests.

const CF_SHAPE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
// Values of characters in odd positions (1st, 3rd, ...), digits and letters share the table.
const ODD: Record<string, number> = {
	'0': 1, '1': 0, '2': 5, '3': 7, '4': 9, '5': 13, '6': 15, '7': 17, '8': 19, '9': 21,
	A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18,
	N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23
}; // prettier-ignore

function evenValue(ch: string): number {
	return ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 65;
}

export function normaliseCodiceFiscale(value: string): string {
	return value.replace(/\s+/g, '').toUpperCase();
}

/** The check character a 15-character codice fiscale prefix must end with. */
export function codiceFiscaleCheckChar(first15: string): string {
	let sum = 0;
	for (let i = 0; i < 15; i++) sum += i % 2 === 0 ? ODD[first15[i]] : evenValue(first15[i]);
	return String.fromCharCode(65 + (sum % 26));
}

export type FiscalCheck = { ok: true; value: string } | { ok: false; message: string };

export function checkCodiceFiscale(input: string): FiscalCheck {
	const cf = normaliseCodiceFiscale(input);
	if (cf.length !== 16) return { ok: false, message: 'Il codice fiscale deve avere 16 caratteri.' };
	if (!CF_SHAPE.test(cf)) return { ok: false, message: 'Il codice fiscale non ha un formato valido.' };
	if (codiceFiscaleCheckChar(cf.slice(0, 15)) !== cf[15])
		return { ok: false, message: 'Il codice fiscale non è valido (carattere di controllo errato).' };
	return { ok: true, value: cf };
}

export function partitaIvaCheckDigit(first10: string): number {
	let sum = 0;
	for (let i = 0; i < 10; i++) {
		let d = first10.charCodeAt(i) - 48;
		if (i % 2 === 1) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
	}
	return (10 - (sum % 10)) % 10;
}

export function checkPartitaIva(input: string): FiscalCheck {
	const piva = input.replace(/\s+/g, '').replace(/^IT/i, '');
	if (!/^\d{11}$/.test(piva)) return { ok: false, message: 'La partita IVA deve avere 11 cifre.' };
	if (partitaIvaCheckDigit(piva.slice(0, 10)) !== piva.charCodeAt(10) - 48)
		return { ok: false, message: 'La partita IVA non è valida (cifra di controllo errata).' };
	return { ok: true, value: piva };
}

/** Codice destinatario SDI: 7 alphanumeric characters ("0000000" when the PEC is used). */
export function checkCodiceDestinatario(input: string): FiscalCheck {
	const v = input.trim().toUpperCase();
	return /^[A-Z0-9]{7}$/.test(v)
		? { ok: true, value: v }
		: { ok: false, message: 'Il codice destinatario SDI deve avere 7 caratteri alfanumerici.' };
}
