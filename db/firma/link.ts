import type { CaseContext, FirmaLinkActor } from '../access/index.ts';
import type { Db } from '../client.ts';
import { signingKey, verificationKey } from '../organismi/keys.ts';
import { loadCaseContext } from '../procedimenti/context.ts';
import { signGuestToken, verifyGuestToken } from '../rooms/guest-token.ts';
import type { Outcome } from '../shared/outcome.ts';
import * as repo from './repo.ts';
import type { DestinatarioRow, ProcessoRow } from './repo.ts';

/**
 * Personal signing links for recipients without an account (parties, representatives, lawyers,
 * other participants): `/firma/<token>`, the token `kid.body.sig` in the format of the room guest
 * links (db/rooms/guest-token.ts) but signed with the Organismo's own `firma_link` key
 * (db/organismi/keys.ts), so a room link is never a signing link and one Organismo's key never
 * opens another's process. The payload names the recipient and the process and expires with the
 * process's deadline; the recipient row and the process state are checked on every request, so
 * removing the recipient or cancelling the process revokes the link at once.
 */

export const LINK_MESSAGES = {
	invalid: 'Il link per la firma non è valido. Usa il link ricevuto nell’ultimo messaggio o chiedi alla segreteria un nuovo link.',
	expired: 'Il link per la firma è scaduto: il termine per firmare questo documento è passato.',
	revoked: 'Il link per la firma non è più valido: il destinatario è stato rimosso dal processo di firma. Chiedi alla segreteria.',
	cancelled: 'Il link per la firma non è più valido: il processo di firma è stato annullato.'
} as const;

/** Path of a recipient's personal signing page. */
export function signingLinkPath(
	db: Db,
	p: Pick<ProcessoRow, 'id' | 'organismoId' | 'scadenza'>,
	d: Pick<DestinatarioRow, 'id'>,
	installationSecret: string | undefined
): string {
	const k = signingKey(db, p.organismoId, 'firma_link', installationSecret);
	return `/firma/${signGuestToken({ kid: k.kid, key: k.key }, { i: d.id, s: p.id, e: new Date(p.scadenza).getTime() })}`;
}

export interface LinkAccess {
	actor: FirmaLinkActor;
	ctx: CaseContext;
	processo: ProcessoRow;
	destinatario: DestinatarioRow;
}

/** Checks a signing link: signature with the Organismo's key, expiry, the recipient still there, the process not cancelled. */
export function resolveSigningLink(db: Db, token: unknown, installationSecret: string | undefined, now = Date.now()): Outcome<LinkAccess> {
	const found: { organismoId: string | null } = { organismoId: null };
	const check = verifyGuestToken(
		(kid) => {
			if (kid === null) return null; // no legacy links for signing
			const k = verificationKey(db, kid, 'firma_link', installationSecret);
			found.organismoId = k?.organismoId ?? null;
			return k?.key ?? null;
		},
		token,
		now
	);
	if (!check.ok)
		return {
			ok: false,
			code: check.reason === 'expired' ? 'conflict' : 'not_found',
			message: LINK_MESSAGES[check.reason === 'expired' ? 'expired' : 'invalid']
		};
	const processo = found.organismoId ? repo.getProcesso(db, found.organismoId, check.payload.s) : undefined;
	if (!processo) return { ok: false, code: 'not_found', message: LINK_MESSAGES.invalid };
	if (processo.stato === 'annullato') return { ok: false, code: 'conflict', message: LINK_MESSAGES.cancelled };
	const destinatario = repo.getDestinatario(db, processo.id, check.payload.i);
	if (!destinatario) return { ok: false, code: 'conflict', message: LINK_MESSAGES.revoked };
	const ctx = loadCaseContext(db, processo.procedimentoId);
	if (!ctx || ctx.organismoId !== processo.organismoId) return { ok: false, code: 'not_found', message: LINK_MESSAGES.invalid };
	return {
		ok: true,
		actor: {
			kind: 'firma_link',
			organismoId: processo.organismoId,
			procedimentoId: processo.procedimentoId,
			processoId: processo.id,
			destinatarioId: destinatario.id
		},
		ctx,
		processo,
		destinatario
	};
}
