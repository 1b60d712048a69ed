import { eq } from 'drizzle-orm';
import type { UserActor } from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import type { Db } from '../client.ts';
import { sha256Hex } from '../shared/hash.ts';
import { DICHIARAZIONE_DEFAULT } from '../organismi/reference-data.ts';
import { impostazioniOrganismo } from '../schema.ts';
import type { CaseSummary } from './procedimento-summary.ts';
import { canEditRegistry } from '../access/index.ts';
import type { Outcome } from '../shared/outcome.ts';

// The declaration of independence and impartiality (art. 14 c.2 a) D.Lgs. 28/2010): the formula is
// text of the Organismo's regolamento (DM 150/2023 art. 22 i); each case gets its own copy.

/** The Organismo's formula (the default one when not configured). */
export function getFormula(db: Db, organismoId: string): string {
	return (
		db
			.select({ t: impostazioniOrganismo.dichiarazioneImparzialita })
			.from(impostazioniOrganismo)
			.where(eq(impostazioniOrganismo.organismoId, organismoId))
			.get()?.t ?? DICHIARAZIONE_DEFAULT
	);
}

export function setFormula(db: Db, actor: UserActor, testo: string): Outcome<{ message: string }> {
	if (!canEditRegistry(actor))
		return { ok: false, code: 'forbidden', message: "Solo l'amministratore o il responsabile possono modificare la dichiarazione." };
	const before = getFormula(db, actor.organismoId);
	if (before === testo) return { ok: true, message: 'Nessuna modifica.' };
	db.transaction(
		() => {
			db.insert(impostazioniOrganismo)
				.values({ organismoId: actor.organismoId, dichiarazioneImparzialita: testo })
				.onConflictDoUpdate({ target: impostazioniOrganismo.organismoId, set: { dichiarazioneImparzialita: testo } })
				.run();
			appendAudit(db, {
				action: 'organismo.dichiarazione_aggiornata',
				organismoId: actor.organismoId,
				actorId: actor.id,
				entityType: 'organismo',
				entityId: actor.organismoId,
				details: { sha256Prima: sha256Hex(before), sha256Dopo: sha256Hex(testo) }
			});
		},
		{ behavior: 'immediate' }
	);
	return { ok: true, message: 'Testo della dichiarazione aggiornato: vale per le prossime accettazioni.' };
}

/**
 * The text the mediator signs for one case: the case, the mediator, the people involved, and the
 * Organismo's formula. Deterministic, so the hash shown on the page can be checked on submit.
 */
export function composeDichiarazione(
	caso: Pick<CaseSummary, 'organismo' | 'numeroRegistro' | 'anno' | 'numero' | 'materia' | 'oggetto' | 'soggetti'>,
	mediatore: { nome: string; cognome: string },
	ruolo: 'designato' | 'co_mediatore',
	formula: string
): string {
	const persone = caso.soggetti.map((s) => `${s.nominativo} (${s.ruolo})`).join('; ') || 'nessuna indicata';
	return [
		`DICHIARAZIONE DI INDIPENDENZA E IMPARZIALITÀ`,
		`Organismo: ${caso.organismo} (n. ${caso.numeroRegistro} del registro degli organismi di mediazione)`,
		`Procedimento n. ${caso.anno}/${caso.numero} — materia: ${caso.materia} — oggetto: ${caso.oggetto}`,
		`${ruolo === 'designato' ? 'Mediatore designato' : 'Co-mediatore'}: ${mediatore.nome} ${mediatore.cognome}`,
		`Parti e altri soggetti del procedimento: ${persone}`,
		'',
		formula.trim()
	].join('\n');
}
