import { getLiveCollab } from '#collab/live.ts';
import { getLiveSfu } from '#sfu/live.ts';

/**
 * After a change of who may be where (logout, password change, deactivation, a guest link
 * revoked), the open verbale and room connections of this process re-check their rights now:
 * whoever lost them is disconnected with the reason, instead of staying until they reconnect.
 * When the SFU or collab runs as its own process this reaches nothing (see collab/live.ts).
 */
export async function reauthorizeLiveConnections(): Promise<void> {
	getLiveSfu()?.reauthorize();
	await getLiveCollab()?.reauthorize();
}

/** The SFU's deployment-wide live counters (platform operator), or null when it runs elsewhere. */
export function liveSfuStats() {
	return getLiveSfu()?.stats() ?? null;
}
