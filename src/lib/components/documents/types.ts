/** Outcome of one file of an upload, as the upload action returns it. */
export interface UploadOutcome {
	nome: string;
	ok: boolean;
	message: string;
}

/** What the upload form keeps after a refused submission. */
export interface UploadValues {
	titolo: string;
	riservato: boolean;
	protocolloId: string;
}

/** The upload form's values from what a refused submission sent back (the typed fields, as strings). */
export function uploadValues(values: unknown): UploadValues | null {
	if (!values || typeof values !== 'object') return null;
	const v = values as Record<string, unknown>;
	const text = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
	return { titolo: text('titolo'), riservato: v.riservato !== undefined, protocolloId: text('protocolloId') };
}
