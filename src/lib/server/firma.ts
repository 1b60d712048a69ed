import { fileStoreFor } from '#db/documents/storage.ts';
import { avvisaMediatore, avvisaRifiuto, trasmettiFirmato, type InvioDeps } from '#db/firma/invii.ts';
import type { RemoteSignatureProvider } from '#db/firma/provider.ts';
import type { FirmaDeps } from '#db/firma/service.ts';
import { appRuntime } from './runtime';

/** The configured remote signature provider of this process (built by the composition root from FIRMA_PROVIDER). */
export function remoteProvider(): RemoteSignatureProvider | null {
	return appRuntime().firmaProvider;
}

/** Links in e-mails: ORIGIN when set, else the origin of the request that caused the message. */
export function invioDeps(origin: string): InvioDeps {
	const { db, config } = appRuntime();
	return { db, store: fileStoreFor(db), origin: config.origin ?? origin, linkSecret: config.guestLinkSecret };
}

/** What the firma use cases need in a request: the database, files, provider, TSA and the sending hooks. */
export function firmaDeps(origin: string, organismoId: string): FirmaDeps {
	const { config, firmaProvider } = appRuntime();
	const invio = invioDeps(origin);
	return {
		db: invio.db,
		store: invio.store,
		provider: firmaProvider,
		tsaUrl: config.firma.tsaUrl,
		providerTimeoutMs: config.firma.providerTimeoutMs,
		hooks: {
			completato: async (e) => {
				await trasmettiFirmato(invio, e.processoId, organismoId);
			},
			prontoPerMediatore: async (e) => {
				await avvisaMediatore(invio, e.processoId, e.organismoId);
			},
			rifiutato: async (e) => {
				await avvisaRifiuto(invio, e.processoId, e.organismoId, e.destinatarioId);
			}
		}
	};
}
