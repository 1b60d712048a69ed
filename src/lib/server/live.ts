import type { Db } from '#db/client.ts';
import type { CollabDocRef } from '#protocol/collab.ts';
import * as verbali from '#server/verbale-collab.ts';
import { appRuntime } from './runtime';

/**
 * The web app's way to the SFU and the collab service the composition root mounted on this web
 * server (server/runtime.ts). After a change of who may be where (logout, password change,
 * deactivation, a guest link revoked), the open verbale and room connections re-check their
 * rights now: whoever lost them is disconnected with the reason, instead of staying until they
 * reconnect.
 */
export async function reauthorizeLiveConnections(): Promise<void> {
	const { sfu, collab } = appRuntime();
	sfu.reauthorize();
	await collab.reauthorize();
}

/** The SFU's deployment-wide live counters (platform operator). */
export function liveSfuStats() {
	return appRuntime().sfu.stats();
}

/** After a verbale's lock or rights change, its open connections re-check their rights now. */
export async function reauthorizeDocument(docName: string): Promise<void> {
	await appRuntime().collab.reauthorize(docName);
}

/** The current state of a verbale, unsaved live edits included. */
export function readVerbaleState(db: Db, docName: string, ref: CollabDocRef): Promise<Uint8Array> {
	return verbali.readVerbaleState(db, appRuntime().collab, docName, ref);
}

/** Replaces a live verbale's content (restoring a version): a normal Yjs edit every editor sees. */
export function replaceVerbaleContent(docName: string, json: Parameters<typeof verbali.replaceVerbaleContent>[2]): Promise<boolean> {
	return verbali.replaceVerbaleContent(appRuntime().collab, docName, json);
}

export { stateToJson } from '#server/verbale-collab.ts';
