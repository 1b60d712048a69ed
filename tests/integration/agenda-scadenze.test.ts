import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listNotifiche } from '#db/agenda/notifications.ts';
import { prenotaIncontro } from '#db/agenda/repo.ts';
import { generaAvvisiScadenze, scadenzeOrganismo, scadenzePagamento } from '#db/agenda/scadenze.ts';
import type { Db } from '#db/client.ts';
import { newId } from '#db/shared/ids.ts';
import { centriInteresse, movimenti } from '#db/schema.ts';
import { eq, and } from 'drizzle-orm';
import { createTestDb } from '../helpers/db.ts';
import { setupAgenda } from './agenda-fixture.ts';

const NOW = Date.parse('2026-11-26T10:00:00Z');
let t: ReturnType<typeof createTestDb>;
let db: Db;
let f: Awaited<ReturnType<typeof setupAgenda>>;

beforeEach(async () => {
	t = createTestDb();
	db = t.db;
	f = await setupAgenda(db);
});
afterEach(() => t.cleanup());

describe('deadlines dashboard', () => {
	it('lists the first-meeting window and the unpaid filing fee; the meeting and the payment meet them', () => {
		const p = f.newCase(f.m1.id, '2026-11-10');
		const rows = scadenzeOrganismo(db, f.segreteria, { today: '2026-11-26', orizzonte: 30 });
		expect(rows.map((r) => [r.codice, r.stato, r.al])).toEqual([
			['pagamento', 'scaduta', '2026-11-10'],
			['primo_incontro', 'futura', '2026-12-20']
		]);
		expect(rows[1]).toMatchObject({ dal: '2026-11-30', numero: 'n. 2026/1' });

		prenotaIncontro(
			db,
			f.segreteria,
			p,
			{
				data: '2026-12-01',
				dalle: '10:00',
				alle: '12:00',
				tipo: 'primo',
				modalita: 'telematica',
				salaId: null,
				mediatoreId: null,
				note: '',
				confermaAvvisi: true
			},
			NOW
		);
		const istante = db
			.select()
			.from(centriInteresse)
			.where(and(eq(centriInteresse.procedimentoId, p), eq(centriInteresse.ruolo, 'istante')))
			.get()!;
		db.insert(movimenti)
			.values({
				id: newId(),
				procedimentoId: p,
				tipo: 'incasso',
				voce: 'Spese di avvio',
				importoCentesimi: 7500,
				data: '2026-11-27',
				centroId: istante.id
			})
			.run();
		expect(scadenzeOrganismo(db, f.segreteria, { today: '2026-11-26', orizzonte: 30 })).toEqual([]);
	});

	it('alerts the segreteria once per deadline and state', () => {
		f.newCase(f.m1.id, '2026-11-10');
		expect(generaAvvisiScadenze(db, f.segreteria, '2026-11-26')).toBe(1);
		expect(generaAvvisiScadenze(db, f.segreteria, '2026-11-26')).toBe(0);
		const n = listNotifiche(db, f.segreteria);
		expect(n[0].titolo).toBe('Scaduto: Pagamento spese di avvio — parte istante — procedimento n. 2026/1');
		// Ten days later the first meeting window is closing: a new alert.
		expect(generaAvvisiScadenze(db, f.segreteria, '2026-12-15')).toBe(1);
	});

	it('a segreteria limited to another sede sees nothing', () => {
		f.newCase(f.m1.id, '2026-11-10');
		expect(scadenzeOrganismo(db, { ...f.segreteria, sedeIds: ['altra-sede'] }, { today: '2026-11-26' })).toEqual([]);
	});

	it('payments: invited parties owe from their adhesion', () => {
		const rows = scadenzePagamento(
			{ dataDeposito: '2026-11-01', today: '2026-11-26' },
			[
				{ id: 'a', ruolo: 'istante', adesione: null, dataAdesione: null },
				{ id: 'b', ruolo: 'invitata', adesione: 'aderito', dataAdesione: '2026-11-24' },
				{ id: 'c', ruolo: 'invitata', adesione: 'rifiutato', dataAdesione: '2026-11-20' }
			],
			[{ centroId: null, data: '2026-11-01' }]
		);
		expect(rows).toEqual([
			expect.objectContaining({ label: 'Pagamento spese di avvio — parte invitata', al: '2026-11-24', stato: 'scaduta', giorni: -2 })
		]);
	});
});
