import { env } from '$env/dynamic/private';
import { fileStoreFor } from '#db/documents/storage.ts';
import { avvisaMediatore, trasmettiFirmato, type InvioDeps } from '#db/firma/invii.ts';
import { firmaSettings, providerFromSettings } from '#db/firma/provider-settings.ts';
import type { RemoteSignatureProvider } from '#db/firma/provider.ts';
import type { FirmaDeps } from '#db/firma/service.ts';
import { getDb } from './db';

let provider: { value: RemoteSignatureProvider | null } | null = null;

function settings() {
	return firmaSettings(env);
}

/** The configured remote signature provider of this process (one instance: it holds the OTP state). */
export function remoteProvider(): RemoteSignatureProvider | null {
	provider ??= { value: providerFromSettings(settings()) };
	return provider.value;
}

/** Links in e-mails: ORIGIN when set, else the origin of the request that caused the message. */
export function invioDeps(origin: string): InvioDeps {
	const db = getDb();
	return { db, store: fileStoreFor(db), origin: env.ORIGIN || origin };
}

/** What the firma use cases need in a request: the database, files, provider, TSA and the sending hooks. */
export function firmaDeps(origin: string, organismoId: string): FirmaDeps {
	const s = settings();
	const invio = invioDeps(origin);
	return {
		db: invio.db,
		store: invio.store,
		provider: remoteProvider(),
		tsaUrl: s.FIRMA_TSA_URL ?? null,
		providerTimeoutMs: s.FIRMA_PROVIDER_TIMEOUT * 1000,
		hooks: {
			completato: async (e) => {
				await trasmettiFirmato(invio, e.processoId, organismoId);
			},
			prontoPerMediatore: async (e) => {
				await avvisaMediatore(invio, e.processoId, e.organismoId);
			}
		}
	};
}
