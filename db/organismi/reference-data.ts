import { and, eq } from 'drizzle-orm';
import { writeTransaction, type Db } from '../client.ts';
import { impostazioniOrganismo, materie } from '../schema.ts';
import { ensureDefaultRegole } from '../deadlines/repo.ts';
import { ensureDefaultTariffe } from '../fees/repo.ts';

/** Art. 5 c.1 D.Lgs. 28/2010 as reformed by D.Lgs. 149/2022 (mandatory mediation), then other materie. */
export const MATERIE_DEFAULT: ReadonlyArray<{ nome: string; obbligatoria: boolean }> = [
	...[
		'Condominio',
		'Diritti reali',
		'Divisione',
		'Successioni ereditarie',
		'Patti di famiglia',
		'Locazione',
		'Comodato',
		'Affitto di aziende',
		'Risarcimento del danno da responsabilità medica e sanitaria',
		'Risarcimento del danno da diffamazione con il mezzo della stampa o con altro mezzo di pubblicità',
		'Contratti assicurativi, bancari e finanziari',
		'Associazione in partecipazione',
		'Consorzio',
		'Franchising',
		'Contratto d\u2019opera',
		'Contratto di rete',
		'Contratto di somministrazione',
		'Società di persone',
		'Subfornitura'
	].map((nome) => ({ nome, obbligatoria: true })),
	{ nome: 'Contratti commerciali e d\u2019impresa', obbligatoria: false },
	{ nome: 'Responsabilità extracontrattuale', obbligatoria: false },
	{ nome: 'Altra natura', obbligatoria: false }
];

export const DICHIARAZIONE_DEFAULT = `Il/La sottoscritto/a, designato/a mediatore nel procedimento indicato, dichiara ai sensi dell'art. 14, comma 2, lett. a) del D.Lgs. 28/2010 e del regolamento dell'Organismo:
- di essere indipendente e imparziale rispetto alle parti e ai loro avvocati;
- di non avere rapporti professionali, personali o economici con le parti, né interessi nella controversia;
- di non trovarsi in alcuna delle situazioni di incompatibilità previste dal codice etico dell'Organismo;
- di impegnarsi a comunicare immediatamente al responsabile dell'Organismo e alle parti ogni circostanza sopravvenuta che possa incidere sulla propria indipendenza o imparzialità;
- di impegnarsi al rispetto dell'obbligo di riservatezza previsto dall'art. 9 del D.Lgs. 28/2010.`;

/** Reference data every Organismo needs (idempotent: only what is missing is added). */
export function ensureReferenceData(db: Db, organismoId: string): void {
	writeTransaction(db, () => {
		MATERIE_DEFAULT.forEach((m, i) => {
			const exists = db
				.select({ id: materie.id })
				.from(materie)
				.where(and(eq(materie.organismoId, organismoId), eq(materie.nome, m.nome)))
				.get();
			if (!exists)
				db.insert(materie)
					.values({ id: `${organismoId}-materia-${i + 1}`, organismoId, nome: m.nome, obbligatoria: m.obbligatoria, ordine: i })
					.run();
		});
		db.insert(impostazioniOrganismo).values({ organismoId, dichiarazioneImparzialita: DICHIARAZIONE_DEFAULT }).onConflictDoNothing().run();
	});
	ensureDefaultRegole(db);
	ensureDefaultTariffe(db, organismoId);
}
