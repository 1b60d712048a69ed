import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * S/MIME check of a PEC receipt or envelope. We split `multipart/signed` ourselves (mail parsers do
 * not expose a part's raw bytes) to read the signed content, and let the OpenSSL CLI verify the
 * detached signature over exactly those bytes and the signer's chain up to the trusted providers'
 * CAs. Only a `valid` result counts as proof.
 */
export interface SmimeResult {
	valid: boolean;
	/** Italian reason when not valid ("firma assente", "contenuto alterato dopo la firma", …). */
	reason: string;
	/** The signed MIME entity (or, for an unsigned message, the message itself). */
	content: Buffer;
}

const CRLF = Buffer.from('\r\n');

function headerBlockEnd(raw: Buffer): number {
	const i = raw.indexOf('\r\n\r\n');
	if (i >= 0) return i + 4;
	const j = raw.indexOf('\n\n');
	return j >= 0 ? j + 2 : raw.length;
}

/** Unfolded top-level header value, lower-cased name lookup. */
export function topHeader(raw: Buffer, name: string): string | null {
	const head = raw
		.subarray(0, headerBlockEnd(raw))
		.toString('latin1')
		.replace(/\r?\n[ \t]+/g, ' ');
	const re = new RegExp(`^${name.replace(/[-]/g, '\\-')}:[ \\t]*(.*)$`, 'im');
	return re.exec(head)?.[1]?.trim() ?? null;
}

/** The first body part of a multipart/signed message (the signed entity), or null. */
export function signedPart(raw: Buffer): Buffer | null {
	const ct = topHeader(raw, 'Content-Type') ?? '';
	if (!/^multipart\/signed/i.test(ct)) return null;
	const boundary = /boundary="?([^";]+)"?/i.exec(ct)?.[1];
	if (!boundary) return null;
	const body = raw.subarray(headerBlockEnd(raw));
	const delim = Buffer.from(`--${boundary}`);
	const first = body.indexOf(delim);
	if (first < 0) return null;
	let start = first + delim.length;
	if (body.subarray(start, start + 2).equals(CRLF)) start += 2;
	else if (body[start] === 0x0a) start += 1;
	const next = body.indexOf(Buffer.concat([CRLF, delim]), start);
	const end = next >= 0 ? next : body.indexOf(Buffer.concat([Buffer.from('\n'), delim]), start);
	return end > start ? body.subarray(start, end) : null;
}

function reasonOf(stderr: string): string {
	if (/digest failure|bad_signature|signature failure/i.test(stderr)) return 'contenuto alterato dopo la firma';
	if (/unable to get local issuer|self.signed certificate|certificate verify error|unable to get issuer/i.test(stderr))
		return 'firmata da un certificato non emesso da un gestore fidato';
	if (/certificate has expired|not yet valid/i.test(stderr)) return 'certificato del gestore scaduto o non ancora valido';
	return 'firma non valida';
}

export async function verifySmime(raw: Buffer, trustedPem: string): Promise<SmimeResult> {
	const content = signedPart(raw);
	if (!content) return { valid: false, reason: 'firma assente: il messaggio non è firmato dal gestore', content: raw };
	if (!/-----BEGIN CERTIFICATE-----/.test(trustedPem))
		return { valid: false, reason: 'nessun certificato di gestore fidato configurato per la casella', content };
	const dir = await mkdtemp(join(tmpdir(), 'accordo-smime-'));
	try {
		await writeFile(join(dir, 'm.eml'), raw);
		await writeFile(join(dir, 'trust.pem'), trustedPem);
		try {
			await run('openssl', ['smime', '-verify', '-in', 'm.eml', '-CAfile', 'trust.pem', '-purpose', 'any', '-out', 'content.eml'], {
				cwd: dir,
				timeout: 15_000
			});
		} catch (err) {
			return { valid: false, reason: reasonOf(String((err as { stderr?: string }).stderr ?? err)), content };
		}
		// OpenSSL verified the bytes it split; ours must be the same entity (no smuggled second body).
		const verified = await readFile(join(dir, 'content.eml'));
		const norm = (b: Buffer) => b.toString('latin1').replace(/\r\n/g, '\n').trimEnd();
		if (norm(verified) !== norm(content)) return { valid: false, reason: 'struttura del messaggio firmato ambigua', content };
		return { valid: true, reason: '', content };
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
