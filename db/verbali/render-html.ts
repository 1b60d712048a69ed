import type { PmNode, PmText } from './markup.ts';

const TAGS: Record<string, string> = {
	paragraph: 'p',
	bulletList: 'ul',
	orderedList: 'ol',
	listItem: 'li',
	table: 'table',
	tableRow: 'tr',
	tableCell: 'td',
	tableHeader: 'th'
};
const MARKS: Record<string, string> = { bold: 'strong', italic: 'em', underline: 'u' };

function escape(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Read-only HTML of a stored verbale version (ProseMirror JSON of the verbale schema). Only known
 * node and mark types become tags; every text is escaped, attributes are never copied.
 */
export function renderVerbaleHtml(node: PmNode | PmText): string {
	if (node.type === 'text') {
		const t = node as PmText;
		return (t.marks ?? []).reduce((html, m) => (MARKS[m.type] ? `<${MARKS[m.type]}>${html}</${MARKS[m.type]}>` : html), escape(t.text));
	}
	if (node.type === 'hardBreak') return '<br />';
	const n = node as PmNode;
	const inner = (n.content ?? []).map(renderVerbaleHtml).join('');
	if (n.type === 'doc') return inner;
	if (n.type === 'heading') {
		const level = Math.min(6, Math.max(1, Number(n.attrs?.level ?? 1))) + 2; // h3.. under the page's h2
		return `<h${Math.min(level, 6)}>${inner}</h${Math.min(level, 6)}>`;
	}
	if (n.type === 'table') return `<table><tbody>${inner}</tbody></table>`;
	const tag = TAGS[n.type];
	return tag ? `<${tag}>${inner}</${tag}>` : inner;
}
