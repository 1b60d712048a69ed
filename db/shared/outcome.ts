/**
 * The one result vocabulary of Accordo's use cases (db/ repos and services): either ok, with the
 * value's fields beside `ok` (so `r.id`, `r.message`), or a failure with a code among a few, an
 * Italian message for the user, optionally the form field it is about and warnings. The web maps
 * codes to HTTP statuses once (src/lib/server/action.ts: invalid 400, forbidden 403, not_found 404,
 * conflict 409, too_many 429, unavailable 503); the SFU has its own equivalent (SfuError + defineHandler).
 *
 * Confirmation flow (agenda): a failure with `confirm: true` has only warnings; the user may send
 * the same form again with confirmation and the use case then goes ahead.
 */

export const OUTCOME_CODES = ['invalid', 'forbidden', 'not_found', 'conflict', 'too_many', 'unavailable'] as const;
export type OutcomeCode = (typeof OUTCOME_CODES)[number];

export interface Failure {
	ok: false;
	code: OutcomeCode;
	/** Italian, shown to the user as it is. */
	message: string;
	/** The form field the message is about, if any. */
	field?: string;
	/** Every message when several checks failed at once (`message` is the first). */
	errors?: readonly string[];
	/** Warnings to show (with `confirm`, the only reason of the failure). */
	warnings?: readonly string[];
	/** Only warnings: the user may confirm and resubmit. */
	confirm?: boolean;
}

export type Ok<T extends object = object> = { ok: true; warnings?: readonly string[] } & T;

export type Outcome<T extends object = object> = Ok<T> | Failure;

export function ok(): Ok;
export function ok<T extends object>(value: T): Ok<T>;
export function ok<T extends object>(value?: T): Ok<T> {
	return { ok: true, ...(value as T) };
}

export function failure(code: OutcomeCode, message: string, extra: Omit<Partial<Failure>, 'ok' | 'code' | 'message'> = {}): Failure {
	return { ok: false, code, message, ...extra };
}

export const invalid = (message: string, field?: string): Failure => failure('invalid', message, field ? { field } : {});
export const forbidden = (message: string, field?: string): Failure => failure('forbidden', message, field ? { field } : {});
export const notFound = (message: string, field?: string): Failure => failure('not_found', message, field ? { field } : {});
export const conflict = (message: string, field?: string): Failure => failure('conflict', message, field ? { field } : {});

/** Several checks failed at once: the first message leads, all are kept in `errors`. */
export function invalidAll(messages: readonly string[], warnings: readonly string[] = []): Failure {
	return failure('invalid', messages[0] ?? 'Dati non validi.', { errors: messages, warnings });
}

/** Nothing is wrong but the user must confirm these warnings first. */
export function needsConfirmation(warnings: readonly string[]): Failure {
	return failure('conflict', warnings[0] ?? 'Conferma per procedere.', { errors: [], warnings, confirm: true });
}
