import type { UserActor, CaseContext } from '../access/index.ts';
import type { Db } from '../client.ts';
import { addDocument } from '../documents/repo.ts';
import type { FileStore } from '../documents/storage.ts';
import { loadVerbaleCaseData } from './procedimento-data.ts';
import type { PmNode } from './markup.ts';
import { renderVerbalePdf } from './pdf.ts';
import { linkVersioneDocumento, type VerbaleRow } from './repo.ts';
import type { Outcome } from '../shared/outcome.ts';

export type ExportResult = Outcome<{ documentoId: string; sha256: string; pages: number; nomeFile: string }>;

/** What the staff reads after an export: "PDF della versione 2 salvato nel fascicolo (1 pagina, …)". */
export function exportDoneMessage(versione: number, pages: number, sha256: string): string {
	return `PDF della versione ${versione} salvato nel fascicolo (${pages === 1 ? '1 pagina' : `${pages} pagine`}, SHA-256 ${sha256.slice(0, 12)}…).`;
}

/**
 * Renders one named version of a verbale to PDF and stores it in the fascicolo as a new document
 * (content-addressed, with its SHA-256); the version records which document it produced.
 */
export async function exportVerbalePdf(
	db: Db,
	store: FileStore,
	actor: UserActor,
	ctx: CaseContext,
	verbale: VerbaleRow,
	versione: { id: string; numero: number; nome: string; contenuto: string }
): Promise<ExportResult> {
	const data = loadVerbaleCaseData(db, verbale.procedimentoId);
	if (!data) return { ok: false, code: 'not_found', message: 'Procedimento non trovato.' };
	const label = `Versione ${versione.numero} – ${versione.nome}`;
	const pdf = await renderVerbalePdf({
		titolo: verbale.titolo,
		organismo: data.organismo,
		organismoRegistro: data.organismoRegistro,
		numero: data.numero,
		versione: label,
		doc: JSON.parse(versione.contenuto) as PmNode,
		firmatari: data.firmatari
	});
	const nomeFile = `verbale-${data.numero.replace('/', '-')}-v${versione.numero}.pdf`;
	const added = await addDocument(db, store, actor, ctx, {
		procedimentoId: verbale.procedimentoId,
		titolo: `${verbale.titolo} (${label})`,
		nomeFile,
		bytes: pdf.bytes
	});
	if (!added.ok) return { ok: false, code: 'invalid', message: added.message };
	linkVersioneDocumento(db, versione.id, added.id);
	return { ok: true, documentoId: added.id, sha256: added.sha256, pages: pdf.pages, nomeFile };
}
