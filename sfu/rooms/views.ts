import type { RoomState, SpaceInfo } from '#protocol/signalling.ts';
import type { Peer } from './Peer.ts';

export interface RoomFacts {
	stanzaId: string;
	procedimentoId: string;
	autoAdmit: boolean;
	capacity: number;
	expiresAt: number;
	spaces: SpaceInfo[];
	peers: Peer[];
}

/**
 * What `viewer` may know about the room. Moderators see all spaces, all peers and the lobby; the
 * others see their own space and the people in it (who can hear them), and nothing of the other
 * spaces: a party does not learn who sits in the other side's caucus.
 */
export function roomStateFor(viewer: Peer, facts: RoomFacts): RoomState {
	const moderator = viewer.identity.moderator;
	const live = facts.peers.filter((p) => !p.closed);
	const admitted = live.filter((p) => p.spaceId !== null);
	return {
		stanzaId: facts.stanzaId,
		procedimentoId: facts.procedimentoId,
		me: viewer.info(),
		moderator,
		spaces: moderator ? facts.spaces : facts.spaces.filter((s) => s.id === viewer.spaceId),
		peers: (moderator ? admitted : admitted.filter((p) => viewer.spaceId !== null && p.spaceId === viewer.spaceId)).map((p) => p.info()),
		lobby: moderator ? live.filter((p) => p.spaceId === null).map((p) => p.info()) : [],
		autoAdmit: facts.autoAdmit,
		capacity: facts.capacity,
		expiresAt: facts.expiresAt,
		mediatorPresent: admitted.some((p) => p.identity.moderator)
	};
}
