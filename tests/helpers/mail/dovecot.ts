import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { aptInstall } from '../debian.ts';

/**
 * A real IMAP server for the mail tests: Debian's Dovecot started with its own configuration in a
 * temporary directory (passwd-file passdb (one file per user), static userdb, Maildir, no TLS) on 127.0.0.1 and a free
 * port, in the foreground (`dovecot -c <conf> -F`), stopped by `stop()`. When the binary is missing
 * and we are root, `dovecot-imapd` is installed with apt-get (tests/helpers/debian.ts).
 */
export interface Dovecot {
	host: string;
	port: number;
	addUser(user: string, password: string): void;
	/** The server log (for failing tests). */
	log(): string;
	stop(): Promise<void>;
}

const DOVECOT = '/usr/sbin/dovecot';

export function ensureDovecot(): string {
	if (existsSync(DOVECOT)) return DOVECOT;
	aptInstall(['dovecot-imapd'], 'Dovecot is missing (the mail tests need a real IMAP server)');
	if (!existsSync(DOVECOT)) throw new Error('apt-get installed dovecot-imapd but /usr/sbin/dovecot is still missing');
	return DOVECOT;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as { port: number };
			srv.close(() => resolve(port));
		});
	});
}

function config(dir: string, port: number, account: { user: string; group: string }): string {
	return `# Written by tests/helpers/mail/dovecot.ts
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${account.user}
default_internal_group = ${account.group}
default_login_user = ${account.user}
mail_location = maildir:${dir}/mail/%u
first_valid_uid = 0
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users/%u
}
userdb {
  driver = static
  args = uid=${account.user} gid=${account.group} home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`;
}

async function greets(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const s = new Socket();
		const done = (ok: boolean) => {
			s.destroy();
			resolve(ok);
		};
		s.setTimeout(1000, () => done(false));
		s.once('data', (d) => done(d.toString().startsWith('* OK')));
		s.once('error', () => done(false));
		s.connect(port, '127.0.0.1');
	});
}

export async function startDovecot(): Promise<Dovecot> {
	const bin = ensureDovecot();
	const dir = mkdtempSync(join(tmpdir(), 'accordo-dovecot-'));
	// Dovecot's unprivileged processes (nobody) must reach the passwd file and the mail root.
	chmodSync(dir, 0o755);
	for (const d of ['run', 'state', 'mail', 'users']) mkdirSync(join(dir, d));
	chmodSync(join(dir, 'mail'), 0o777);
	chmodSync(join(dir, 'users'), 0o755);
	const root = process.getuid?.() === 0;
	const account = root ? { user: 'nobody', group: 'nogroup' } : { user: userInfo().username, group: userInfo().username };
	let port = 0;
	let child: ChildProcess | null = null;
	for (let attempt = 0; attempt < 5 && !child; attempt++) {
		port = await freePort();
		writeFileSync(join(dir, 'dovecot.conf'), config(dir, port, account));
		const proc = spawn(bin, ['-c', join(dir, 'dovecot.conf'), '-F'], { stdio: ['ignore', 'ignore', 'pipe'] });
		let exited = false;
		proc.once('exit', () => (exited = true));
		for (let i = 0; i < 100 && !exited; i++) {
			if (await greets(port)) break;
			await new Promise((r) => setTimeout(r, 50));
		}
		if (!exited && (await greets(port))) child = proc;
		else proc.kill('SIGKILL');
	}
	if (!child) {
		const log = existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8') : '';
		rmSync(dir, { recursive: true, force: true });
		throw new Error(`Dovecot did not start:\n${log}`);
	}
	const proc = child;
	return {
		host: '127.0.0.1',
		port,
		addUser(user, password) {
			if (/[:\s]/.test(user) || /[:\n]/.test(password)) throw new Error('user and password must not contain ":" or newlines');
			// One passwd-file per user: Dovecot caches a file by its mtime, which a second write in the same second would not change.
			writeFileSync(join(dir, 'users', user), `${user}:{PLAIN}${password}::::::\n`, { mode: 0o644 });
		},
		log: () => (existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8') : ''),
		async stop() {
			if (proc.exitCode === null && proc.signalCode === null) {
				const exited = new Promise<void>((r) => proc.once('exit', () => r()));
				proc.kill('SIGTERM');
				const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
				await exited;
				clearTimeout(timer);
			}
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
