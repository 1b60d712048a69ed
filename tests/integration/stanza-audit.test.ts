import { afterEach, beforeEach, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { ensureStanza } from '#db/rooms/repo.ts';
import { verifyAuditChain } from '#db/audit/repo.ts';
import { auditLog } from '#db/schema.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';
import { caseInput } from '../helpers/procedimenti.ts';

// Issue #11, finding 10: opening a procedimento's online room is audited, once, in its Organismo.

let t: ReturnType<typeof createTestDb>;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.cleanup());

it('the creation of a stanza is audited once, with who opened it, in the Organismo chain', async () => {
	const { organismoId, sedeId } = createOrganismo(t.db);
	const seg = await createUser(t.db, organismoId, 'segreteria');
	const r = createProcedimento(
		t.db,
		{ kind: 'user', id: seg.id, organismoId, role: 'segreteria', sedeIds: null },
		caseInput(t.db, organismoId, sedeId)
	);
	if (!r.ok) throw new Error(r.message);
	const stanza = ensureStanza(t.db, r.id, { actorId: seg.id });
	expect(ensureStanza(t.db, r.id, { actorId: seg.id }).id).toBe(stanza.id); // idempotent: no second row
	const rows = t.db.select().from(auditLog).where(eq(auditLog.action, 'stanza.created')).all();
	expect(rows).toHaveLength(1);
	expect(rows[0]).toMatchObject({ organismoId, actorId: seg.id, entityType: 'stanza', entityId: stanza.id });
	expect(verifyAuditChain(t.db, organismoId)).toMatchObject({ ok: true });
});
