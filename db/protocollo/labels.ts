export const PROTOCOLLO_DIREZIONI = ['entrata', 'uscita', 'interno'] as const;

export type Direzione = (typeof PROTOCOLLO_DIREZIONI)[number];

/** Italian labels of the three flows of the register (AgID: in entrata / in uscita / interno). */
export const DIREZIONE_LABELS: Record<Direzione, string> = {
	entrata: 'In entrata',
	uscita: 'In uscita',
	interno: 'Interno'
};

/** The register's columns as the pages show them (table headings and, on phones, each cell's label). */
export const PROTOCOLLO_COLONNE = {
	numero: 'N.',
	registratoIl: 'Data e ora',
	direzione: 'Direzione',
	mittente: 'Mittente',
	destinatario: 'Destinatario',
	oggetto: 'Oggetto',
	procedimento: 'Procedimento',
	documenti: 'Documenti'
} as const;
