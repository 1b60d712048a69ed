/** What the recipient's signing page needs (src/lib/server/firma-destinatario.ts recipientLoad, plus the page's links). */
export interface RecipientPage {
	processo: { id: string; titolo: string; stato: string; statoLabel: string; scadenza: string; verificatoIl: string | null };
	destinatario: {
		id: string;
		fase: number;
		nome: string;
		qualifica: string;
		codiceFiscale: string | null;
		stato: string;
		statoLabel: string;
		metodo: string | null;
		firmatoIl: string | null;
		motivoRifiuto: string | null;
	};
	attesaDi: string[];
	proprio: boolean;
	remota: string | null;
	/** Download of the current revision. */
	documentoHref: string;
	/** The process page (the mediator's verification), for who has an account. */
	processoHref: string | null;
}
