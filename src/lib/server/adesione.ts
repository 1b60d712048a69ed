import { error } from '@sveltejs/kit';
import type { NotificaDeps } from '#db/adesioni/service.ts';
import { TokenAccesso } from '#db/adesioni/schemas.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { getOrganismoBySlug } from '#db/organismi/repo.ts';
import { appRuntime } from './runtime';

/** The Organismo of a public page /o/<slug>/...: 404 when there is none. */
export function organismoPubblico(slug: string) {
	const o = getOrganismoBySlug(appRuntime().db, slug);
	if (!o) error(404, { message: 'Organismo non trovato.', code: 'not_found' });
	return o;
}

/** A personal link's token from the URL (zod): a malformed one is simply not found. */
export function tokenDa(raw: string | undefined): string {
	const t = TokenAccesso.safeParse(raw ?? '');
	if (!t.success) error(404, { message: 'Collegamento non valido.', code: 'not_found' });
	return t.data;
}

/** Database, files and the public origin for links in e-mails (ORIGIN, else the request's). */
export function adesioneDeps(origin: string): NotificaDeps {
	const { db, config } = appRuntime();
	return { db, store: fileStoreFor(db), origin: config.origin ?? origin };
}

export const brand = (o: { denominazione: string; numeroRegistro: string; colore: string | null; slug: string | null }) => ({
	denominazione: o.denominazione,
	numeroRegistro: o.numeroRegistro,
	colore: o.colore,
	slug: o.slug
});
