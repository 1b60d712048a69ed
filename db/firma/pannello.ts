import { canManageFirma, canSignFor, type CaseContext, type FirmaActor, type UserActor } from '../access/index.ts';
import { writeTransaction, type Db } from '../client.ts';
import { DESTINATARIO_STATO_LABELS, METODO_LABELS, PROCESSO_STATO_LABELS } from './labels.ts';
import * as repo from './repo.ts';
import type { DestinatarioRow, ProcessoRow } from './repo.ts';
import type { RapportoVerifica } from './verify/types.ts';
import { failure, type Outcome } from '../shared/outcome.ts';

/** What the firma pages show: the processes of a case, one process's live state, a recipient's view. */

export interface CertificatoFirma {
	nome: string | null;
	codiceFiscale: string | null;
	emittente: string | null;
	seriale: string | null;
	esito: string | null;
}

function certOf(d: DestinatarioRow): CertificatoFirma | null {
	if (!d.certificato) return null;
	try {
		return JSON.parse(d.certificato) as CertificatoFirma;
	} catch {
		return null;
	}
}

export function destinatarioView(d: DestinatarioRow) {
	return {
		id: d.id,
		ordine: d.ordine,
		fase: d.fase,
		nome: d.nome,
		qualifica: d.qualifica,
		codiceFiscale: d.codiceFiscale,
		email: d.email,
		hasAccount: d.userId !== null,
		userId: d.userId,
		campo: d.campo,
		stato: d.stato,
		statoLabel: DESTINATARIO_STATO_LABELS[d.stato],
		metodo: d.metodo ? METODO_LABELS[d.metodo] : null,
		firmatoIl: d.firmatoIl,
		certificato: certOf(d),
		motivoRifiuto: d.motivoRifiuto,
		ultimoSollecito: d.ultimoSollecito,
		documentoId: d.documentoId
	};
}
export type DestinatarioView = ReturnType<typeof destinatarioView>;

export function processoView(p: ProcessoRow) {
	return {
		id: p.id,
		titolo: p.titolo,
		stato: p.stato,
		statoLabel: PROCESSO_STATO_LABELS[p.stato],
		scadenza: p.scadenza,
		sollecitoGiorni: p.sollecitoGiorni,
		verificatoIl: p.verificatoIl,
		completatoIl: p.completatoIl,
		createdAt: p.createdAt.toISOString(),
		documentoCorrenteId: p.documentoCorrenteId,
		documentoOrigineId: p.documentoOrigineId
	};
}

/** The processes of a case the actor may see: all of them for who manages, else those where they sign. */
export function processiVisibili(db: Db, actor: UserActor, ctx: CaseContext) {
	const rows = canManageFirma(actor, ctx)
		? repo.listProcessi(db, ctx.procedimentoId)
		: repo.processiDelDestinatario(db, ctx.procedimentoId, actor.id);
	return rows.map((p) => {
		const dest = repo.listDestinatari(db, p.id);
		return {
			...processoView(p),
			firmati: dest.filter((d) => d.stato === 'firmato').length,
			totale: dest.length,
			mio: dest.find((d) => d.userId === actor.id)?.id ?? null
		};
	});
}

/** The monitoring panel (mediator and segreteria). */
export function pannelloProcesso(db: Db, actor: UserActor, ctx: CaseContext, processoId: string) {
	const p = repo.getProcesso(db, ctx.organismoId, processoId);
	if (!p || p.procedimentoId !== ctx.procedimentoId) return null;
	const dest = repo.listDestinatari(db, p.id);
	const gestisce = canManageFirma(actor, ctx);
	const mio = dest.find((d) => d.userId === actor.id) ?? null;
	if (!gestisce && !mio) return null;
	const faseUnoCompleta = dest.filter((d) => d.fase === 1).every((d) => d.stato === 'firmato');
	const documento = repo.documentRow(db, p.documentoCorrenteId);
	const verifica = repo.latestVerifica(db, p.documentoCorrenteId);
	return {
		processo: processoView(p),
		gestisce,
		mio: mio?.id ?? null,
		documento: documento ? { nomeFile: documento.nomeFile, versione: documento.versione, dimensione: documento.dimensione } : null,
		destinatari: dest.map(destinatarioView),
		eventi: gestisce
			? repo
					.listEventi(db, p.id)
					.map((e) => ({ id: e.id, tipo: e.tipo, messaggio: e.messaggio, quando: e.createdAt.toISOString() }))
					.reverse()
			: [],
		faseUnoCompleta,
		verifica: verifica ? { esito: verifica.esito, sintesi: verifica.sintesi, rapportoPdfId: verifica.rapportoPdfId } : null
	};
}

