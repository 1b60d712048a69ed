import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attemptLogin } from '#db/auth/login.ts';
import { findAccountByEmail, listActiveMemberships } from '#db/auth/memberships.ts';
import { validateSessionToken } from '#db/auth/session.ts';
import { PLATFORM_CHAIN, verifyAuditChain } from '#db/audit/repo.ts';
import { closeDb, openDb } from '#db/client.ts';
import { getOrganismoBySlug, usageByOrganismo } from '#db/organismi/repo.ts';
import { NuovoOrganismo } from '#db/organismi/schemas.ts';
import { listKeys, signingKey } from '#db/organismi/keys.ts';
import { acceptInvitation, createOrganismo, inviteMember } from '#db/organismi/service.ts';
import { createOrganismo as createTestOrganismo, createTestDb, createUser } from '../helpers/db.ts';

const run = promisify(execFile);
const cli = new URL('../../scripts/operator.ts', import.meta.url).pathname;
const limits = { windowMs: 60_000, maxPerIp: 50, maxPerAccount: 50 };
let t: ReturnType<typeof createTestDb>;
beforeEach(() => {
	t = createTestDb();
	closeDb(t.db); // the CLI opens the file itself
});
afterEach(() => t.cleanup());

const reopen = () => (t.db = openDb(t.path));
const nuovo = (over: Record<string, unknown> = {}) =>
	NuovoOrganismo.parse({
		denominazione: 'Concilia Torino',
		numeroRegistro: '321',
		slug: 'concilia-torino',
		sede: { nome: 'Torino', indirizzo: 'Via Po 1', comune: 'Torino', provincia: 'to' },
		amministratore: { email: 'Admin@Concilia.it', nome: 'Anna', cognome: 'Neri' },
		...over
	});

describe('npm run operator', () => {
	it('create prints a one-time link; the operator sets the password there and lands on the platform, outside any Organismo', async () => {
		const { stdout } = await run(process.execPath, [cli, 'create', 'Ops@Piattaforma.it'], {
			env: { ...process.env, DATABASE_URL: t.path, ORIGIN: 'https://accordo.example' }
		});
		const link = /https:\/\/accordo\.example\/invito\/([a-z2-7]{32})/.exec(stdout);
		expect(link, stdout).not.toBeNull();
		reopen();
		const accepted = await acceptInvitation(t.db, link![1], 'una-password-lunga');
		expect(accepted).toMatchObject({ ok: true, organismoId: null });
		expect(await acceptInvitation(t.db, link![1], 'un-altra-password')).toMatchObject({ ok: false });
		const login = await attemptLogin(t.db, { email: 'ops@piattaforma.it', password: 'una-password-lunga', ip: '10.0.0.1' }, limits);
		expect(login).toMatchObject({ ok: true, next: 'piattaforma' });
		if (login.ok) {
			const v = validateSessionToken(t.db, login.token);
			expect(v.account?.operatore).toBe(true);
			expect(v.user).toBeNull(); // no Organismo: no access rule grants the operator anything in one
		}
	});

	it('create with ACCORDO_OPERATOR_PASSWORD sets the password and prints no link; bad input exits 2', async () => {
		const env = { ...process.env, DATABASE_URL: t.path, ACCORDO_OPERATOR_PASSWORD: 'password-da-ambiente' };
		const { stdout } = await run(process.execPath, [cli, 'create', 'ops@piattaforma.it'], { env });
		expect(stdout).not.toMatch(/invito/);
		const list = await run(process.execPath, [cli, 'list'], { env });
		expect(list.stdout.trim()).toBe('ops@piattaforma.it');
		await expect(run(process.execPath, [cli, 'create', 'non-una-email'], { env })).rejects.toMatchObject({ code: 2 });
		reopen();
		expect(
			await attemptLogin(t.db, { email: 'ops@piattaforma.it', password: 'password-da-ambiente', ip: '10.0.0.1' }, limits)
		).toMatchObject({ ok: true });
	});
});

describe("npm run operator: an Organismo's domain and keys", () => {
	it('dominio sets and removes the own domain (one Organismo per domain); ruota-chiavi rotates and retires its guest-link keys', async () => {
		reopen();
		const a = createTestOrganismo(t.db, { slug: 'concilia' }).organismoId;
		createTestOrganismo(t.db, { slug: 'altro' });
		const first = signingKey(t.db, a, 'stanza_link', undefined).kid;
		closeDb(t.db);
		const env = { ...process.env, DATABASE_URL: t.path };
		const set = await run(process.execPath, [cli, 'dominio', 'concilia', 'Mediazione.Concilia.it'], { env });
		expect(set.stdout).toMatch(/own domain mediazione\.concilia\.it/);
		await expect(run(process.execPath, [cli, 'dominio', 'altro', 'mediazione.concilia.it'], { env })).rejects.toMatchObject({
			code: 2,
			stderr: expect.stringContaining('already the domain of another Organismo')
		});
		await expect(run(process.execPath, [cli, 'dominio', 'concilia', 'non un dominio'], { env })).rejects.toMatchObject({ code: 2 });
		const rot = await run(process.execPath, [cli, 'ruota-chiavi', 'concilia', '--ritira'], { env });
		expect(rot.stdout).toMatch(/new guest-link key .*1 older key\(s\) retired/);
		reopen();
		expect(getOrganismoBySlug(t.db, 'concilia')?.dominio).toBe('mediazione.concilia.it');
		const keys = listKeys(t.db, a, 'stanza_link');
		expect(keys).toHaveLength(2);
		expect(keys.find((k) => k.kid === first)?.retiredAt).not.toBeNull();
		closeDb(t.db);
		await run(process.execPath, [cli, 'dominio', 'concilia', '-'], { env });
		reopen();
		expect(getOrganismoBySlug(t.db, 'concilia')?.dominio).toBeNull();
	}, 120_000); // five runs of the real CLI (node startup each): seconds apiece on a loaded machine
});

