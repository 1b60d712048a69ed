import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import PostalMime from 'postal-mime';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { TestCa } from './ca.ts';
import type { Dovecot } from './dovecot.ts';
import {
	daticertXml,
	headerText,
	romeStamp,
	signedMessage,
	type DaticertData,
	type Falsificazione,
	type TipoDaticert
} from './receipts.ts';

/**
 * A fake PEC provider on the real `smtp-server`: accepts authenticated submission and, for every
 * message, writes the provider-signed receipts into the sender's mailbox on the real Dovecot
 * (IMAP APPEND), and the transport envelope ("POSTA CERTIFICATA: …") into the mailbox of a
 * recipient that has one. Addresses of `pecDomains` are PEC; others are "esterni" (no delivery
 * receipt). Per-address rules make it answer non-accettazione, errore di consegna, refuse the
 * recipient at SMTP time or never answer; `forgeNext` makes the next delivery receipt forged.
 */
export type Regola = 'non-accettazione' | 'errore-consegna' | 'rifiuta' | 'non-risponde';

export interface Submission {
	messageId: string;
	from: string;
	to: string[];
	subject: string;
	raw: Buffer;
}

export interface PecProvider {
	host: string;
	port: number;
	gestore: string;
	/** Mailbox on the provider (SMTP + IMAP with the same credentials). */
	addMailbox(address: string, password: string): void;
	rule(address: string, regola: Regola | null): void;
	forgeNext(kind: Falsificazione): void;
	submissions: Submission[];
	/** Delivery receipts written, by original Message-ID. */
	deliveries(messageId: string): number;
	/** A PEC sent by `from` (a mailbox of this provider) to `to`, as if from their own client. */
	inject(from: string, to: string[], raw: Buffer): Promise<void>;
	down(): Promise<void>;
	up(): Promise<void>;
	stop(): Promise<void>;
}

export interface PecProviderOptions {
	dovecot: Dovecot;
	ca: TestCa;
	domain: string;
	pecDomains?: string[];
	gestore?: string;
	port?: number;
}

const domainOf = (a: string) => a.slice(a.lastIndexOf('@') + 1).toLowerCase();