/** A recipient's own page (or whoever manages the process, signing on their behalf with their OTP or file). */
export function paginaDestinatario(db: Db, actor: FirmaActor, ctx: CaseContext, processoId: string, destinatarioId: string) {
	const p = repo.getProcesso(db, ctx.organismoId, processoId);
	if (!p || p.procedimentoId !== ctx.procedimentoId) return null;
	const d = repo.getDestinatario(db, p.id, destinatarioId);
	if (!d || !canSignFor(actor, ctx, d)) return null;
	const all = repo.listDestinatari(db, p.id);
	const attesa = d.fase === 2 ? all.filter((x) => x.fase === 1 && x.stato !== 'firmato').map((x) => x.nome) : [];
	return {
		processo: processoView(p),
		destinatario: destinatarioView(d),
		attesaDi: attesa,
		proprio: actor.kind === 'firma_link' || d.userId === actor.id
	};
}

/** Who may download the process's document: who manages, or one of its recipients. */
export function puoScaricare(db: Db, actor: FirmaActor, ctx: CaseContext, p: ProcessoRow): boolean {
	if (actor.kind === 'firma_link')
		return actor.processoId === p.id && canSignFor(actor, ctx, { id: actor.destinatarioId, processoId: p.id, userId: null });
	if (canManageFirma(actor, ctx)) return true;
	return repo.listDestinatari(db, p.id).some((d) => d.userId === actor.id);
}

/** The rapporto to show: the last one stored with the current document (final, or the mediator's check). */
export function rapportoSalvato(db: Db, p: ProcessoRow): { rapporto: RapportoVerifica; pdfId: string | null } | null {
	const v = repo.latestVerifica(db, p.documentoCorrenteId);
	if (!v) return null;
	return { rapporto: JSON.parse(v.rapporto) as RapportoVerifica, pdfId: v.rapportoPdfId };
}

/** Stores the mediator's verification with the current revision (the panel and the rapporto page show it). */
export function salvaVerifica(db: Db, p: ProcessoRow, r: RapportoVerifica): void {
	repo.saveVerifica(db, {
		organismoId: p.organismoId,
		documentoId: p.documentoCorrenteId,
		esito: r.esito,
		sintesi: r.sintesi,
		rapporto: JSON.stringify(r),
		rapportoPdfId: null
	});
}

/** A reminder now, to every recipient still to sign (the panel's "Sollecita"); returns who. */
export function sollecitaOra(
	db: Db,
	actor: UserActor,
	ctx: CaseContext,
	processoId: string,
	now = new Date()
): Outcome<{ processo: ProcessoRow; destinatari: DestinatarioRow[] }> {
	const p = repo.getProcesso(db, ctx.organismoId, processoId);
	if (!p || p.procedimentoId !== ctx.procedimentoId) return failure('not_found', 'Processo di firma non trovato.');
	if (!canManageFirma(actor, ctx)) return failure('forbidden', 'Solo il mediatore o la segreteria possono sollecitare i destinatari.');
	if (p.stato !== 'in_corso') return failure('conflict', `Il processo di firma è ${PROCESSO_STATO_LABELS[p.stato].toLowerCase()}.`);
	const all = repo.listDestinatari(db, p.id);
	const faseUno = all.filter((d) => d.fase === 1);
	const waiting = faseUno.some((d) => d.stato !== 'firmato') ? faseUno : all.filter((d) => d.fase === 2);
	const open = waiting.filter((d) => d.stato === 'inviato' || d.stato === 'visto');
	if (!open.length) return failure('conflict', 'Nessun destinatario da sollecitare.');
	writeTransaction(db, () => {
		for (const d of open) {
			repo.updateDestinatario(db, d.id, { ultimoSollecito: now.toISOString() });
			repo.addEvento(db, {
				organismoId: p.organismoId,
				processoId: p.id,
				destinatarioId: d.id,
				tipo: 'sollecito',
				messaggio: `Sollecito inviato a ${d.nome}.`
			});
		}
	});
	return { ok: true, processo: p, destinatari: open };
}
