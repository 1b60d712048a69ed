import { VERBALE_TIPO_LABELS, type VerbaleTipo } from './labels.ts';

/** Built-in template texts (markup of db/verbali/markup.ts); an Organismo may override each one. */
export const DEFAULT_TEMPLATES: Record<VerbaleTipo, { titolo: string; testo: string }> = {
	primo_incontro: {
		titolo: VERBALE_TIPO_LABELS.primo_incontro,
		testo: `# Verbale di primo incontro
**{{organismo}}** – iscritto al n. {{organismo_registro}} del Registro degli Organismi di mediazione
## Procedimento di mediazione n. {{numero}}
Oggetto: {{oggetto}}. Materia: {{materia}}. Valore della lite: {{valore}}.
Il giorno {{data_incontro}}, presso {{sede}} (modalità: {{modalita}}), davanti al mediatore {{mediatore}}, sono presenti:
{{tabella_parti}}
Parti invitate non presenti: {{assenti}}.
Il mediatore ha chiarito alle parti la funzione e le modalità di svolgimento della mediazione, ai sensi dell'art. 8 del d.lgs. 28/2010.
Le parti dichiarano di voler proseguire / di non voler proseguire la procedura di mediazione.
Note: 
Sottoscrivono: {{firmatari}}.
Letto, confermato e sottoscritto.`
	},
	accordo: {
		titolo: VERBALE_TIPO_LABELS.accordo,
		testo: `# Verbale di accordo
**{{organismo}}** – iscritto al n. {{organismo_registro}} del Registro degli Organismi di mediazione
## Procedimento di mediazione n. {{numero}}
Oggetto: {{oggetto}}. Materia: {{materia}}. Valore della lite: {{valore}}.
In data {{data_oggi}}, presso {{sede}} (modalità: {{modalita}}), davanti al mediatore {{mediatore}}, sono presenti:
{{tabella_parti}}
Parti invitate non presenti: {{assenti}}.
## Accordo raggiunto
Le parti, all'esito della mediazione, convengono quanto segue:
1. 
2. 
| Obbligato | Beneficiario | Importo | Termine |
| | | | |
{{esecutivita}}
*Se l'accordo ha per oggetto uno dei contratti o degli atti previsti dall'art. 2643 del codice civile, per procedere alla trascrizione la sottoscrizione del verbale deve essere autenticata da un pubblico ufficiale a ciò autorizzato (art. 11 d.lgs. 28/2010).*
*Se l'accordo riguarda una controversia condominiale, è sottoposto all'approvazione dell'assemblea del condominio; se l'assemblea non lo approva nel termine fissato, l'accordo si intende non concluso (art. 5-ter d.lgs. 28/2010).*
Il mediatore certifica l'autografia della sottoscrizione delle parti o la loro impossibilità di sottoscrivere (art. 11 d.lgs. 28/2010). Se la mediazione si svolge in modalità telematica, il mediatore dà atto di aver verificato l'esistenza, la validità e l'integrità delle firme digitali apposte sul documento prima di sottoscriverlo (art. 8-bis d.lgs. 28/2010).
Sottoscrivono: {{firmatari}}.
Letto, confermato e sottoscritto.`
	},
	mancato_accordo: {
		titolo: VERBALE_TIPO_LABELS.mancato_accordo,
		testo: `# Verbale di mancato accordo
**{{organismo}}** – iscritto al n. {{organismo_registro}} del Registro degli Organismi di mediazione
## Procedimento di mediazione n. {{numero}}
Oggetto: {{oggetto}}. Materia: {{materia}}. Valore della lite: {{valore}}.
In data {{data_oggi}}, presso {{sede}} (modalità: {{modalita}}), davanti al mediatore {{mediatore}}, sono presenti:
{{tabella_parti}}
Parti invitate non presenti: {{assenti}}.
Il mediatore dà atto che le parti **non hanno raggiunto un accordo**.
Proposta del mediatore: il mediatore ha formulato la seguente proposta / non ha formulato alcuna proposta: 
Esito della proposta: accettata da / rifiutata da / nessuna risposta nel termine (equivale a rifiuto) da: 
Note: 
Sottoscrivono: {{firmatari}}.
Letto, confermato e sottoscritto.`
	},
	mancata_adesione: {
		titolo: VERBALE_TIPO_LABELS.mancata_adesione,
		testo: `# Verbale di mancata adesione o partecipazione
**{{organismo}}** – iscritto al n. {{organismo_registro}} del Registro degli Organismi di mediazione
## Procedimento di mediazione n. {{numero}}
Oggetto: {{oggetto}}. Materia: {{materia}}. Valore della lite: {{valore}}.
Istanza depositata il {{data_deposito}}. Incontro fissato per il {{data_incontro}} presso {{sede}} (modalità: {{modalita}}), mediatore {{mediatore}}.
Parti del procedimento:
{{tabella_parti}}
Il mediatore dà atto che la parte invitata {{assenti}} **non ha aderito / non è comparsa** all'incontro, pur regolarmente convocata.
Le ragioni addotte dalla parte assente, se comunicate, sono le seguenti: 
La valutazione dell'eventuale giustificato motivo della mancata partecipazione spetta al giudice (art. 12-bis d.lgs. 28/2010).
Sottoscrivono: {{firmatari}}.
Letto, confermato e sottoscritto.`
	},
	proposta: {
		titolo: VERBALE_TIPO_LABELS.proposta,
		testo: `# Proposta del mediatore
**{{organismo}}** – iscritto al n. {{organismo_registro}} del Registro degli Organismi di mediazione
## Procedimento di mediazione n. {{numero}}
Oggetto: {{oggetto}}. Materia: {{materia}}. Valore della lite: {{valore}}.
Parti: {{parti}}.
Prima di formulare la proposta, il mediatore ha informato le parti delle possibili conseguenze di cui all'art. 13 del d.lgs. 28/2010: se il provvedimento che definisce il giudizio corrisponde interamente al contenuto della proposta, il giudice esclude la ripetizione delle spese sostenute dalla parte vincitrice che ha rifiutato la proposta e la condanna al rimborso delle spese della parte soccombente e al pagamento di un'ulteriore somma.
Il mediatore {{mediatore}}, ai sensi dell'art. 11 del d.lgs. 28/2010, formula la seguente proposta:
1. 
Le parti fanno pervenire al mediatore, per iscritto ed entro sette giorni dalla comunicazione, l'accettazione o il rifiuto della proposta, salvo diverso accordo delle parti. In mancanza di risposta nel termine, la proposta si intende rifiutata.
*Salvo diverso accordo delle parti, la proposta non contiene alcun riferimento alle dichiarazioni rese o alle informazioni acquisite nel corso del procedimento.*`
	}
};

