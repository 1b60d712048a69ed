import type { Db } from '#db/client.ts';
import { caseRoleOf, loadActor, meetingPermissions, type CaseRole } from '#db/access/index.ts';
import { loadCaseContext } from '#db/procedimenti/context.ts';
import { ensureStanza, getStanza } from '#db/rooms/repo.ts';
import { resolveGuestToken } from '#db/rooms/invitations.ts';
import type { ParticipantRole, SocketGuest, SocketUser } from '#protocol/signalling.ts';
import { SfuError } from '../handler.ts';
import type { StanzaFacts } from './registry.ts';
import type { PeerIdentity } from './types.ts';

export interface Admission {
	identity: PeerIdentity;
	stanza: StanzaFacts;
}

function participantRole(role: CaseRole): ParticipantRole {
	switch (role) {
		case 'mediatore':
			return 'mediatore';
		case 'avvocato':
			return 'avvocato';
		case 'ctu':
			return 'ctu';
		case 'osservatore':
			return 'uditore';
		default:
			return 'parte';
	}
}

function stanzaFacts(
	row: {
		id: string;
		procedimentoId: string;
		capienza: number;
		ammissioneAutomatica: boolean;
		expiresAt: Date;
	},
	organismoId: string
): StanzaFacts {
	if (row.expiresAt.getTime() <= Date.now()) throw new SfuError('room_expired');
	return {
		stanzaId: row.id,
		procedimentoId: row.procedimentoId,
		organismoId,
		capacity: row.capienza,
		autoAdmit: row.ammissioneAutomatica,
		expiresAt: row.expiresAt.getTime()
	};
}

/**
 * Who may enter which stanza, decided from the database at every `room:join` (permissions may have
 * changed since the handshake). Users: meetingPermissions() of their role in the case; the mediator
 * opens the stanza on demand. Guests: their link, re-checked (revocation, expiry).
 */
export function admitUser(db: Db, user: SocketUser, procedimentoId: string | undefined): Admission {
	if (!procedimentoId) throw new SfuError('bad_request');
	const ctx = loadCaseContext(db, procedimentoId);
	if (!ctx) throw new SfuError('not_found');
	const actor = loadActor(db, user);
	const perms = meetingPermissions(actor, ctx);
	const role = caseRoleOf(actor, ctx);
	if (!perms.join || !role) throw new SfuError('forbidden');
	const row = getStanza(db, procedimentoId) ?? (perms.moderate ? ensureStanza(db, procedimentoId) : null);
	if (!row) throw new SfuError('not_found', 'La stanza online di questo procedimento non è ancora stata aperta dalla segreteria.');
	return {
		stanza: stanzaFacts(row, ctx.organismoId),
		identity: {
			key: `user:${user.id}`,
			name: `${user.nome} ${user.cognome}`.trim(),
			role: participantRole(role),
			guest: false,
			moderator: perms.moderate,
			publish: perms.publish
		}
	};
}

export function admitGuest(db: Db, guest: SocketGuest, token: unknown): Admission {
	const check = resolveGuestToken(db, token);
	if (!check.ok || check.guest.invitoId !== guest.invitoId) throw new SfuError('invalid_link', check.ok ? undefined : check.message);
	const guestActor = check.guest;
	const row = getStanza(db, guestActor.procedimentoId);
	const ctx = row ? loadCaseContext(db, guestActor.procedimentoId) : null;
	if (!row || !ctx) throw new SfuError('not_found');
	const perms = meetingPermissions(guestActor, ctx);
	if (!perms.join) throw new SfuError('forbidden');
	return {
		stanza: stanzaFacts(row, ctx.organismoId),
		identity: {
			key: `guest:${guest.invitoId}`,
			name: guest.nome,
			role: guest.ruolo,
			guest: true,
			moderator: perms.moderate,
			publish: perms.publish
		}
	};
}

/**
 * The live re-check of a peer already in a room (sfu.reauthorize, after any change of who may do
 * what in a case): the same rules as room:join, run again for the room's procedimento.
 * 'same' = nothing changed; 'changed' = still allowed, with other rights (moderator, publish,
 * role): the peer must rejoin to get them; otherwise the Italian reason they may no longer be here.
 */
export function readmit(
	db: Db,
	who: { user: SocketUser | null; guest: SocketGuest | null; guestToken: unknown },
	procedimentoId: string,
	current: PeerIdentity
): 'same' | 'changed' | { refused: string } {
	let admission: Admission;
	try {
		if (who.guest) admission = admitGuest(db, who.guest, who.guestToken);
		else if (who.user) admission = admitUser(db, who.user, procedimentoId);
		else return { refused: 'La sessione è terminata: accedi di nuovo per rientrare.' };
	} catch (error) {
		if (error instanceof SfuError) return { refused: LOST_ACCESS[error.code] ?? error.message };
		throw error;
	}
	if (admission.stanza.procedimentoId !== procedimentoId) return { refused: LOST_FORBIDDEN };
	const next = admission.identity;
	const same = next.moderator === current.moderator && next.publish === current.publish && next.role === current.role;
	return same ? 'same' : 'changed';
}

const LOST_FORBIDDEN = 'Non partecipi più a questo procedimento: la stanza è stata chiusa per te.';
const LOST_ACCESS: Partial<Record<SfuError['code'], string>> = {
	forbidden: LOST_FORBIDDEN,
	not_found: 'Il procedimento o la sua stanza non sono più disponibili.'
};