export async function startPecProvider(opts: PecProviderOptions): Promise<PecProvider> {
	const gestore = opts.gestore ?? 'Gestore PEC di prova S.p.A.';
	const providerAddress = `posta-certificata@${opts.domain}`;
	const pecDomains = new Set((opts.pecDomains ?? [opts.domain]).map((d) => d.toLowerCase()));
	const passwords = new Map<string, string>();
	const rules = new Map<string, Regola>();
	const deliveries = new Map<string, number>();
	const submissions: Submission[] = [];
	let forge: Falsificazione | null = null;
	const hanging = new Set<() => void>();
	let seq = 0;

	const signer = (f: Falsificazione | null) =>
		f === 'firma-estranea'
			? { certPath: opts.ca.forgerCertPath, keyPath: opts.ca.forgerKeyPath }
			: { certPath: opts.ca.providerCertPath, keyPath: opts.ca.providerKeyPath };

	async function append(address: string, raw: Buffer): Promise<void> {
		const pass = passwords.get(address.toLowerCase());
		if (!pass) return; // a mailbox of another provider: nothing to write here
		const client = new ImapFlow({
			host: opts.dovecot.host,
			port: opts.dovecot.port,
			secure: false,
			auth: { user: address, pass },
			logger: false
		});
		await client.connect();
		try {
			await client.append('INBOX', raw);
		} finally {
			await client.logout().catch(() => client.close());
		}
	}

	const identificativo = () => `opec${++seq}.${Date.now()}.${randomBytes(3).toString('hex')}@${opts.domain}`;

	function receipt(
		kind: { tipo: TipoDaticert; subject: string; xRicevuta: string; text: string },
		orig: Submission,
		extra: Partial<DaticertData> & { postacert?: Buffer; falsificazione?: Falsificazione | null; to: string }
	): Buffer {
		const at = new Date();
		const id = identificativo();
		const daticert = daticertXml({
			tipo: kind.tipo,
			mittente: orig.from,
			destinatari: orig.to.map((a) => ({ indirizzo: a, tipo: pecDomains.has(domainOf(a)) ? 'certificato' : 'esterno' })),
			oggetto: orig.subject,
			gestore,
			at,
			identificativo: id,
			msgid: orig.messageId,
			...extra
		});
		return signedMessage({
			headers: [
				['Return-Path', `<${providerAddress}>`],
				['From', `"Posta Certificata" <${providerAddress}>`],
				['To', extra.to],
				['Subject', headerText(`${kind.subject}: ${orig.subject}`)],
				['Date', at.toUTCString().replace('GMT', '+0000')],
				['Message-ID', `<${id}>`],
				['X-Ricevuta', kind.xRicevuta],
				['X-Riferimento-Message-ID', orig.messageId],
				...(extra.ricevuta ? ([['X-TipoRicevuta', extra.ricevuta]] as Array<[string, string]>) : [])
			],
			text: kind.text,
			daticert,
			postacert: extra.postacert,
			signer: signer(extra.falsificazione ?? null),
			falsificazione: extra.falsificazione ?? undefined
		});
	}

	function stamp() {
		const t = romeStamp(new Date());
		return `Il giorno ${t.giorno} alle ore ${t.ora} (${t.zona})`;
	}

	async function process(sub: Submission): Promise<void> {
		submissions.push(sub);
		const senderRule = sub.to.map((a) => rules.get(a.toLowerCase())).find((r) => r === 'non-accettazione');
		if (senderRule || !passwords.has(sub.from.toLowerCase())) {
			const raw = receipt(
				{
					tipo: 'non-accettazione',
					subject: 'AVVISO DI NON ACCETTAZIONE',
					xRicevuta: 'non-accettazione',
					text: `Errore nell'accettazione del messaggio\r\n${stamp()} nel messaggio "${sub.subject}" proveniente da "${sub.from}" è stato rilevato un problema che ne impedisce l'accettazione a causa di: messaggio non conforme.\r\nIl messaggio non è stato accettato.`
				},
				sub,
				{ errore: 'altro', erroreEsteso: 'Messaggio non conforme alle regole del gestore', to: sub.from }
			);
			await append(sub.from, raw);
			return;
		}
		await append(
			sub.from,
			receipt(
				{
					tipo: 'accettazione',
					subject: 'ACCETTAZIONE',
					xRicevuta: 'accettazione',
					text: `Ricevuta di accettazione\r\n${stamp()} il messaggio "${sub.subject}" proveniente da "${sub.from}" ed indirizzato a:\r\n${sub.to.join('\r\n')}\r\nè stato accettato dal sistema ed inoltrato.`
				},
				sub,
				{ to: sub.from }
			)
		);
		for (const rcpt of sub.to) {
			if (!pecDomains.has(domainOf(rcpt))) continue; // esterno: no delivery receipt
			if (rules.get(rcpt.toLowerCase()) === 'errore-consegna') {
				await append(
					sub.from,
					receipt(
						{
							tipo: 'errore-consegna',
							subject: 'AVVISO DI MANCATA CONSEGNA',
							xRicevuta: 'errore-consegna',
							text: `Avviso di mancata consegna\r\n${stamp()} nel messaggio "${sub.subject}" proveniente da "${sub.from}" e destinato all'utente "${rcpt}" è stato rilevato un errore.\r\nIl messaggio non è stato consegnato.`
						},
						sub,
						{ errore: 'no-dest', consegna: rcpt, erroreEsteso: '5.1.1 - Casella inesistente', to: sub.from }
					)
				);
				continue;
			}
			await append(rcpt, envelope(sub));
			const falsificazione = forge;
			forge = null;
			await append(
				sub.from,
				receipt(
					{
						tipo: 'avvenuta-consegna',
						subject: 'CONSEGNA',
						xRicevuta: 'avvenuta-consegna',
						text: `Ricevuta di avvenuta consegna\r\n${stamp()} il messaggio "${sub.subject}" proveniente da "${sub.from}" ed indirizzato a "${rcpt}" è stato consegnato nella casella di destinazione.`
					},
					sub,
					{ ricevuta: 'completa', consegna: rcpt, postacert: sub.raw, falsificazione, to: sub.from }
				)
			);
			deliveries.set(sub.messageId, (deliveries.get(sub.messageId) ?? 0) + 1);
		}
	}

	/** The busta di trasporto delivered to a PEC recipient. */
	function envelope(sub: Submission): Buffer {
		const at = new Date();
		const id = identificativo();
		return signedMessage({
			headers: [
				['Return-Path', `<${providerAddress}>`],
				['From', `"${headerText(`Per conto di: ${sub.from}`)}" <${providerAddress}>`],
				['Reply-To', sub.from],
				['To', sub.to.join(', ')],
				['Subject', headerText(`POSTA CERTIFICATA: ${sub.subject}`)],
				['Date', at.toUTCString().replace('GMT', '+0000')],
				['Message-ID', `<${id}>`],
				['X-Trasporto', 'posta-certificata'],
				['X-Riferimento-Message-ID', sub.messageId]
			],
			text: `Messaggio di posta certificata\r\n${stamp()} il messaggio "${sub.subject}" è stato inviato da "${sub.from}" indirizzato a:\r\n${sub.to.join('\r\n')}\r\nIl messaggio originale è incluso in allegato.`,
			daticert: daticertXml({
				tipo: 'posta-certificata',
				mittente: sub.from,
				destinatari: sub.to.map((a) => ({ indirizzo: a, tipo: pecDomains.has(domainOf(a)) ? 'certificato' : 'esterno' })),
				oggetto: sub.subject,
				gestore,
				at,
				identificativo: id,
				msgid: sub.messageId
			}),
			postacert: sub.raw,
			signer: signer(null)
		});
	}

	async function parse(raw: Buffer, envelopeFrom: string, rcpts: string[]): Promise<Submission> {
		const mail = await PostalMime.parse(raw);
		return {
			messageId: mail.messageId ?? `<${randomBytes(8).toString('hex')}@${opts.domain}>`,
			from: envelopeFrom,
			to: rcpts,
			subject: mail.subject ?? '',
			raw
		};
	}

	const smtpOptions: SMTPServerOptions = {
		secure: false,
		disabledCommands: ['STARTTLS'],
		allowInsecureAuth: true,
		authMethods: ['PLAIN', 'LOGIN'],
		logger: false,
		closeTimeout: 200,
		size: 50 * 1024 * 1024,
		onAuth(auth, _session, cb) {
			const user = (auth.username ?? '').toLowerCase();
			if (passwords.get(user) === auth.password) return cb(null, { user });
			return cb(Object.assign(new Error('5.7.8 Autenticazione fallita'), { responseCode: 535 }));
		},
		onMailFrom(address, session, cb) {
			// PEC: the envelope sender is the authenticated mailbox.
			if (address.address.toLowerCase() !== String(session.user))
				return cb(Object.assign(new Error('5.7.1 Mittente non autorizzato'), { responseCode: 553 }));
			return cb();
		},
		onRcptTo(address, _session, cb) {
			if (rules.get(address.address.toLowerCase()) === 'rifiuta')
				return cb(Object.assign(new Error('5.1.1 Destinatario sconosciuto'), { responseCode: 550 }));
			return cb();
		},
		onData(stream, session, cb) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				const rcpts = session.envelope.rcptTo.map((r) => r.address);
				if (rcpts.some((r) => rules.get(r.toLowerCase()) === 'non-risponde')) {
					hanging.add(() => cb(Object.assign(new Error('4.4.2 Timeout'), { responseCode: 421 })));
					return;
				}
				const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
				parse(Buffer.concat(chunks), from, rcpts)
					.then(process)
					.then(
						() => cb(),
						(err: Error) => {
							console.error('fake PEC provider:', err);
							cb(Object.assign(new Error(`4.3.0 ${err.message}`), { responseCode: 451 }));
						}
					);
			});
		}
	};

	let server: SMTPServer | null = null;
	let port = opts.port ?? 0;
	async function up(): Promise<void> {
		if (server) return;
		const s = new SMTPServer(smtpOptions);
		s.on('error', () => undefined);
		await new Promise<void>((resolve, reject) => {
			s.once('error', reject);
			s.listen(port, '127.0.0.1', () => resolve());
		});
		port = (s.server.address() as { port: number }).port;
		server = s;
	}
	async function down(): Promise<void> {
		const s = server;
		server = null;
		for (const release of hanging) release();
		hanging.clear();
		if (s) await new Promise<void>((r) => s.close(() => r()));
	}
	await up();

	return {
		host: '127.0.0.1',
		get port() {
			return port;
		},
		gestore,
		addMailbox(address, password) {
			passwords.set(address.toLowerCase(), password);
			opts.dovecot.addUser(address.toLowerCase(), password);
		},
		rule(address, regola) {
			if (regola) rules.set(address.toLowerCase(), regola);
			else rules.delete(address.toLowerCase());
		},
		forgeNext(kind) {
			forge = kind;
		},
		submissions,
		deliveries: (id) => deliveries.get(id) ?? 0,
		async inject(from, to, raw) {
			await process(await parse(raw, from, to));
		},
		down,
		up,
		stop: down
	};
}
