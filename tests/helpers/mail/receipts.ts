import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What a PEC provider writes (DPR 68/2005, DM 2 novembre 2005): receipts and transport envelopes,
 * each a multipart/signed S/MIME message made with the OpenSSL CLI, carrying `daticert.xml` and,
 * for the complete delivery receipt and the envelope, the original as `postacert.eml`. This is the
 * fake provider's side, written independently of the parser in db/comunicazioni.
 */
export type TipoDaticert =
	| 'accettazione'
	| 'non-accettazione'
	| 'presa-in-carico'
	| 'avvenuta-consegna'
	| 'posta-certificata'
	| 'errore-consegna'
	| 'preavviso-errore-consegna'
	| 'rilevazione-virus';

export type Falsificazione = 'firma-estranea' | 'alterata' | 'senza-firma';

export interface DaticertData {
	tipo: TipoDaticert;
	errore?: 'nessuno' | 'no-dest' | 'no-dominio' | 'virus' | 'altro';
	mittente: string;
	destinatari: Array<{ indirizzo: string; tipo: 'certificato' | 'esterno' }>;
	oggetto: string;
	gestore: string;
	at: Date;
	identificativo: string;
	msgid: string;
	ricevuta?: 'completa' | 'breve' | 'sintetica';
	consegna?: string;
	erroreEsteso?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Date and time in Europe/Rome as daticert writes them: dd/mm/yyyy, hh:mm:ss and the zone (+0100). */
export function romeStamp(at: Date): { giorno: string; ora: string; zona: string } {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', {
			timeZone: 'Europe/Rome',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
			hourCycle: 'h23',
			timeZoneName: 'longOffset'
		})
			.formatToParts(at)
			.map((p) => [p.type, p.value])
	);
	const off = /GMT([+-]\d{2}):(\d{2})/.exec(parts.timeZoneName) ?? [null, '+00', '00'];
	return {
		giorno: `${parts.day}/${parts.month}/${parts.year}`,
		ora: `${parts.hour}:${parts.minute}:${parts.second}`,
		zona: `${off[1]}${off[2]}`
	};
}

export function daticertXml(d: DaticertData): string {
	const t = romeStamp(d.at);
	const dest = d.destinatari.map((x) => `    <destinatari tipo="${x.tipo}">${esc(x.indirizzo)}</destinatari>`).join('\n');
	return `<?xml version="1.0" encoding="UTF-8"?>
<postacert tipo="${d.tipo}" errore="${d.errore ?? 'nessuno'}">
  <intestazione>
    <mittente>${esc(d.mittente)}</mittente>
${dest}
    <risposte>${esc(d.mittente)}</risposte>
    <oggetto>${esc(d.oggetto)}</oggetto>
  </intestazione>
  <dati>
    <gestore-emittente>${esc(d.gestore)}</gestore-emittente>
    <data zona="${t.zona}">
      <giorno>${t.giorno}</giorno>
      <ora>${t.ora}</ora>
    </data>
    <identificativo>${esc(d.identificativo)}</identificativo>
    <msgid>${esc(d.msgid)}</msgid>
${d.ricevuta ? `    <ricevuta tipo="${d.ricevuta}" />\n` : ''}${d.consegna ? `    <consegna>${esc(d.consegna)}</consegna>\n` : ''}${d.erroreEsteso ? `    <errore-esteso>${esc(d.erroreEsteso)}</errore-esteso>\n` : ''}  </dati>
</postacert>
`;
}

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

/** RFC 2047 encoded-word for non-ASCII header text. */
export function headerText(s: string): string {
	return /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

export interface SignedMessageInput {
	headers: Array<[string, string]>;
	text: string;
	daticert: string;
	/** The original message, attached as postacert.eml. */
	postacert?: Buffer;
	signer: { certPath: string; keyPath: string };
	falsificazione?: Falsificazione;
}

/** Builds the signed message: outer headers + multipart/signed(multipart/mixed(text, [postacert.eml], daticert.xml)). */
export function signedMessage(input: SignedMessageInput): Buffer {
	const boundary = `----=_pec_${randomBytes(8).toString('hex')}`;
	const parts = [
		`Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${crlf(input.text)}\r\n`,
		...(input.postacert
			? [
					`Content-Type: message/rfc822; name="postacert.eml"\r\nContent-Disposition: inline; filename="postacert.eml"\r\n\r\n${crlf(input.postacert.toString('utf8'))}\r\n`
				]
			: []),
		`Content-Type: application/xml; name="daticert.xml"\r\nContent-Disposition: inline; filename="daticert.xml"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${crlf(input.daticert)}`
	];
	const inner = `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`;
	const head = input.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('');
	if (input.falsificazione === 'senza-firma') return Buffer.from(`${head}MIME-Version: 1.0\r\n${inner}`, 'utf8');
	const dir = mkdtempSync(join(tmpdir(), 'accordo-smime-'));
	try {
		writeFileSync(join(dir, 'inner.eml'), inner);
		execFileSync(
			'openssl',
			[
				'smime',
				'-sign',
				'-in',
				'inner.eml',
				'-signer',
				input.signer.certPath,
				'-inkey',
				input.signer.keyPath,
				'-md',
				'sha256',
				'-out',
				'signed.eml'
			],
			{ cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] }
		);
		let signed = crlf(readFileSync(join(dir, 'signed.eml'), 'utf8'));
		// A receipt altered after signing: the hour in daticert.xml is moved by one.
		if (input.falsificazione === 'alterata')
			signed = signed.replace(/<ora>(\d{2})/, (_m, h: string) => `<ora>${String((Number(h) + 1) % 24).padStart(2, '0')}`);
		return Buffer.from(head + signed, 'utf8');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
