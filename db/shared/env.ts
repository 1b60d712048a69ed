import { z } from 'zod';

/**
 * Building blocks of the environment schema (server/config.ts) and of the per-process field groups
 * it is made of (sfu/config.ts, sfu/turn.ts, collab/config.ts). A message is written in English and
 * Italian: `bilingual(en, it)` keeps both, and formatEnvIssues prints them on two lines.
 */
export type Env = Record<string, string | undefined>;

const SEPARATOR = '\n';

/** One issue message in both languages (the start-up error shows both). */
export function bilingual(en: string, it: string): string {
	return `${en}${SEPARATOR}${it}`;
}

/** Unset and blank variables both mean "use the default". */
export function blankToUndefined(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}

/** An optional whole number in [min, max]; blank means unset. */
export function wholeNumber(name: string, min: number, max: number) {
	const message = bilingual(
		`${name} must be a whole number between ${min} and ${max}`,
		`${name} deve essere un numero intero tra ${min} e ${max}`
	);
	return z.preprocess(
		blankToUndefined,
		z
			.string()
			.regex(/^\d+$/, message)
			.transform(Number)
			.refine((n) => n >= min && n <= max, message)
			.optional()
	);
}

/** An optional string; blank means unset. */
export function optionalText() {
	return z.preprocess(blankToUndefined, z.string().optional());
}

/** One of `values`; blank means unset. */
export function oneOf<const T extends readonly [string, ...string[]]>(name: string, values: T) {
	return z.preprocess(
		blankToUndefined,
		z
			.enum(values, {
				error: bilingual(`${name} must be one of ${values.join(', ')}`, `${name} deve essere uno tra ${values.join(', ')}`)
			})
			.optional()
	);
}

/** A comma-separated list of http(s) origins (`https://accordo.example.it`), or undefined when empty. */
export function originList(name: string) {
	const message = bilingual(
		`${name} must be a comma-separated list of origins such as https://accordo.example.it`,
		`${name} deve essere un elenco di origini separate da virgole, ad esempio https://accordo.example.it`
	);
	return z.preprocess(
		blankToUndefined,
		z
			.string()
			.transform((s) =>
				s
					.split(',')
					.map((o) => o.trim())
					.filter(Boolean)
			)
			.refine((list) => list.every((o) => /^https?:\/\/[^/\s]+$/.test(o.replace(/\/$/, ''))), message)
			.optional()
	);
}

/**
 * The lines of a failed parse: `  - <english> (got "<value>")` then the Italian text, per issue.
 * The value of a `secret` variable is never printed.
 */
export function formatEnvIssues(error: z.ZodError, env: Env, secret: ReadonlySet<string> = new Set()): string[] {
	return error.issues.map((issue) => {
		// Issues about one variable carry its name as path; cross-variable checks have an empty path.
		const key = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
		const got = key === undefined || env[key] === undefined ? '' : secret.has(key) ? ' (value not shown)' : ` (got "${env[key]}")`;
		const [en, it] = issue.message.split(SEPARATOR);
		return `  - ${en}${got}${it ? `\n    ${it}` : ''}`;
	});
}
