import { error } from '@sveltejs/kit';
import { z } from 'zod';

export type FieldErrors = Record<string, string>;

/**
 * Parses a form with a zod schema. On failure returns the first Italian message per field and
 * the submitted values (without passwords) so the form keeps what the user typed.
 */
export function parseForm<S extends z.ZodType>(
	schema: S,
	form: FormData,
	opts: { secret?: readonly string[] } = {}
): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors; values: Record<string, string> } {
	const raw: Record<string, string> = {};
	for (const [key, value] of form.entries()) if (typeof value === 'string') raw[key] = value;
	const parsed = schema.safeParse(raw);
	if (parsed.success) return { ok: true, data: parsed.data };
	const errors: FieldErrors = {};
	for (const issue of parsed.error.issues) {
		const key = String(issue.path[0] ?? 'form');
		errors[key] ??= issue.message;
	}
	const values = Object.fromEntries(Object.entries(raw).filter(([k]) => !(opts.secret ?? []).includes(k)));
	return { ok: false, errors, values };
}

/**
 * A calendar date in a query string (YYYY-MM-DD), a real day between 2000 and 2100: "9999-12-31"
 * or "2026-13-45" are not dates the agenda or the registry can compute with.
 */
export const QueryDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'Data non valida (formato AAAA-MM-GG).')
	.refine((d) => {
		const [y, m, day] = d.split('-').map(Number);
		const t = new Date(Date.UTC(y, m - 1, day));
		return y >= 2000 && y <= 2100 && t.getUTCMonth() === m - 1 && t.getUTCDate() === day;
	}, 'Data non valida.');

/**
 * Parses the query string of a load or endpoint with a zod schema; bad input answers 400 with the
 * first Italian message (never a 500 from a throwing parse).
 */
export function parseQuery<S extends z.ZodType>(schema: S, url: URL): z.output<S> {
	const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
	if (parsed.success) return parsed.data;
	const issue = parsed.error.issues[0];
	const field = issue?.path.join('.') || 'parametro';
	error(400, { message: `Richiesta non valida: ${field}: ${italianMessage(issue)}`, code: 'bad_request' });
}

/** The schema's own (Italian) message, or a generic Italian one for zod's built-in English ones. */
function italianMessage(issue: z.core.$ZodIssue | undefined): string {
	if (!issue || /^(Invalid|Too |Expected|Required)/.test(issue.message)) return 'valore non valido';
	return issue.message;
}

/**
 * The filters of a page, from its query string. A value the schema refuses is left out (the other
 * filters still apply) and reported per parameter in Italian; the page still renders with its form
 * so the person sees what was wrong, and the response answers 400 (`locals.badQuery`, turned into
 * the status by hooks.server.ts). Parameters the schema does not name are ignored.
 */
export function parseFilters<S extends z.ZodObject>(
	event: { url: URL; locals: App.Locals },
	schema: S,
	params: URLSearchParams = event.url.searchParams
): { data: z.output<S>; errors: FieldErrors } {
	const raw: Record<string, string> = {};
	for (const key of Object.keys(schema.shape)) {
		const v = params.get(key);
		if (v !== null) raw[key] = v;
	}
	const errors: FieldErrors = {};
	for (let round = 0; round < 3; round++) {
		const parsed = schema.safeParse(raw);
		if (parsed.success) {
			if (Object.keys(errors).length > 0) event.locals.badQuery = true;
			return { data: parsed.data, errors };
		}
		for (const issue of parsed.error.issues) {
			const key = String(issue.path[0] ?? 'parametro');
			errors[key] ??= italianMessage(issue);
			delete raw[key];
		}
	}
	event.locals.badQuery = true;
	return { data: schema.parse({}), errors };
}
