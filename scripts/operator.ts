// Platform operator accounts, from the command line (never from the web):
//   npm run operator -- create <email> [--nome Nome] [--cognome Cognome]
//   npm run operator -- list
//   npm run operator -- dominio <slug> <host|->   (the Organismo's own domain; "-" removes it)
//   npm run operator -- ruota-chiavi <slug> [--ritira]   (a new guest-link key; --ritira retires the older ones)
// `create` prints a one-time link (valid 24 hours) where the operator sets the password, or sets it
// directly from ACCORDO_OPERATOR_PASSWORD (at least 12 characters) for unattended installs.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { hashPassword } from '#db/auth/password.ts';
import { createOperator, listOperators } from '#db/auth/operators.ts';
import { closeDb, openDb } from '#db/client.ts';
import { migrateDb } from '#db/migrate.ts';
import { retireOlderKeys, rotateKey } from '#db/organismi/keys.ts';
import { getOrganismoBySlug, setDominio } from '#db/organismi/repo.ts';
import { loadConfigOrExit } from '#server/config.ts';

const Host = z
	.string()
	.trim()
	.toLowerCase()
	.regex(/^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'not a host name (e.g. mediazione.studio.it)');

const Args = z.object({
	command: z.enum(['create', 'list', 'dominio', 'ruota-chiavi']),
	email: z.string().trim().toLowerCase().pipe(z.email()).optional(),
	nome: z.string().trim().min(1).max(100).optional(),
	cognome: z.string().trim().min(1).max(100).optional(),
	password: z.string().min(12, 'ACCORDO_OPERATOR_PASSWORD must be at least 12 characters').max(200).optional()
});

const USAGE =
	'usage: npm run operator -- create <email> [--nome N] [--cognome C]\n       npm run operator -- list\n       npm run operator -- dominio <slug> <host|->\n       npm run operator -- ruota-chiavi <slug> [--ritira]';

function usage(message: string): never {
	console.error(`operator: ${message}\n${USAGE}`);
	process.exit(2);
}

const config = loadConfigOrExit('operator', { exitCode: 2, usage: USAGE });

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: { nome: { type: 'string' }, cognome: { type: 'string' }, ritira: { type: 'boolean' } }
});
const organismoCommand = positionals[0] === 'dominio' || positionals[0] === 'ruota-chiavi';
const parsed = Args.safeParse({
	command: positionals[0],
	email: organismoCommand ? undefined : positionals[1],
	nome: values.nome,
	cognome: values.cognome,
	password: config.operatorPassword
});
if (!parsed.success) usage(parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; '));
const args = parsed.data;

const db = openDb(config.databaseUrl);
try {
	migrateDb(db);
	if (organismoCommand) {
		const o = getOrganismoBySlug(db, positionals[1] ?? '');
		if (!o) usage(`no Organismo with the address /o/${positionals[1] ?? ''}`);
		if (args.command === 'dominio') {
			const raw = positionals[2] ?? '';
			const host = raw === '-' ? null : Host.safeParse(raw);
			if (host && !host.success) usage(`dominio: ${host.error.issues[0].message}`);
			const dominio = host ? host.data! : null;
			if (!setDominio(db, o.id, dominio)) usage(`${dominio} is already the domain of another Organismo`);
			console.log(dominio ? `${o.denominazione}: own domain ${dominio}` : `${o.denominazione}: own domain removed`);
		} else {
			const kid = rotateKey(db, o.id, 'stanza_link');
			const retired = values.ritira ? retireOlderKeys(db, o.id, 'stanza_link') : 0;
			console.log(
				`${o.denominazione}: new guest-link key ${kid}${retired ? `, ${retired} older key(s) retired (their links stop working)` : ''}`
			);
		}
	} else if (args.command === 'list') {
		for (const o of listOperators(db)) console.log(`${o.email}${o.active ? '' : ' (disattivato)'}`);
	} else {
		if (!args.email) usage('create needs an e-mail address');
		const passwordHash = args.password ? await hashPassword(args.password) : null;
		const r = createOperator(db, { email: args.email, nome: args.nome, cognome: args.cognome, passwordHash });
		console.log(`operator ${args.email} ${r.created ? 'created' : 'updated (existing account)'}`);
		if (r.setupToken) {
			const origin = config.origin ?? `http://127.0.0.1:${config.port}`;
			console.log(`set the password within 24 hours (one-time link): ${origin}/invito/${r.setupToken}`);
		} else console.log(args.password ? 'password set from ACCORDO_OPERATOR_PASSWORD' : 'the existing password is kept');
	}
} finally {
	closeDb(db);
}
