import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { Failure, Ok, Outcome, OutcomeCode } from '#db/shared/outcome.ts';
import type { FieldErrors } from './validation';

/** The one mapping of outcome codes to HTTP statuses for form actions. */
export const OUTCOME_STATUS: Readonly<Record<OutcomeCode, number>> = {
	invalid: 400,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	too_many: 429,
	unavailable: 503
};

/** What every failed action sends back to its page (`form` in the page's props). */
export interface ActionFailureData {
	/** Which form of the page answered (pages with several forms). */
	form?: string;
	ok: false;
	code: OutcomeCode;
	message: string;
	field?: string;
	/** Italian message per field: zod's first issue per field, or the use case's `field`. */
	errors: FieldErrors;
	/** What the user typed (secrets left out), so the form re-fills. */
	values: FormValues;
	/** Every message (several when several checks failed). */
	messages: readonly string[];
	warnings: readonly string[];
	/** Only warnings: the form offers to confirm them. */
	conferma: boolean;
	/** Echoed fields (`echo`) and data the use case attached to its refusal. */
	[extra: string]: unknown;
}

/** The typed fields of a form: one string, or several for multi-valued fields. */
export type FormValues = Record<string, string | string[]>;

export type ActionSuccessData<T extends object> = Ok<T> & { form?: string };

export interface ActionOptions<G> {
	/** Name of the form, echoed in the answer. */
	form?: string;
	/**
	 * Runs before parsing (sign-in, case, permission: it throws SvelteKit errors); its result reaches
	 * `run`. It may also refuse with a Failure (the object the form is about does not exist): the
	 * form is then not parsed and the use case does not run.
	 */
	guard?: (event: RequestEvent, form: FormData) => G | Failure;
	/** Fields never sent back (passwords). */
	secret?: readonly string[];
	/** Message of a zod failure (default: the first field's message). */
	invalidMessage?: string;
	/** The object zod parses (default: the form's string fields; override for multi-valued fields). */
	raw?: (form: FormData) => Record<string, unknown>;
	/** The form field of a zod issue (default: the first segment of its path; nested inputs map theirs). */
	fieldOf?: (path: readonly PropertyKey[]) => string;
	/** Fields sent back in every answer, ok or not (which row of a list the answer is about). */
	echo?: (form: FormData) => Record<string, unknown>;
}

export interface ActionContext<G> {
	event: RequestEvent;
	form: FormData;
	guard: G;
	/** What the user typed, as sent back on failure. */
	values: FormValues;
}

function isFailure(v: unknown): v is Failure {
	return typeof v === 'object' && v !== null && (v as { ok?: unknown }).ok === false && typeof (v as { code?: unknown }).code === 'string';
}

/** The form's string fields (what zod parses by default, and what a page's `raw` usually extends). */
export function stringFields(form: FormData): Record<string, unknown> {
	const raw: Record<string, string> = {};
	for (const [key, value] of form.entries()) if (typeof value === 'string') raw[key] = value;
	return raw;
}

function failureData(
	f: Failure,
	form: string | undefined,
	values: FormValues,
	errors: FieldErrors,
	echo: Record<string, unknown> = {}
): ActionFailureData {
	// Data a use case attaches to its refusal (the rotation's trace, for one) reaches the page too.
	const { ok: _ok, code: _code, message: _message, field: _field, errors: _errors, warnings: _warnings, confirm: _confirm, ...extra } = f;
	return {
		...extra,
		...echo,
		...(form ? { form } : {}),
		ok: false,
		code: f.code,
		message: f.message,
		...(f.field ? { field: f.field } : {}),
		errors,
		values,
		messages: f.errors?.length ? f.errors : f.confirm ? [] : [f.message],
		warnings: f.warnings ?? [],
		conferma: f.confirm ?? false
	};
}

/** Maps a failed outcome to SvelteKit's fail() with its status: the only place that does it. */
export function failOutcome(f: Failure, opts: { form?: string; values?: FormValues } = {}): ActionFailure<ActionFailureData> {
	return fail(OUTCOME_STATUS[f.code], failureData(f, opts.form, opts.values ?? {}, f.field ? { [f.field]: f.message } : {}));
}

/**
 * A SvelteKit form action: runs the guard (who may), parses the FormData with the zod schema
 * (bad input: 400 with the Italian messages per field and what the user typed), runs the use case
 * and maps its Outcome: ok -> the value (with `form`), failure -> fail(status of its code).
 */
export function defineAction<S extends z.ZodType, T extends object, G = undefined>(
	schema: S,
	run: (input: z.infer<S>, ctx: ActionContext<NoInfer<G>>) => Outcome<T> | Promise<Outcome<T>>,
	opts: ActionOptions<G> = {}
): (event: RequestEvent) => Promise<ActionSuccessData<T> | ActionFailure<ActionFailureData>> {
	return async (event) => {
		const form = await event.request.formData();
		const guarded = opts.guard ? opts.guard(event, form) : undefined;
		const echo = opts.echo ? opts.echo(form) : {};
		const raw = opts.raw ? opts.raw(form) : stringFields(form);
		const values = Object.fromEntries(
			Object.entries(raw).filter(
				([k, v]) =>
					!(opts.secret ?? []).includes(k) && (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))
			)
		) as FormValues;
		if (isFailure(guarded))
			return fail(
				OUTCOME_STATUS[guarded.code],
				failureData(guarded, opts.form, values, guarded.field ? { [guarded.field]: guarded.message } : {}, echo)
			);
		const guard = guarded as G;
		const parsed = schema.safeParse(raw);
		if (!parsed.success) {
			const errors: FieldErrors = {};
			const fieldOf = opts.fieldOf ?? ((path: readonly PropertyKey[]) => String(path[0] ?? 'form'));
			for (const issue of parsed.error.issues) errors[fieldOf(issue.path)] ??= issue.message;
			const messages = Object.values(errors);
			const message = opts.invalidMessage ?? messages[0] ?? 'Dati non validi.';
			return fail(400, failureData({ ok: false, code: 'invalid', message, errors: messages }, opts.form, values, errors, echo));
		}
		const r = await run(parsed.data, { event, form, guard, values });
		if (!r.ok) return fail(OUTCOME_STATUS[r.code], failureData(r, opts.form, values, r.field ? { [r.field]: r.message } : {}, echo));
		return { ...echo, ...(opts.form ? { form: opts.form } : {}), ...r };
	};
}
