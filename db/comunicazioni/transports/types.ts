/**
 * The one interface every outgoing channel implements. The message bytes are built once at
 * enqueue (fixed Message-ID): a transport only delivers them. The real implementation is smtp.ts
 * (e-mail and PEC submission through nodemailer); tests run it against the fake PEC provider
 * (tests/helpers/mail), a real SMTP server, rather than against an imitation.
 */
export interface Envelope {
	from: string;
	to: string[];
}

export interface SendOutcome {
	accepted: string[];
	rejected: Array<{ address: string; reason: string }>;
	response: string;
}

export interface MailTransport {
	send(raw: Buffer, envelope: Envelope): Promise<SendOutcome>;
	/** Connects and authenticates without sending ("send test message" checks this first). */
	verify(): Promise<void>;
	close(): void;
}

export interface ServerConfig {
	host: string;
	port: number;
	sicurezza: 'tls' | 'starttls' | 'nessuna';
	utente: string;
	password: string;
}

export interface FetchedMessage {
	uid: number;
	source: Buffer;
}

/** Reading a mailbox: everything after `lastUid` (all of it again when UIDVALIDITY changed). */
export interface MailboxReader {
	fetchNew(
		since: { uidValidity: number | null; lastUid: number },
		max: number
	): Promise<{ uidValidity: number; messages: FetchedMessage[] }>;
}
