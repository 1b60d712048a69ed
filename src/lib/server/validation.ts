import type { z } from 'zod';

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
