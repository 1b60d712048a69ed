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