/** Art. 12: the sentence on enforceability depends on whether every adhering party has a lawyer. */
export const ESECUTIVITA_ASSISTITE =
	"Tutte le parti aderenti sono assistite da avvocati: gli avvocati attestano e certificano la conformità dell'accordo alle norme imperative e all'ordine pubblico. L'accordo sottoscritto dalle parti e dagli avvocati costituisce titolo esecutivo per l'espropriazione forzata, per l'esecuzione per consegna e rilascio, per l'esecuzione degli obblighi di fare e non fare e per l'iscrizione di ipoteca giudiziale (art. 12 d.lgs. 28/2010).";
export const ESECUTIVITA_OMOLOGA =
	"Non tutte le parti aderenti sono assistite da avvocati: l'accordo acquista efficacia di titolo esecutivo con l'omologazione del presidente del tribunale, su istanza di parte, previo accertamento della regolarità formale e del rispetto delle norme imperative e dell'ordine pubblico (art. 12 d.lgs. 28/2010).";

export interface Fonte {
	clausola: string;
	fonte: string;
}

/** The source of each clause of the built-in texts (shown to the amministratore with the template). */
export const FONTI: Record<VerbaleTipo, Fonte[]> = {
	primo_incontro: [
		{ clausola: 'Presenti e parti invitate non presenti', fonte: 'art. 11 d.lgs. 28/2010' },
		{ clausola: 'Funzione e modalità della mediazione chiarite dal mediatore', fonte: 'art. 8 d.lgs. 28/2010' },
		{ clausola: 'Sottoscrizione di parti, avvocati, altri partecipanti e mediatore', fonte: 'art. 11 c.3 d.lgs. 28/2010' }
	],
	accordo: [
		{
			clausola: 'Conformità alle norme imperative e all’ordine pubblico attestata dagli avvocati; titolo esecutivo',
			fonte: 'art. 12 c.1 d.lgs. 28/2010'
		},
		{ clausola: 'Omologazione quando non tutte le parti aderenti sono assistite da avvocati', fonte: 'art. 12 c.1 d.lgs. 28/2010' },
		{ clausola: 'Autenticazione della sottoscrizione per gli atti dell’art. 2643 c.c.', fonte: 'art. 11 d.lgs. 28/2010; art. 2643 c.c.' },
		{ clausola: 'Approvazione dell’assemblea per le controversie condominiali', fonte: 'art. 5-ter d.lgs. 28/2010' },
		{ clausola: 'Il mediatore certifica l’autografia o l’impossibilità di sottoscrivere', fonte: 'art. 11 c.3 d.lgs. 28/2010' },
		{ clausola: 'Verifica di esistenza, validità e integrità delle firme digitali', fonte: 'art. 8-bis d.lgs. 28/2010 (d.lgs. 216/2024)' }
	],
	mancato_accordo: [
		{ clausola: 'Il verbale indica la proposta del mediatore', fonte: 'art. 11 d.lgs. 28/2010' },
		{ clausola: 'Mancata risposta alla proposta nel termine = rifiuto', fonte: 'art. 11 c.2 d.lgs. 28/2010' }
	],
	mancata_adesione: [
		{ clausola: 'Il mediatore dà atto della mancata partecipazione', fonte: 'art. 11 d.lgs. 28/2010' },
		{ clausola: 'Giustificato motivo valutato dal giudice', fonte: 'art. 12-bis d.lgs. 28/2010' }
	],
	proposta: [
		{ clausola: 'Avvertimento delle conseguenze dell’art. 13 prima della proposta', fonte: 'art. 11 c.1 e art. 13 d.lgs. 28/2010' },
		{ clausola: 'Risposta scritta entro sette giorni, salvo diverso accordo; silenzio = rifiuto', fonte: 'art. 11 c.2 d.lgs. 28/2010' },
		{ clausola: 'Nessun riferimento alle dichiarazioni rese, salvo diverso accordo', fonte: 'art. 11 c.2 d.lgs. 28/2010' }
	]
};

