import { neutralizeBidi } from '../shared/text.ts';
import { z } from 'zod';

// Form fields of an upload (the files themselves are checked by mime.ts and repo.ts).

const optionalId = z
	.string()
	.trim()
	.max(64, 'Identificativo non valido.')
	.regex(/^[A-Za-z0-9_-]*$/, 'Identificativo non valido.')
	.optional()
	.transform((v) => (v ? v : null));

export const UploadFields = z.object({
	titolo: z
		.string()
		.trim()
		.max(200, 'Il titolo può avere al massimo 200 caratteri.')
		.optional()
		.transform((v) => (v ? v : null)),
	riservato: z
		.enum(['on', '1', 'true'], { error: 'Valore non valido per «Riservato al mediatore».' })
		.optional()
		.transform((v) => v !== undefined),
	serieId: optionalId,
	protocolloId: optionalId
});

export type UploadFields = z.infer<typeof UploadFields>;

export const MAX_NOME_FILE = 200;

/**
 * A safe display/download name from what the browser sent: no directories (old browsers send full
 * paths), no control characters, NFC, at most 200 characters keeping the extension.
 */
export function cleanFileName(raw: string): string {
	const base = raw.split(/[\\/]/).pop() ?? '';
	let name = [...neutralizeBidi(base.normalize('NFC'))]
		.filter((c) => {
			const code = c.charCodeAt(0);
			return code >= 0x20 && (code < 0x7f || code > 0x9f);
		})
		.join('')
		.trim();
	name = name.replace(/^\.+/, '').trim();
	if (name === '') name = 'documento';
	if (name.length > MAX_NOME_FILE) {
		const dot = name.lastIndexOf('.');
		const ext = dot > 0 && name.length - dot <= 11 ? name.slice(dot) : '';
		name = name.slice(0, MAX_NOME_FILE - ext.length) + ext;
	}
	return name;
}

/** Default title: the file name without its extension. */
export function titleFromFileName(nomeFile: string): string {
	const dot = nomeFile.lastIndexOf('.');
	return (dot > 0 ? nomeFile.slice(0, dot) : nomeFile).slice(0, 200);
}
