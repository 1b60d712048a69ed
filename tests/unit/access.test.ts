import { describe, expect, it } from 'vitest';
import {
	canJoinMeeting,
	canLockVerbale,
	canManageCase,
	canManageUsers,
	canMoveBetweenSpaces,
	canUploadDocument,
	canViewAudit,
	canViewCase,
	canViewDocument,
	caseRoleOf,
	meetingPermissions,
	verbaleAccess,
	type Actor,
	type GuestActor,
	type UserActor,
	type CaseContext
} from '#db/access/index.ts';
import type { Role } from '#db/auth/labels.ts';

const ORG = 'org1';
const caso: CaseContext = {
	procedimentoId: 'p1',
	organismoId: ORG,
	sedeId: 'milano',
	mediatorIds: ['med1'],
	partyUserIds: ['parteA', 'parteB'],
	lawyerUserIds: ['avvA'],
	ctuUserIds: ['ctu1'],
	observerUserIds: ['tirocinante']
};
const actor = (id: string, role: Role, extra: Partial<UserActor> = {}): UserActor => ({
	kind: 'user',
	id,
	role,
	organismoId: ORG,
	...extra
});
/** A guest admitted by a personal link (room invitation) of the case `p1`. */
const guest = (ruolo: GuestActor['ruolo'], extra: Partial<GuestActor> = {}): GuestActor => ({
	kind: 'guest',
	invitoId: `inv-${ruolo}`,
	stanzaId: 's1',
	procedimentoId: 'p1',
	organismoId: ORG,
	soggettoId: null,
	nome: 'Ospite',
	ruolo,
	...extra
});

// One row per kind of person: expected answers of every rule.
const matrix: Array<{
	who: string;
	a: Actor;
	view: boolean;
	manage: boolean;
	join: boolean;
	publish: boolean;
	moderate: boolean;
	verbale: 'write' | 'read' | 'none';
	riservato: boolean;
	upload: boolean;
}> = [
	{
		who: 'amministratore',
		a: actor('adm', 'amministratore'),
		view: true,
		manage: true,
		join: false,
		publish: false,
		moderate: false,
		verbale: 'write',
		riservato: true,
		upload: true
	},
	{
		who: 'responsabile',
		a: actor('resp', 'responsabile'),
		view: true,
		manage: true,
		join: false,
		publish: false,
		moderate: false,
		verbale: 'write',
		riservato: true,
		upload: true
	},
	{
		who: 'segreteria (all sedi)',
		a: actor('seg', 'segreteria'),
		view: true,
		manage: true,
		join: false,
		publish: false,
		moderate: false,
		verbale: 'write',
		riservato: true,
		upload: true
	},
	{
		who: 'segreteria (its sede)',
		a: actor('seg2', 'segreteria', { sedeIds: ['milano'] }),
		view: true,
		manage: true,
		join: false,
		publish: false,
		moderate: false,
		verbale: 'write',
		riservato: true,
		upload: true
	},
	{
		who: 'segreteria (other sede)',
		a: actor('seg3', 'segreteria', { sedeIds: ['roma'] }),
		view: false,
		manage: false,
		join: false,
		publish: false,
		moderate: false,
		verbale: 'none',
		riservato: false,
		upload: false
	},
	{
		who: 'assigned mediatore',
		a: actor('med1', 'mediatore'),
		view: true,
		manage: false,
		join: true,
		publish: true,
		moderate: true,
		verbale: 'write',
		riservato: true,
		upload: true
	},
	{
		who: 'other mediatore',
		a: actor('med2', 'mediatore'),
		view: false,
		manage: false,
		join: false,
		publish: false,
		moderate: false,
		verbale: 'none',
		riservato: false,
		upload: false
	},
	{
		who: 'avvocato of the case',
		a: actor('avvA', 'avvocato'),
		view: true,
		manage: false,
		join: true,
		publish: true,
		moderate: false,
		verbale: 'write',
		riservato: false,
		upload: true
	},
	{
		who: 'other avvocato',
		a: actor('avvX', 'avvocato'),
		view: false,
		manage: false,
		join: false,
		publish: false,
		moderate: false,
		verbale: 'none',
		riservato: false,
		upload: false
	},
	{
		who: 'parte of the case',
		a: actor('parteA', 'parte'),
		view: true,
		manage: false,
		join: true,
		publish: true,
		moderate: false,
		verbale: 'write',
		riservato: false,
		upload: true
	},
	{
		who: 'other parte',
		a: actor('parteX', 'parte'),
		view: false,
		manage: false,
		join: false,
		publish: false,
		moderate: false,
		verbale: 'none',
		riservato: false,
		upload: false
	},
	{
		who: 'ctu of the case',
		a: actor('ctu1', 'ctu'),
		view: true,
		manage: false,
		join: true,
		publish: true,
		moderate: false,
		verbale: 'read',
		riservato: false,
		upload: true
	},
	{
		who: 'tirocinante (observer)',
		a: actor('tirocinante', 'mediatore'),
		view: true,
		manage: false,
		join: true,
		publish: false,
		moderate: false,
		verbale: 'read',
		riservato: false,
		upload: false
	},
	{
		who: 'staff of another Organismo',
		a: actor('adm', 'amministratore', { organismoId: 'org2' }),
		view: false,
		manage: false,
		join: false,
		publish: false,
		moderate: false,
		verbale: 'none',
		riservato: false,
		upload: false
	},
	// Guests (personal links, no account): the role the link was made for, in its own case only;
	// they never upload (documents have an author account).
	...(['parte', 'rappresentante', 'avvocato'] as const).map((ruolo) => ({
		who: `guest ${ruolo} of the case`,
		a: guest(ruolo),
		view: true,
		manage: false,
		join: true,
		publish: true,
		moderate: false,
		verbale: 'write' as const,
		riservato: false,
		upload: false
	})),
	{
		who: 'guest ctu of the case',
		a: guest('ctu'),
		view: true,
		manage: false,
		join: true,
		publish: true,
		moderate: false,
		verbale: 'read',
		riservato: false,
		upload: false
	},
	...(['tirocinante', 'uditore'] as const).map((ruolo) => ({
		who: `guest ${ruolo} (observer) of the case`,
		a: guest(ruolo),
		view: true,
		manage: false,
		join: true,
		publish: false,
		moderate: false,
		verbale: 'read' as const,
		riservato: false,
		upload: false
	})),
	{
		who: 'guest of another procedimento',
		a: guest('parte', { procedimentoId: 'p2' }),
		view: false,
		manage: false,
		join: false,
		publish: false,
		moderate: false,
		verbale: 'none',
		riservato: false,
		upload: false
	},
	{
		who: 'guest of another Organismo',
		a: guest('avvocato', { organismoId: 'org2' }),
		view: false,
		manage: false,
		join: false,
		publish: false,
		moderate: false,
		verbale: 'none',
		riservato: false,
		upload: false
	}
];

