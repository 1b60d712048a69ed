/**
 * Transport errors in Italian, for the outbox timeline and the "send test message" button, plus
 * whether a retry can help (a refused password or recipient will not fix itself).
 */
export interface TransportFailure {
	message: string;
	transient: boolean;
}

export function describeTransportError(err: unknown, server: string): TransportFailure {
	const e = err as { code?: string; responseCode?: number; response?: string; message?: string; authenticationFailed?: boolean };
	const detail = (e?.response ?? e?.message ?? '').toString().slice(0, 200);
	// nodemailer reports socket errors as ESOCKET with the system code in the message.
	const sys = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EPIPE|EHOSTUNREACH|ENETUNREACH)\b/.exec(detail)?.[1];
	const code = sys ?? e?.code ?? '';
	if (code === 'EAUTH' || e?.authenticationFailed || e?.responseCode === 535)
		return { message: `Autenticazione rifiutata da ${server}: controlla nome utente e password della casella.`, transient: false };
	if (code === 'ENOTFOUND' || code === 'EDNS' || code === 'EAI_AGAIN' || /getaddrinfo/i.test(detail))
		return { message: `Server sconosciuto: il nome «${server}» non corrisponde a nessun indirizzo.`, transient: code === 'EAI_AGAIN' };
	if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
		return { message: `Il server ${server} rifiuta la connessione (servizio spento o porta errata).`, transient: true };
	if (code === 'ETIMEDOUT' || code === 'ETIMEOUT' || code === 'ECONNECTION' || /timeout/i.test(detail))
		return { message: `Il server ${server} non risponde in tempo.`, transient: true };
	if (
		code === 'ETLS' ||
		(code === 'ESOCKET' && /ssl|tls|certificate|wrong version/i.test(detail)) ||
		/ssl|tls|certificate|wrong version number/i.test(detail)
	)
		return {
			message: `Errore TLS con ${server}: controlla la porta e il tipo di sicurezza (TLS o STARTTLS) e il certificato del server (${detail}).`,
			transient: false
		};
	if (code === 'EENVELOPE') return { message: `Il server ${server} ha rifiutato il destinatario: ${detail}`, transient: false };
	if (code === 'EMESSAGE' || (e?.responseCode && e.responseCode >= 500))
		return { message: `Il server ${server} ha rifiutato il messaggio: ${detail}`, transient: false };
	if (e?.responseCode && e.responseCode >= 400)
		return { message: `Il server ${server} ha rinviato il messaggio (errore temporaneo): ${detail}`, transient: true };
	if (code === 'ECONNRESET' || code === 'EPIPE') return { message: `La connessione con ${server} si è interrotta.`, transient: true };
	return { message: `Invio non riuscito tramite ${server}: ${detail || 'errore sconosciuto'}`, transient: true };
}
