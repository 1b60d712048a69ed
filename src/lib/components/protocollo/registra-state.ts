/** What RegistrazioneFields shows after a refused "registra" (defineAction's failure data), or nothing. */
export interface RegistraState {
	values: Record<string, string>;
	errors: Record<string, string>;
	documenti: string[];
}

export function registraState(form: unknown): RegistraState | null {
	if (!form || typeof form !== 'object') return null;
	const f = form as { form?: unknown; ok?: unknown; values?: Record<string, unknown>; errors?: Record<string, string> };
	if (f.form !== 'registra' || f.ok !== false) return null;
	const values: Record<string, string> = {};
	for (const [k, v] of Object.entries(f.values ?? {})) if (typeof v === 'string') values[k] = v;
	const docs = f.values?.documenti;
	return { values, errors: f.errors ?? {}, documenti: Array.isArray(docs) ? docs.filter((d): d is string => typeof d === 'string') : [] };
}
