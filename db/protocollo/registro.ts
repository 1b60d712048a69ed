import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client.ts';
import { documenti, organismi, procedimenti, protocollo, protocolloAnnullamenti, protocolloDocumenti, users } from '../schema.ts';
import type { Direzione } from './labels.ts';
import { romeDayBounds } from '../shared/time.ts';

/**
 * Data of the registro giornaliero di protocollo (DPCM 3/12/2013 art. 7; AgID Linee Guida 2021):
 * the operations of ONE Italian day, in order: the entries registered that day and the annullamenti
 * made that day (also of entries of earlier days). An entry's annullamento appears on the day it was
 * made, so a closed day's register never changes and its CSV fingerprint stays valid.
 */

export interface RegistroDocumento {
	titolo: string;
	nomeFile: string;
	sha256: string;
}

export interface RegistroEntry {
	anno: number;
	numero: number;
	registratoIl: string;
	direzione: Direzione;
	mittente: string;
	destinatario: string;
	oggetto: string;
	/** "2026/1" or null. */
	procedimento: string | null;
	documenti: RegistroDocumento[];
	registrataDa: string;
}

export interface RegistroAnnullamento {
	annullatoIl: string;
	motivo: string;
	annullataDa: string;
}

export interface RegistroGiornaliero {
	organismo: { denominazione: string; numeroRegistro: string; codiceFiscale: string | null };
	/** YYYY-MM-DD, Italian calendar day. */
	giorno: string;
	/** Entries registered in the day, by number; `annullamento` only when made the same day. */
	registrazioni: (RegistroEntry & { annullamento: RegistroAnnullamento | null })[];
	/** Annullamenti made in the day, in time order, with the entry they annul. */
	annullamenti: (RegistroEntry & RegistroAnnullamento)[];
}

const autore = alias(users, 'autore');
const annullatore = alias(users, 'annullatore');

/**
 * Documents of the entries: ticked at registration (protocollo_documenti), or uploaded into the
 * fascicolo with the entry as their registration (documenti.protocollo_id) before the day ended.
 */
/** Code-point order: the same bytes on every machine, whatever its collation data. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function linkedDocuments(db: Db, ids: string[], dayEnd: string) {
	const cols = { titolo: documenti.titolo, nomeFile: documenti.nomeFile, sha256: documenti.sha256, documentoId: documenti.id };
	const ticked = db
		.select({ protocolloId: protocolloDocumenti.protocolloId, ...cols })
		.from(protocolloDocumenti)
		.innerJoin(documenti, eq(documenti.id, protocolloDocumenti.documentoId))
		.where(inArray(protocolloDocumenti.protocolloId, ids))
		.all();
	const uploaded = db
		.select({ protocolloId: documenti.protocolloId, ...cols })
		.from(documenti)
		.where(and(inArray(documenti.protocolloId, ids), lt(documenti.createdAt, new Date(dayEnd))))
		.all();
	const seen = new Set<string>();
	return [...ticked, ...uploaded]
		.filter((d) => {
			const key = `${d.protocolloId} ${d.documentoId}`;
			if (seen.has(key)) return false;
			seen.add(key);
			return true;
		})
		.sort((a, b) => cmp(a.titolo, b.titolo) || cmp(a.sha256, b.sha256));
}

const nome = (u: { nome: string | null; cognome: string | null }) => [u.nome, u.cognome].filter(Boolean).join(' ');

export function registroGiornaliero(db: Db, organismoId: string, giorno: string): RegistroGiornaliero | null {
	const org = db
		.select({ denominazione: organismi.denominazione, numeroRegistro: organismi.numeroRegistro, codiceFiscale: organismi.codiceFiscale })
		.from(organismi)
		.where(eq(organismi.id, organismoId))
		.get();
	if (!org) return null;
	const { start, end } = romeDayBounds(giorno);
	const base = () =>
		db
			.select({
				id: protocollo.id,
				anno: protocollo.anno,
				numero: protocollo.numero,
				registratoIl: protocollo.registratoIl,
				direzione: protocollo.direzione,
				mittente: protocollo.mittente,
				destinatario: protocollo.destinatario,
				oggetto: protocollo.oggetto,
				procAnno: procedimenti.anno,
				procNumero: procedimenti.numero,
				autoreNome: autore.nome,
				autoreCognome: autore.cognome,
				annullatoIl: protocolloAnnullamenti.annullatoIl,
				motivo: protocolloAnnullamenti.motivo,
				annNome: annullatore.nome,
				annCognome: annullatore.cognome
			})
			.from(protocollo)
			.leftJoin(procedimenti, eq(protocollo.procedimentoId, procedimenti.id))
			.leftJoin(autore, eq(autore.id, protocollo.autoreId))
			.leftJoin(protocolloAnnullamenti, eq(protocolloAnnullamenti.protocolloId, protocollo.id))
			.leftJoin(annullatore, eq(annullatore.id, protocolloAnnullamenti.autoreId));

	const registrate = base()
		.where(and(eq(protocollo.organismoId, organismoId), gte(protocollo.registratoIl, start), lt(protocollo.registratoIl, end)))
		.orderBy(asc(protocollo.anno), asc(protocollo.numero))
		.all();
	const annullate = base()
		.where(
			and(
				eq(protocollo.organismoId, organismoId),
				gte(protocolloAnnullamenti.annullatoIl, start),
				lt(protocolloAnnullamenti.annullatoIl, end)
			)
		)
		.orderBy(asc(protocolloAnnullamenti.annullatoIl), asc(protocollo.numero))
		.all();

	const ids = [...new Set([...registrate, ...annullate].map((r) => r.id))];
	const docs = ids.length ? linkedDocuments(db, ids, end) : [];

	const entry = (r: (typeof registrate)[number]): RegistroEntry => ({
		anno: r.anno,
		numero: r.numero,
		registratoIl: r.registratoIl,
		direzione: r.direzione,
		mittente: r.mittente,
		destinatario: r.destinatario,
		oggetto: r.oggetto,
		procedimento: r.procAnno !== null && r.procNumero !== null ? `${r.procAnno}/${r.procNumero}` : null,
		documenti: docs.filter((d) => d.protocolloId === r.id).map(({ titolo, nomeFile, sha256 }) => ({ titolo, nomeFile, sha256 })),
		registrataDa: nome({ nome: r.autoreNome, cognome: r.autoreCognome })
	});
	const annullamento = (r: (typeof registrate)[number]): RegistroAnnullamento => ({
		annullatoIl: r.annullatoIl!,
		motivo: r.motivo!,
		annullataDa: nome({ nome: r.annNome, cognome: r.annCognome })
	});

	return {
		organismo: org,
		giorno,
		registrazioni: registrate.map((r) => ({
			...entry(r),
			annullamento: r.annullatoIl && r.annullatoIl < end ? annullamento(r) : null
		})),
		annullamenti: annullate.map((r) => ({ ...entry(r), ...annullamento(r) }))
	};
}
