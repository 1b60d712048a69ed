/**
 * Content-Disposition with an RFC 6266 / RFC 5987 filename: an ASCII fallback in `filename` (accents
 * dropped, quotes and other unsafe characters replaced) and the exact UTF-8 name in `filename*`.
 */
export function contentDisposition(type: 'inline' | 'attachment', fileName: string): string {
	const fallback =
		fileName
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.replace(/[^\x20-\x7e]|["\\%;]/g, '_')
			.trim() || 'documento';
	return `${type}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}

/** Percent-encoding of RFC 5987 `value-chars` (attr-char stays as is). */
export function encodeRfc5987(value: string): string {
	return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
