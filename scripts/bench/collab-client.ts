// Simulated editors of bench:collab: y-websocket providers in Node, authenticated by cookie.
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { COLLAB_PATH } from '../../src/lib/protocol/collab.ts';

function cookieSocket(cookie: string): typeof globalThis.WebSocket {
	class CookieWebSocket extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, { headers: { cookie } });
		}
	}
	return CookieWebSocket as unknown as typeof globalThis.WebSocket;
}

/** One editor: its own Y.Doc and provider; `synced` resolves after the first full sync. */
export function connect(port: number, name: string, cookie: string) {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`ws://127.0.0.1:${port}${COLLAB_PATH}`, name, doc, {
		WebSocketPolyfill: cookieSocket(cookie),
		disableBc: true
	});
	const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()));
	return { doc, provider, synced };
}
