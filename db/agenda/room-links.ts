import type { Db } from '../client.ts';
import { createInvito, listInviti } from '../rooms/invitations.ts';
import { stanzaPath } from '../rooms/repo.ts';
import { soggettiCaso } from './occupazioni.ts';

export interface LinkPartecipante {
	soggettoId: string;
	nome: string;
	/** 'account': the case room page (after login); 'ospite': a personal guest link; null: none yet. */
	tipo: 'account' | 'ospite' | null;
	link: string | null;
}

/** Path of a guest link (the /stanza/[token] page of the video-room module). */
export const guestPath = (token: string) => `/stanza/${token}`;

/**
 * The room link of each remote participant of a telematica/mista meeting: people with an account
 * use the case's room page; the others get a personal guest link (db/rooms invitations), created
 * when `crea` is set and none is active.
 */
export function linkPartecipanti(
	db: Db,
	procedimentoId: string,
	remoti: readonly string[],
	opts: { crea?: { actor: { id: string; organismoId: string } }; now?: Date } = {}
): LinkPartecipante[] {
	const now = opts.now ?? new Date();
	const people = soggettiCaso(db, procedimentoId).filter((s) => remoti.includes(s.id));
	const active = new Map<string, string>();
	for (const inv of listInviti(db, procedimentoId))
		if (inv.soggettoId && !inv.revokedAt && inv.expiresAt.getTime() > now.getTime() && !active.has(inv.soggettoId))
			active.set(inv.soggettoId, inv.token);
	return people.map((s) => {
		if (s.userId) return { soggettoId: s.id, nome: s.nome, tipo: 'account', link: stanzaPath(procedimentoId) };
		let token = active.get(s.id) ?? null;
		if (!token && opts.crea) {
			const r = createInvito(db, opts.crea.actor, { procedimentoId, soggettoId: s.id }, now);
			if (r.ok) token = r.token;
		}
		return { soggettoId: s.id, nome: s.nome, tipo: token ? 'ospite' : null, link: token ? guestPath(token) : null };
	});
}
