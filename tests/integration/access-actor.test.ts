import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadActor } from '#db/access/index.ts';
import { membershipSedi, sedi } from '#db/schema.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';

let t: ReturnType<typeof createTestDb>;
let org: { organismoId: string; sedeId: string };

beforeEach(() => {
	t = createTestDb();
	org = createOrganismo(t.db);
});
afterEach(() => t.cleanup());

describe('loadActor (the one builder of a user actor: web hooks, SFU admission, collab upgrade)', () => {
	it('gives a segreteria the sedi it is limited to, from the database', async () => {
		const seg = await createUser(t.db, org.organismoId, 'segreteria');
		expect(loadActor(t.db, seg)).toMatchObject({ kind: 'user', id: seg.id, role: 'segreteria', sedeIds: null });
		t.db
			.insert(sedi)
			.values({ id: 'roma', organismoId: org.organismoId, nome: 'Roma', indirizzo: 'Via Roma 1', comune: 'Roma', provincia: 'RM' })
			.run();
		t.db.insert(membershipSedi).values({ membershipId: seg.membershipId, sedeId: 'roma' }).run();
		expect(loadActor(t.db, seg).sedeIds).toEqual(['roma']);
	});

	it('other roles are never limited by sede rows', async () => {
		const resp = await createUser(t.db, org.organismoId, 'responsabile');
		t.db.insert(membershipSedi).values({ membershipId: resp.membershipId, sedeId: org.sedeId }).run();
		expect(loadActor(t.db, resp)).toMatchObject({ kind: 'user', role: 'responsabile', sedeIds: null });
	});
});
