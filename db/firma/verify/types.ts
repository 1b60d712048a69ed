import type { CertInfo } from './certificate.ts';

/** Outcome of one check: ok, ko (fails the signature), nv (cannot be verified), avviso (noted). */
export type EsitoControllo = 'ok' | 'ko' | 'nv' | 'avviso';

export type CodiceControllo =
	| 'integrita'
	| 'certificato'
	| 'validita'
	| 'non_ripudio'
	| 'qualificato'
	| 'catena'
	| 'revoca'
	| 'marca_temporale'
	| 'copertura'
	| 'destinatario';

export interface Controllo {
	codice: CodiceControllo;
	esito: EsitoControllo;
	messaggio: string;
}

export type EsitoFirma = 'valida' | 'non_valida' | 'non_verificabile';

export interface MarcaTemporale {
	ora: string;
	tsa: string | null;
	valida: boolean;
	messaggio: string;
}

export interface VerificaFirma {
	/** 1-based, in document order (PAdES: revision order; CAdES: outer envelope first). */
	indice: number;
	formato: 'CAdES' | 'CAdES detached' | 'PAdES' | 'PAdES timestamp';
	/** Nesting level of a CAdES envelope (1 = outermost). */
	livello?: number;
	/** PAdES signature field name. */
	campo?: string | null;
	firmatario: CertInfo | null;
	/** The time claimed by the signer (signingTime attribute or PDF /M): a claim, not proof. */
	oraDichiarata: string | null;
	marcaTemporale: MarcaTemporale | null;
	/** The time the certificate was checked at: the timestamp when valid, else the verification time. */
	oraRiferimento: string;
	/** PAdES: the byte range and whether it covers the whole file. */
	byteRange?: number[];
	controlli: Controllo[];
	esito: EsitoFirma;
}

export interface PdfaStato {
	dichiarato: boolean;
	/** False when an incremental update after the first signature breaks PDF/A rules. */
	integro: boolean;
	problemi: string[];
}

export interface RapportoVerifica {
	versione: 1;
	file: { nome: string; sha256: string; dimensione: number; formato: 'pdf' | 'p7m' | 'p7s' | 'altro' };
	verificatoIl: string;
	esito: EsitoFirma | 'non_firmato';
	sintesi: string;
	firme: VerificaFirma[];
	/** Problems of the file as a whole (not of one signature). */
	problemi: string[];
	pdfa: PdfaStato | null;
	/** The content inside a .p7m (its format), when attached. */
	contenuto: { formato: 'pdf' | 'altro'; sha256: string; dimensione: number } | null;
	destinatariAttesi: string[];
}

export function esitoDi(controlli: Controllo[]): EsitoFirma {
	if (controlli.some((c) => c.esito === 'ko')) return 'non_valida';
	if (controlli.some((c) => c.esito === 'nv')) return 'non_verificabile';
	return 'valida';
}
