import { describe, expect, it } from 'vitest';
import type { UserActor, CaseContext } from '#db/access/index.ts';
import { canBookMeeting, canSeeMeeting, canSetStato, rescheduleMode } from '#db/access/index.ts';

const ctx: CaseContext = {
	procedimentoId: 'p1',
	organismoId: 'org',
	sedeId: 'milano',
	mediatorIds: ['med'],
	proposedMediatorIds: ['proposto'],
	partyUserIds: ['parte'],
	lawyerUserIds: ['avv'],
	ctuUserIds: [],
	observerUserIds: ['tir']
};
const a = (id: string, role: UserActor['role'], sedeIds: string[] | null = null): UserActor => ({
	kind: 'user',
	id,
	organismoId: 'org',
	role,
	sedeIds
});

describe('agenda access rules', () => {
	it('only staff covering the sede book meetings', () => {
		expect(canBookMeeting(a('s', 'segreteria'), ctx)).toBe(true);
		expect(canBookMeeting(a('s', 'segreteria', ['roma']), ctx)).toBe(false);
		expect(canBookMeeting(a('med', 'mediatore'), ctx)).toBe(false);
		expect(canBookMeeting(a('parte', 'parte'), ctx)).toBe(false);
		expect(canBookMeeting({ ...a('s', 'responsabile'), organismoId: 'other' }, ctx)).toBe(false);
	});

	it("the mediator moves own meetings directly or by request per the Organismo's setting", () => {
		const own = { mediatoreId: 'med' };
		expect(rescheduleMode(a('med', 'mediatore'), ctx, own, 'richiesta')).toBe('richiesta');
		expect(rescheduleMode(a('med', 'mediatore'), ctx, own, 'diretta')).toBe('diretta');
		expect(rescheduleMode(a('med', 'mediatore'), ctx, { mediatoreId: 'altro' }, 'diretta')).toBeNull();
		expect(rescheduleMode(a('proposto', 'mediatore'), ctx, { mediatoreId: null }, 'diretta')).toBeNull();
		expect(rescheduleMode(a('s', 'segreteria'), ctx, own, 'richiesta')).toBe('diretta');
		expect(rescheduleMode(a('avv', 'avvocato'), ctx, own, 'diretta')).toBeNull();
	});

	it('status: staff any, the mediator only "tenuto"', () => {
		expect(canSetStato(a('med', 'mediatore'), ctx, { mediatoreId: 'med' }, 'tenuto')).toBe(true);
		expect(canSetStato(a('med', 'mediatore'), ctx, { mediatoreId: 'med' }, 'annullato')).toBe(false);
		expect(canSetStato(a('s', 'segreteria'), ctx, { mediatoreId: 'med' }, 'annullato')).toBe(true);
		expect(canSetStato(a('parte', 'parte'), ctx, { mediatoreId: 'med' }, 'tenuto')).toBe(false);
	});

	it('parties and lawyers see only meetings they are convoked to', () => {
		expect(canSeeMeeting(a('parte', 'parte'), ctx, ['s1', 's2'], ['s1'])).toBe(true);
		expect(canSeeMeeting(a('parte', 'parte'), ctx, ['s2'], ['s1'])).toBe(false);
		expect(canSeeMeeting(a('avv', 'avvocato'), ctx, ['s2'], [])).toBe(false);
		expect(canSeeMeeting(a('med', 'mediatore'), ctx, [], [])).toBe(true);
		expect(canSeeMeeting(a('tir', 'parte'), ctx, [], [])).toBe(true);
		expect(canSeeMeeting(a('proposto', 'mediatore'), ctx, [], [])).toBe(false);
		expect(canSeeMeeting(a('stranger', 'parte'), ctx, ['s1'], ['s1'])).toBe(false);
	});
});