describe('onboarding an Organismo', () => {
	it('the operator creates it with sede and invited amministratore, who accepts and invites a segreteria who registers', async () => {
		reopen();
		const operatore = { id: 'op-1', operatore: true };
		const r = createOrganismo(t.db, operatore, nuovo());
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const org = getOrganismoBySlug(t.db, 'concilia-torino')!;
		expect(org).toMatchObject({ denominazione: 'Concilia Torino', numeroRegistro: '321' });
		// Operator's action on the platform chain; the Organismo's chain opens at genesis.
		expect(verifyAuditChain(t.db, PLATFORM_CHAIN)).toEqual({ ok: true, rows: 1 });
		expect(verifyAuditChain(t.db, org.id)).toMatchObject({ ok: true });
		expect(await acceptInvitation(t.db, r.inviteToken, 'Gianduia-Torino-77')).toMatchObject({ ok: true, organismoId: org.id });
		const admin = await attemptLogin(
			t.db,
			{ email: 'admin@concilia.it', password: 'Gianduia-Torino-77', ip: '10.0.0.1', organismoId: org.id },
			limits
		);
		expect(admin).toMatchObject({ ok: true, next: 'organismo' });
		if (!admin.ok) return;
		const actor = { kind: 'user' as const, ...validateSessionToken(t.db, admin.token).user!, sedeIds: null };
		expect(actor).toMatchObject({ organismoId: org.id, role: 'amministratore' });
		const inv = inviteMember(t.db, actor, { email: 'seg@concilia.it', nome: 'Sara', cognome: 'Blu', role: 'segreteria', sedeIds: [] });
		expect(inv).toMatchObject({ ok: true, newAccount: true });
		if (!inv.ok) return;
		expect(await acceptInvitation(t.db, inv.inviteToken!, 'password-seg-1')).toMatchObject({ ok: true });
		expect(await attemptLogin(t.db, { email: 'seg@concilia.it', password: 'password-seg-1', ip: '10.0.0.2' }, limits)).toMatchObject({
			ok: true,
			next: 'organismo'
		});
		expect(usageByOrganismo(t.db).find((o) => o.id === org.id)).toMatchObject({ persone: 2, sedi: 1, procedimenti: 0 });
	});

	it('refuses a taken address, a non-operator and an invitation of a person already there; a member elsewhere keeps the password', async () => {
		reopen();
		expect(createOrganismo(t.db, { id: 'x', operatore: false }, nuovo())).toMatchObject({ ok: false, code: 'forbidden' });
		expect(createOrganismo(t.db, { id: 'op', operatore: true }, nuovo())).toMatchObject({ ok: true });
		expect(
			createOrganismo(t.db, { id: 'op', operatore: true }, nuovo({ amministratore: { email: 'b@b.it', nome: 'B', cognome: 'B' } }))
		).toMatchObject({
			ok: false,
			code: 'conflict',
			field: 'slug'
		});
		const other = createTestOrganismo(t.db);
		const adminOther = await createUser(t.db, other.organismoId, 'amministratore');
		const lawyer = await createUser(t.db, other.organismoId, 'avvocato', { email: 'avv@studio.it' });
		const org = getOrganismoBySlug(t.db, 'concilia-torino')!;
		const adminHere = { kind: 'user' as const, id: 'a', organismoId: org.id, role: 'amministratore' as const, sedeIds: null };
		const inv = inviteMember(t.db, adminHere, { email: 'avv@studio.it', nome: 'X', cognome: 'Y', role: 'avvocato', sedeIds: [] });
		expect(inv).toMatchObject({ ok: true, newAccount: false, userId: lawyer.id });
		expect(inviteMember(t.db, adminHere, { email: 'avv@studio.it', nome: 'X', cognome: 'Y', role: 'parte', sedeIds: [] })).toMatchObject({
			ok: false,
			code: 'conflict'
		});
		expect(
			inviteMember(t.db, { ...adminHere, role: 'segreteria' }, { email: 'z@z.it', nome: 'Z', cognome: 'Z', role: 'parte', sedeIds: [] })
		).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		// A sede of another Organismo is refused.
		expect(
			inviteMember(t.db, adminHere, { email: 'k@k.it', nome: 'K', cognome: 'K', role: 'segreteria', sedeIds: [other.sedeId] })
		).toMatchObject({
			ok: false,
			field: 'sedeIds'
		});
		expect(
			listActiveMemberships(t.db, lawyer.id)
				.map((m) => m.organismoId)
				.sort()
		).toEqual([org.id, other.organismoId].sort());
		expect(findAccountByEmail(t.db, 'avv@studio.it')?.passwordHash).toBeTruthy();
		expect(adminOther.organismoId).toBe(other.organismoId);
	});
});
