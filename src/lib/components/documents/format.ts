const n1 = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1 });

/** 1536 -> "1,5 KB"; sizes in binary units, as the upload limit. */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} byte`;
	if (bytes < 1024 * 1024) return `${n1.format(bytes / 1024)} KB`;
	return `${n1.format(bytes / (1024 * 1024))} MB`;
}

export function extensionOf(name: string): string {
	const m = /\.([a-z0-9]{1,10})$/i.exec(name);
	return m ? m[1].toLowerCase() : '';
}