/** Placeholders available to template texts, with what they become (shown on the admin page). */
export const PLACEHOLDERS: { name: string; description: string }[] = [
	{ name: 'organismo', description: "denominazione dell'Organismo" },
	{ name: 'organismo_registro', description: 'numero di iscrizione nel Registro' },
	{ name: 'numero', description: 'numero del procedimento (anno/numero)' },
	{ name: 'oggetto', description: 'oggetto della lite' },
	{ name: 'materia', description: 'materia' },
	{ name: 'valore', description: 'valore della lite' },
	{ name: 'sede', description: 'sede (nome e indirizzo)' },
	{ name: 'modalita', description: 'modalità di svolgimento' },
	{ name: 'data_deposito', description: "data di deposito dell'istanza" },
	{ name: 'data_incontro', description: 'data del primo incontro' },
	{ name: 'data_oggi', description: 'data di creazione del verbale' },
	{ name: 'parti', description: 'nomi delle parti, separati da virgola' },
	{ name: 'avvocati', description: 'nomi degli avvocati' },
	{ name: 'mediatore', description: 'nome del mediatore' },
	{ name: 'assenti', description: 'parti invitate che non hanno aderito o non sono comparse' },
	{ name: 'firmatari', description: 'chi sottoscrive: parti, rappresentanti, avvocati, altri partecipanti, mediatore' },
	{ name: 'esecutivita', description: 'frase sul titolo esecutivo (art. 12), secondo che tutte le parti aderenti abbiano un avvocato' },
	{ name: 'tabella_parti', description: 'tabella Parte / Ruolo / Avvocati (da sola su una riga)' }
];
