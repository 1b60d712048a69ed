/**
 * Unicode bidirectional controls: embeddings and overrides (U+202A–U+202E), isolates
 * (U+2066–U+2069) and the marks (U+200E, U+200F, U+061C). In a name they make text display in
 * another order than it is stored ("fattura\u202Efdp.exe" shows as "fatturaexe.pdf"), so they
 * are removed from file and party names when stored and when shown.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function neutralizeBidi(text: string): string {
	return text.replace(BIDI_CONTROLS, '');
}

export function neutralizeBidiOrNull(text: string | null | undefined): string | null {
	return text == null ? null : neutralizeBidi(text);
}
