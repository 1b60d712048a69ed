/** The shape of every action result of the Incontri tab (success or failure). */
export interface IncontriFormState {
	ok: boolean;
	form: string;
	incontroId?: string;
	message?: string;
	errors?: string[];
	warnings?: string[];
	conferma?: boolean;
	fields?: Record<string, string>;
	values?: Record<string, unknown>;
}

export function asState(form: unknown): IncontriFormState | null {
	return form && typeof form === 'object' && 'form' in form ? (form as IncontriFormState) : null;
}

export function valueOf(state: IncontriFormState | null, form: string, key: string, fallback = ''): string {
	const v = state?.form === form ? state.values?.[key] : undefined;
	return typeof v === 'string' ? v : fallback;
}
