import type { VerbaleTipo } from './schema.ts';

/** Built-in template texts (markup of db/verbali/markup.ts); an Organismo may override each one. */
export const DEFAULT_TEMPLATES: Record<VerbaleTipo, { titolo: string; testo: string }> = {
	primo_incontro: {
		titolo: 'Verbale di primo incontro',
		testo: `# Verbale di primo incontro
**{{organismo}}** – iscritto al n. {{organismo_registro}} del Registro degli Organismi di mediazione
## Procedimento di mediazione n. {{numero}}
Oggetto: {{oggetto}}. Materia: {{materia}}. Valore della lite: {{valore}}.
Il giorno {{data_incontro}}, presso {{sede}} (modalità: {{modalita}}), davanti al mediatore {{mediatore}}, sono presenti:
{{tabella_parti}}
Il mediatore ha chiarito alle parti la funzione e le modalità di svolgimento della mediazione, ai sensi dell'art. 8 del d.lgs. 28/2010.
Le parti dichiarano di voler proseguire / di non voler proseguire la procedura di mediazione.
Note: 
Letto, confermato e sottoscritto.`
	},
	accordo: {
		titolo: 'Verbale di accordo',
		testo: `# Verbale di accordo
**{{organismo}}** – iscritto al n. {{organismo_registro}} del Registro degli Organismi di mediazione
## Procedimento di mediazione n. {{numero}}
Oggetto: {{oggetto}}. Materia: {{materia}}. Valore della lite: {{valore}}.
In data {{data_oggi}}, presso {{sede}} (modalità: {{modalita}}), davanti al mediatore {{mediatore}}, sono presenti:
{{tabella_parti}}
## Accordo raggiunto
Le parti, all'esito della mediazione, convengono quanto segue:
1. 
2. 
| Obbligato | Beneficiario | Importo | Termine |
| | | | |
Le parti e gli avvocati attestano e certificano la conformità dell'accordo alle norme imperative e all'ordine pubblico (art. 12 d.lgs. 28/2010).
Letto, confermato e sottoscritto.`
	},
	mancato_accordo: {
		titolo: 'Verbale di mancato accordo',
		testo: `# Verbale di mancato accordo
**{{organismo}}** – iscritto al n. {{organismo_registro}} del Registro degli Organismi di mediazione
## Procedimento di mediazione n. {{numero}}
Oggetto: {{oggetto}}. Materia: {{materia}}. Valore della lite: {{valore}}.
In data {{data_oggi}}, presso {{sede}} (modalità: {{modalita}}), davanti al mediatore {{mediatore}}, sono presenti:
{{tabella_parti}}
Il mediatore dà atto che le parti **non hanno raggiunto un accordo**.
Note: 
Letto, confermato e sottoscritto.`
	},
	mancata_adesione: {
		titolo: 'Verbale di mancata adesione / partecipazione',
		testo: `# Verbale di mancata adesione o partecipazione
**{{organismo}}** – iscritto al n. {{organismo_registro}} del Registro degli Organismi di mediazione
## Procedimento di mediazione n. {{numero}}
Oggetto: {{oggetto}}. Materia: {{materia}}. Valore della lite: {{valore}}.
Istanza depositata il {{data_deposito}}. Incontro fissato per il {{data_incontro}} presso {{sede}} (modalità: {{modalita}}), mediatore {{mediatore}}.
Parti del procedimento:
{{tabella_parti}}
Il mediatore dà atto che la parte invitata **non ha aderito / non è comparsa** senza giustificato motivo, ai fini dell'art. 12-bis del d.lgs. 28/2010.
Letto, confermato e sottoscritto.`
	},
	proposta: {
		titolo: 'Proposta del mediatore',
		testo: `# Proposta del mediatore
**{{organismo}}** – iscritto al n. {{organismo_registro}} del Registro degli Organismi di mediazione
## Procedimento di mediazione n. {{numero}}
Oggetto: {{oggetto}}. Materia: {{materia}}. Valore della lite: {{valore}}.
Parti: {{parti}}.
Il mediatore {{mediatore}}, ai sensi dell'art. 11 del d.lgs. 28/2010, formula la seguente proposta:
1. 
Le parti comunicano per iscritto l'accettazione o il rifiuto entro sette giorni; in mancanza di risposta la proposta si intende rifiutata.
*La proposta non contiene riferimenti alle dichiarazioni rese o alle informazioni acquisite nel corso del procedimento.*`
	}
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
	{ name: 'tabella_parti', description: 'tabella Parte / Ruolo / Avvocati (da sola su una riga)' }
];
