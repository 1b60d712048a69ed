/**
 * The small markup of verbale templates, editable by the amministratore, turned into ProseMirror
 * JSON for the verbale schema (db/verbali/editor-schema.ts). One block per line:
 *   `# `, `## `, `### ` headings; `- ` bullet items; `1. ` numbered items;
 *   `| a | b |` table rows (the first row of a table is its header); blank line = paragraph break;
 *   any other line is a paragraph. Inline: **bold**, *italic*, __underline__.
 * `{{name}}` placeholders are replaced before parsing (see templates.ts); a placeholder alone on
 * a line may expand to several lines (for example the table of the parties).
 */

export interface PmMark {
	type: 'bold' | 'italic' | 'underline';
}
export interface PmText {
	type: 'text';
	text: string;
	marks?: PmMark[];
}
export interface PmNode {
	type: string;
	attrs?: Record<string, unknown>;
	content?: (PmNode | PmText)[];
}

const BULLET = /^-(\s+|$)/;
const NUMBERED = /^\d+\.(\s+|$)/;
const INLINE = /(\*\*[^*]+\*\*|__[^_]+__|\*[^*]+\*)/;

/** Inline markup of one line to text nodes (no nesting, which templates do not need). */
export function parseInline(line: string): PmText[] {
	const out: PmText[] = [];
	for (const part of line.split(INLINE)) {
		if (!part) continue;
		let mark: PmMark['type'] | null = null;
		let text = part;
		if (part.startsWith('**') && part.endsWith('**') && part.length > 4) [mark, text] = ['bold', part.slice(2, -2)];
		else if (part.startsWith('__') && part.endsWith('__') && part.length > 4) [mark, text] = ['underline', part.slice(2, -2)];
		else if (part.startsWith('*') && part.endsWith('*') && part.length > 2) [mark, text] = ['italic', part.slice(1, -1)];
		out.push(mark ? { type: 'text', text, marks: [{ type: mark }] } : { type: 'text', text });
	}
	return out;
}

function paragraph(line: string): PmNode {
	const content = parseInline(line);
	return content.length ? { type: 'paragraph', content } : { type: 'paragraph' };
}

function cells(line: string): string[] {
	return line
		.trim()
		.replace(/^\|/, '')
		.replace(/\|$/, '')
		.split('|')
		.map((c) => c.trim());
}

/** Parses template markup into a ProseMirror `doc` JSON. */
export function markupToDoc(markup: string): PmNode {
	const content: PmNode[] = [];
	const lines = markup.replace(/\r\n?/g, '\n').split('\n');
	let i = 0;
	while (i < lines.length) {
		const line = lines[i];
		const trimmed = line.trim();
		if (trimmed === '') {
			i++;
			continue;
		}
		const heading = /^(#{1,3})\s+(.*)$/.exec(trimmed);
		if (heading) {
			content.push({ type: 'heading', attrs: { level: heading[1].length }, content: parseInline(heading[2]) });
			i++;
			continue;
		}
		const listKind = BULLET.test(trimmed) ? 'bulletList' : NUMBERED.test(trimmed) ? 'orderedList' : null;
		if (listKind) {
			const pattern = listKind === 'bulletList' ? BULLET : NUMBERED;
			const items: PmNode[] = [];
			while (i < lines.length && pattern.test(lines[i].trim())) {
				items.push({ type: 'listItem', content: [paragraph(lines[i].trim().replace(pattern, ''))] });
				i++;
			}
			content.push({ type: listKind, content: items });
			continue;
		}
		if (trimmed.startsWith('|')) {
			const rows: string[][] = [];
			while (i < lines.length && lines[i].trim().startsWith('|')) {
				const row = cells(lines[i]);
				if (!row.every((c) => /^:?-{3,}:?$/.test(c))) rows.push(row); // skip a Markdown |---| rule
				i++;
			}
			const width = Math.max(...rows.map((r) => r.length));
			content.push({
				type: 'table',
				content: rows.map((r, ri) => ({
					type: 'tableRow',
					content: Array.from({ length: width }, (_, ci) => ({
						type: ri === 0 ? 'tableHeader' : 'tableCell',
						content: [paragraph(r[ci] ?? '')]
					}))
				}))
			});
			continue;
		}
		content.push(paragraph(trimmed));
		i++;
	}
	if (content.length === 0) content.push({ type: 'paragraph' });
	return { type: 'doc', content };
}
