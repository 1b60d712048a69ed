import nodemailer from 'nodemailer';
import type { MailTransport, SendOutcome, ServerConfig } from './types.ts';

/** SMTP submission with nodemailer: the Organismo's e-mail account or its PEC provider. */
export function smtpTransport(cfg: ServerConfig, opts: { timeoutMs?: number } = {}): MailTransport {
	const timeout = opts.timeoutMs ?? 30_000;
	const t = nodemailer.createTransport({
		host: cfg.host,
		port: cfg.port,
		secure: cfg.sicurezza === 'tls',
		requireTLS: cfg.sicurezza === 'starttls',
		ignoreTLS: cfg.sicurezza === 'nessuna',
		auth: { user: cfg.utente, pass: cfg.password },
		connectionTimeout: Math.min(timeout, 15_000),
		greetingTimeout: Math.min(timeout, 10_000),
		socketTimeout: timeout
	});
	return {
		async send(raw, envelope): Promise<SendOutcome> {
			const info = await t.sendMail({ envelope: { from: envelope.from, to: envelope.to }, raw });
			const rejectedErrors =
				(info as { rejectedErrors?: Array<{ recipient?: string; response?: string; message: string }> }).rejectedErrors ?? [];
			return {
				accepted: (info.accepted ?? []).map(String),
				rejected: (info.rejected ?? []).map((a: unknown) => {
					const address = String(a);
					const e = rejectedErrors.find((x) => x.recipient === address);
					return { address, reason: e?.response ?? e?.message ?? 'destinatario rifiutato dal server' };
				}),
				response: info.response ?? ''
			};
		},
		async verify() {
			await t.verify();
		},
		close: () => t.close()
	};
}