describe('access rules matrix', () => {
	for (const row of matrix) {
		it(row.who, () => {
			expect(canViewCase(row.a, caso)).toBe(row.view);
			expect(canManageCase(row.a, caso)).toBe(row.manage);
			expect(canJoinMeeting(row.a, caso)).toBe(row.join);
			expect(meetingPermissions(row.a, caso)).toEqual({ join: row.join, publish: row.publish, moderate: row.moderate });
			expect(canMoveBetweenSpaces(row.a, caso)).toBe(row.moderate);
			expect(canLockVerbale(row.a, caso)).toBe(row.moderate);
			expect(verbaleAccess(row.a, caso, { locked: false })).toBe(row.verbale);
			expect(verbaleAccess(row.a, caso, { locked: true })).toBe(row.verbale === 'none' ? 'none' : 'read');
			expect(canViewDocument(row.a, caso, { riservato: false })).toBe(row.view);
			expect(canViewDocument(row.a, caso, { riservato: true, authorId: 'someone-else' })).toBe(row.riservato);
			expect(canUploadDocument(row.a, caso)).toBe(row.upload);
		});
	}

	it('the author of a riservato document can still see it', () => {
		expect(canViewDocument(actor('avvA', 'avvocato'), caso, { riservato: true, authorId: 'avvA' })).toBe(true);
	});

	it('a lawyer who is also a party is treated as the lawyer', () => {
		expect(caseRoleOf(actor('x', 'avvocato'), { ...caso, lawyerUserIds: ['x'], partyUserIds: ['x'] })).toBe('avvocato');
	});

	it('organisation-wide rights', () => {
		const roles: Role[] = ['amministratore', 'responsabile', 'segreteria', 'mediatore', 'avvocato', 'parte', 'ctu'];
		expect(roles.filter((r) => canManageUsers(actor('u', r)))).toEqual(['amministratore']);
		expect(roles.filter((r) => canViewAudit(actor('u', r)))).toEqual(['amministratore', 'responsabile']);
	});
});

