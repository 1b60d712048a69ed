/**
 * The one privacy rule of the room (caucus design): media and chat flow only between peers in the
 * same space. A peer in the lobby (spaceId null) neither hears nor is heard. Every consumer the
 * SFU creates and every chat message it delivers goes through these two functions.
 */
export interface SpaceMember {
	id: string;
	spaceId: string | null;
	closed: boolean;
}

export function canHear(listener: SpaceMember, speaker: SpaceMember): boolean {
	return (
		listener.id !== speaker.id &&
		!listener.closed &&
		!speaker.closed &&
		listener.spaceId !== null &&
		speaker.spaceId !== null &&
		listener.spaceId === speaker.spaceId
	);
}

/** `consumer` may receive `producer`'s media (audio, video or screen). */
export function canConsume(consumer: SpaceMember, producer: SpaceMember): boolean {
	return canHear(consumer, producer);
}
