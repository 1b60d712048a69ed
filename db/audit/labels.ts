// Italian labels of the audit log: the register (/admin/registro) and a procedimento's Storico.
import { RUOLO_LABELS } from '../mediatori/labels.ts';
import { ADESIONE_LABELS } from '../procedimenti/labels.ts';
import { ESITO_LABELS } from '../procedimenti/labels.ts';
import { DIREZIONE_LABELS } from '../protocollo/labels.ts';

/** What an audit event means, for the register and a procedimento's Storico. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
	'auth.login': 'Accesso',
	'auth.login_failed': 'Accesso non riuscito',
	'auth.login_blocked': 'Accesso bloccato (troppi tentativi)',
	'auth.logout': 'Uscita',
	'auth.logout_everywhere': 'Uscita da tutti i dispositivi',
	'auth.password_changed': 'Password cambiata',
	'user.access_changed': 'Ruolo o stato utente modificato',
	'demo.seeded': 'Dati dimostrativi creati',
	'procedimenti.export_csv': 'Esportazione CSV del registro',
	'audit.exported': 'Esportazione del registro attività',
	'procedimento.created': 'Procedimento registrato',
	'procedimento.stato': 'Stato del procedimento modificato',
	'procedimento.comunicazione': 'Comunicazione alla parte invitata registrata',
	'procedimento.adesione': 'Risposta della parte invitata registrata',
	'procedimento.proroga': 'Proroga della durata registrata',
	'assegnazione.proposta': 'Mediatore proposto',
	'assegnazione.accettata': 'Incarico accettato dal mediatore',
	'assegnazione.rifiutata': 'Incarico rifiutato dal mediatore',
	'assegnazione.revocata': 'Assegnazione del mediatore revocata',
	'assegnazione.riassegnazione_fallita': 'Nuova assegnazione automatica non riuscita',
	'documento.uploaded': 'Documento caricato',
	'protocollo.registrato': 'Registrazione di protocollo',
	'protocollo.annullato': 'Registrazione di protocollo annullata',
	'sede.creata': 'Sede aggiunta',
	'sede.modificata': 'Sede modificata',
	'materia.creata': 'Materia aggiunta',
	'materia.modificata': 'Materia modificata',
	'materia.spostata': 'Ordine delle materie cambiato',
	'tariffa.versione_creata': 'Nuova versione della tariffa',
	'tariffa.versione_eliminata': 'Versione programmata della tariffa eliminata'
};

/** The keys of an event's details. */
export const AUDIT_KEY_LABELS: Record<string, string> = {
	numero: 'Numero',
	parti: 'Parti',
	esito: 'Esito',
	data: 'Data',
	adesione: 'Risposta',
	mesi: 'Mesi di proroga',
	nuovaScadenza: 'Nuova scadenza',
	metodo: 'Metodo',
	ruolo: 'Ruolo',
	motivazione: 'Motivazione',
	motivo: 'Motivo',
	automatica: 'Automatica',
	avvisi: 'Avvisi',
	candidati: 'Candidati valutati',
	statoPrecedente: 'Stato precedente',
	messaggio: 'Messaggio',
	titolo: 'Titolo',
	nomeFile: 'File',
	versione: 'Versione',
	dimensione: 'Dimensione',
	riservato: 'Riservato al mediatore',
	direzione: 'Direzione',
	documenti: 'Documenti',
	mediatoreId: 'Mediatore',
	centroId: 'Parte'
};

/** The values of an event's details, per key. */
export const AUDIT_VALUE_LABELS: Record<string, Record<string, string>> = {
	metodo: {
		rotazione: 'Rotazione',
		indicazione_congiunta: 'Indicazione congiunta delle parti',
		scelta_responsabile: 'Scelta del responsabile'
	},
	ruolo: RUOLO_LABELS,
	statoPrecedente: { proposta: 'Proposta', accettata: 'Accettata', rifiutata: 'Rifiutata', revocata: 'Revocata' },
	direzione: DIREZIONE_LABELS,
	adesione: ADESIONE_LABELS,
	esito: ESITO_LABELS
};
