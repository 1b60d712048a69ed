/** The shape of every action result of the Incontri tab (defineAction's success or failure data). */
export interface IncontriFormState {
	ok: boolean;
	form: string;
	incontroId?: string;
	message?: string;
	/** Why nothing was saved (every message of a refusal; none when only warnings are to confirm). */
	messages?: readonly string[];
	warnings?: readonly string[];
	conferma?: boolean;
	values?: Record<string, unknown>;
}

export function asState(form: unknown): IncontriFormState | null {
	return form && typeof form === 'object' && 'form' in form ? (form as IncontriFormState) : null;
}

export function valueOf(state: IncontriFormState | null, form: string, key: string, fallback = ''): string {
	const v = state?.form === form ? state.values?.[key] : undefined;
	return typeof v === 'string' ? v : fallback;
}
