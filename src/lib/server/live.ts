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

/** After a verbale's lock or rights change, its open connections re-check their rights now. */
export async function reauthorizeDocument(docName: string): Promise<void> {
	await getLiveCollab()?.reauthorize(docName);
}

// The verbale document operations the pages need (named versions, restore), from the collab side.
export { readVerbaleState, replaceVerbaleContent, stateToJson } from '#collab/verbali.ts';
