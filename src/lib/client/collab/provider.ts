import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { COLLAB_PATH, TERMINAL_CLOSE_CODES, collabShouldReconnect, verbaleDocName, type CollabStatus } from '$lib/protocol/collab';
import { listenCollabStatus } from '$lib/protocol/collab-status';

export interface VerbaleConnection {
	ydoc: Y.Doc;
	provider: WebsocketProvider;
	/** Called for every message of the server's status channel (lock, refused edits). */
	onStatus: ((status: CollabStatus) => void) | null;
	destroy(): void;
}

/** The collab WebSocket base URL of this origin (the session cookie travels with it). */
export function collabBaseUrl(loc: Location = window.location): string {
	return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${COLLAB_PATH}`;
}

/**
 * Opens the shared document of a verbale. y-websocket keeps edits made while offline in the
 * Y.Doc and sends them on reconnect; it stops retrying after a terminal close (401/403 codes,
 * document too large). `guest` is the token of a room guest link (people without an account).
 */
export function connectVerbale(procedimentoId: string, verbaleId: string, opts: { guest?: string } = {}): VerbaleConnection {
	const ydoc = new Y.Doc();
	const provider = new WebsocketProvider(collabBaseUrl(), verbaleDocName(procedimentoId, verbaleId), ydoc, {
		shouldReconnect: collabShouldReconnect,
		params: opts.guest ? { guest: opts.guest } : {},
		maxBackoffTime: 5_000
	});
	const conn: VerbaleConnection = {
		ydoc,
		provider,
		onStatus: null,
		destroy() {
			provider.destroy();
			ydoc.destroy();
		}
	};
	listenCollabStatus(provider, (status) => conn.onStatus?.(status));
	return conn;
}

export function isTerminalClose(code: number | undefined): boolean {
	return code !== undefined && TERMINAL_CLOSE_CODES.includes(code);
}

/** A stable, readable caret colour per user id (WCAG AA against white text labels). */
export function colorFor(id: string): string {
	const palette = ['#b3261e', '#1f6f43', '#0b57d0', '#8a3ffc', '#a04100', '#006a6a', '#7d2a6b', '#3c5a00'];
	let h = 0;
	for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
	return palette[h % palette.length];
}