describe('a proposed (not yet accepted) mediator', () => {
	const proposed = { ...caso, proposedMediatorIds: ['med9'] };
	const m = actor('med9', 'mediatore');
	it('may read the case data and answer the appointment, nothing else', async () => {
		const { canAnswerAppointment } = await import('#db/access/index.ts');
		expect(canViewCase(m, proposed)).toBe(true);
		expect(canAnswerAppointment(m, proposed)).toBe(true);
		expect(canViewDocument(m, proposed, { riservato: false })).toBe(false);
		expect(canUploadDocument(m, proposed)).toBe(false);
		expect(canJoinMeeting(m, proposed)).toBe(false);
		expect(verbaleAccess(m, proposed, { locked: false })).toBe('none');
		expect(canAnswerAppointment(actor('med1', 'mediatore'), proposed)).toBe(false);
	});
});

describe('guests have no rights of an account', () => {
	it('never staff, never organisation-wide rights, never versions or new verbali', async () => {
		const a = await import('#db/access/index.ts');
		for (const g of [guest('parte'), guest('avvocato'), guest('uditore')]) {
			expect(a.isStaff(g)).toBe(false);
			expect(a.canManageUsers(g)).toBe(false);
			expect(a.canViewAudit(g)).toBe(false);
			expect(a.canEditModelli(g)).toBe(false);
			expect(a.canUseProtocollo(g)).toBe(false);
			expect(a.canCreateVerbale(g, caso)).toBe(false);
			expect(a.canManageVersions(g, caso)).toBe(false);
			expect(a.canViewDocument(g, caso, { riservato: true, authorId: g.invitoId })).toBe(false);
			expect(a.canOpenRoom(g, caso)).toBe(false);
			expect(a.canManageRoom(g, caso)).toBe(false);
			expect(a.canBookMeeting(g, caso)).toBe(false);
			expect(a.rescheduleMode(g, caso, { mediatoreId: null }, 'diretta')).toBeNull();
		}
	});
});

describe('sede scope of the segreteria', () => {
	it('only a segreteria with sedi is limited; other roles cover every sede', async () => {
		const { coversSede, sedeScope } = await import('#db/access/index.ts');
		expect(sedeScope(actor('s', 'segreteria', { sedeIds: ['milano'] }))).toEqual(['milano']);
		expect(sedeScope(actor('s', 'segreteria', { sedeIds: [] }))).toBeNull();
		expect(sedeScope(actor('r', 'responsabile', { sedeIds: ['milano'] }))).toBeNull();
		expect(coversSede(actor('s', 'segreteria', { sedeIds: ['milano'] }), 'roma')).toBe(false);
		expect(coversSede(actor('s', 'segreteria', { sedeIds: ['milano'] }), 'milano')).toBe(true);
	});
});

describe('main menu (named rules, one row per role)', () => {
	const expected: Record<Role, string[]> = {
		amministratore: [
			'/protocollo',
			'/posta',
			'/mediatori',
			'/agenda',
			'/scadenze',
			'/sale',
			'/admin/utenti',
			'/admin/sedi',
			'/admin/materie',
			'/admin/tariffe',
			'/admin/portale',
			'/admin/modelli',
			'/admin/caselle',
			'/admin/firma',
			'/admin/operazioni',
			'/admin/registro'
		],
		responsabile: ['/protocollo', '/posta', '/mediatori', '/agenda', '/scadenze', '/sale', '/admin/caselle', '/admin/registro'],
		segreteria: ['/protocollo', '/posta', '/mediatori', '/agenda', '/scadenze', '/sale'],
		mediatore: ['/incarichi', '/agenda'],
		avvocato: [],
		parte: [],
		ctu: []
	};
	for (const [role, pages] of Object.entries(expected) as [Role, string[]][])
		it(role, async () => {
			const { navFor } = await import('../../src/lib/server/nav.ts');
			expect(navFor(actor('u', role)).map((i) => i.href)).toEqual([
				'/dashboard',
				'/procedimenti',
				...pages,
				...(['amministratore', 'responsabile', 'segreteria'].includes(role) ? ['/portale/approvazioni'] : []),
				'/portale/dati',
				'/account'
			]);
		});
});
