import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '#db/client.ts';
import { listKeys, retireOlderKeys, rotateKey, signingKey } from '#db/organismi/keys.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { signGuestToken } from '#db/rooms/guest-token.ts';
import { createInvito, resolveGuestToken } from '#db/rooms/invitations.ts';
import { ensureStanza } from '#db/rooms/repo.ts';
import { guestLinkKey } from '#db/rooms/secret.ts';
import { segretiServer } from '#db/schema.ts';
import { caseInput } from '../helpers/procedimenti.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';

// Per-Organismo HMAC keys of the guest links (issue #21): each Organismo signs with its own key,
// a key never admits to another Organismo's room, rotation keeps old links working until the old
// key is retired, links of the former installation-wide key still verify, ACCORDO_SECRET is mixed in.

let db: Db;
let cleanup: () => void;
type Side = { organismoId: string; segreteria: { id: string; organismoId: string }; caseId: string; stanzaId: string };
let a: Side;
let b: Side;

async function side(): Promise<Side> {
	const { organismoId, sedeId } = createOrganismo(db);
	const seg = await createUser(db, organismoId, 'segreteria');
	const actor = { kind: 'user' as const, id: seg.id, organismoId, role: 'segreteria' as const, sedeIds: null };
	const r = createProcedimento(db, actor, caseInput(db, organismoId, sedeId));
	if (!r.ok) throw new Error(r.message);
	return { organismoId, segreteria: { id: seg.id, organismoId }, caseId: r.id, stanzaId: ensureStanza(db, r.id).id };
}

function invite(s: Side, nome = 'Osservatore di prova') {
	const r = createInvito(db, s.segreteria, { procedimentoId: s.caseId, soggettoId: null, nome, ruolo: 'uditore' });
	if (!r.ok) throw new Error(r.message);
	return r;
}

const payloadOf = (token: string) =>
	JSON.parse(Buffer.from(token.split('.').at(-2)!, 'base64url').toString()) as { i: string; s: string; e: number };

beforeAll(async () => {
	({ db, cleanup } = createTestDb());
	a = await side();
	b = await side();
});
afterAll(() => cleanup());

describe('per-Organismo guest-link keys', () => {
	test('each Organismo signs with its own key, named in the token', () => {
		const ka = guestLinkKey(db, a.organismoId);
		const kb = guestLinkKey(db, b.organismoId);
		expect(ka.kid).not.toBe(kb.kid);
		expect(ka.key.equals(kb.key)).toBe(false);
		const t = invite(a).token;
		expect(t.split('.')).toHaveLength(3);
		expect(t.split('.')[0]).toBe(ka.kid);
		expect(resolveGuestToken(db, t)).toMatchObject({ ok: true, guest: { organismoId: a.organismoId, procedimentoId: a.caseId } });
	});

	test("one Organismo's key never admits to another Organismo's room", () => {
		const tb = invite(b).token;
		// Organismo A re-signs B's invitation with its own (valid, active) key.
		const forged = signGuestToken(guestLinkKey(db, a.organismoId), payloadOf(tb));
		expect(resolveGuestToken(db, forged)).toMatchObject({ ok: false, code: 'invalid' });
		// And B's own token still works.
		expect(resolveGuestToken(db, tb).ok).toBe(true);
	});

	test('rotation: the new key signs, old links work until the old key is retired', () => {
		const before = invite(a, 'Prima della rotazione');
		const oldKid = before.token.split('.')[0];
		const newKid = rotateKey(db, a.organismoId, 'stanza_link');
		expect(newKid).not.toBe(oldKid);
		const after = invite(a, 'Dopo la rotazione');
		expect(after.token.split('.')[0]).toBe(newKid);
		expect(resolveGuestToken(db, before.token).ok).toBe(true);
		expect(resolveGuestToken(db, after.token).ok).toBe(true);
		// B is not affected by A's rotation.
		expect(guestLinkKey(db, b.organismoId).kid).not.toBe(newKid);

		expect(retireOlderKeys(db, a.organismoId, 'stanza_link')).toBeGreaterThanOrEqual(1);
		expect(resolveGuestToken(db, before.token)).toMatchObject({ ok: false, code: 'invalid' });
		expect(resolveGuestToken(db, after.token).ok).toBe(true);
		expect(listKeys(db, a.organismoId, 'stanza_link').map((k) => [k.kid, k.retiredAt === null])).toContainEqual([newKid, true]);
		expect(resolveGuestToken(db, invite(b).token).ok).toBe(true);
	});

	test('links signed with the former installation-wide key still verify while that key exists', () => {
		const t = invite(a, 'Link di prima');
		const legacy = randomBytes(32);
		const legacyToken = signGuestToken({ kid: null, key: legacy }, payloadOf(t.token));
		expect(legacyToken.split('.')).toHaveLength(2);
		expect(resolveGuestToken(db, legacyToken)).toMatchObject({ ok: false }); // no legacy key on this installation
		db.insert(segretiServer)
			.values({ nome: 'stanza_guest_link_hmac', valore: legacy.toString('base64url') })
			.run();
		expect(resolveGuestToken(db, legacyToken)).toMatchObject({ ok: true, guest: { organismoId: a.organismoId } });
	});

	test('with ACCORDO_SECRET the stored value alone does not sign', () => {
		const plain = signingKey(db, b.organismoId, 'stanza_link', undefined);
		const mixed = signingKey(db, b.organismoId, 'stanza_link', 'una-chiave-lunga-almeno-trentadue-caratteri');
		expect(mixed.kid).toBe(plain.kid);
		expect(mixed.key.equals(plain.key)).toBe(false);
		expect(() => signingKey(db, b.organismoId, 'stanza_link', 'corta')).toThrow(/32 characters/);
	});
});
