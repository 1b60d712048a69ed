import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { VERBALE_FIELD } from '#db/verbali/editor-schema.ts';
import { COLLAB_PATH, collabShouldReconnect, type CollabStatus } from '#protocol/collab.ts';
import { listenCollabStatus } from '#protocol/collab-status.ts';

function cookieSocket(cookie: string): typeof globalThis.WebSocket {
	class CookieWebSocket extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, { headers: { cookie } });
		}
	}
	return CookieWebSocket as unknown as typeof globalThis.WebSocket;
}

/**
 * A y-websocket client of a verbale as the editor opens it: with a session cookie, a guest token,
 * or both (a guest link opened in a logged-in browser). The provider is added to `providers` for
 * the caller's clean-up.
 */
export function verbaleClient(
	base: string,
	docName: string,
	as: { cookie: string; guest?: string } | { cookie?: string; guest: string },
	providers: WebsocketProvider[]
) {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`ws://${base}${COLLAB_PATH}`, docName, doc, {
		disableBc: true,
		shouldReconnect: collabShouldReconnect,
		...(as.cookie ? { WebSocketPolyfill: cookieSocket(as.cookie) } : {}),
		...(as.guest ? { params: { guest: as.guest } } : {})
	});
	providers.push(provider);
	const fragment = doc.getXmlFragment(VERBALE_FIELD);
	const statuses: CollabStatus[] = [];
	listenCollabStatus(provider, (s) => statuses.push(s));
	return {
		provider,
		doc,
		/** Every message of the server's status channel, in order. */
		statuses,
		/** The document status last announced by the server (e.g. `{ locked }`). */
		documentStatus: () => statuses.findLast((s) => s.document !== undefined)?.document ?? null,
		text: () => fragment.toString(),
		/** Appends a paragraph, as TipTap would. */
		append(text: string) {
			const p = new Y.XmlElement('paragraph');
			p.insert(0, [new Y.XmlText(text)]);
			fragment.insert(fragment.length, [p]);
		},
		/**
		 * Sends an awareness marker after whatever was sent before. The server handles one socket's
		 * messages in order and applies awareness for readers too, so once another client sees the
		 * marker, the server has already applied (or dropped) every earlier update of this client.
		 */
		mark(value: string) {
			provider.awareness.setLocalStateField('mark', value);
		}
	};
}
