import { describe, expect, it } from 'vitest';
import type { UserActor, CaseContext } from '#db/access/index.ts';
import { composeDichiarazione } from '#db/mediatori/declaration.ts';
import {
	canAssignMediator,
	canChooseMediator,
	canEditRegistry,
	canRevokeAssignment,
	canViewIncarichi,
	canViewRegistry
} from '#db/access/index.ts';
import { AccettaInput, ConflittoInput, MediatoreInput, RifiutaInput, SceltaResponsabileInput } from '#db/mediatori/schemas.ts';
import { parseTraccia } from '#db/mediatori/traccia.ts';
import { codiceFiscaleCheckChar } from '#db/procedimenti/fiscal.ts';
import type { Role } from '#db/auth/labels.ts';

const firstError = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) => r.error?.issues[0]?.message;

describe('form schemas', () => {
	it('mediator data: load bounds, materie list, Italian messages', () => {
		expect(MediatoreInput.parse({ stato: 'attivo', qualifiche: '  Avvocato ', caricoMassimo: '12', materie: ['a', 'b'] })).toEqual({
			stato: 'attivo',
			qualifiche: 'Avvocato',
			caricoMassimo: 12,
			materie: ['a', 'b']
		});
		expect(firstError(MediatoreInput.safeParse({ stato: 'attivo', caricoMassimo: '0', materie: [] }))).toBe(
			'Carico massimo: almeno 1 procedimento.'
		);
		expect(firstError(MediatoreInput.safeParse({ stato: 'attivo', caricoMassimo: '2.5', materie: [] }))).toBe(
			'Carico massimo: indica un numero intero.'
		);
		expect(firstError(MediatoreInput.safeParse({ stato: 'boh', caricoMassimo: '3' }))).toBe('Scegli lo stato: attivo o sospeso.');
	});

	it('conflict: optional codice fiscale or partita IVA, checked', () => {
		const cf = 'SPSMRA70A01F205' + codiceFiscaleCheckChar('SPSMRA70A01F205');
		expect(ConflittoInput.parse({ descrizione: 'Cugino', identificativo: ` ${cf.toLowerCase()} ` })).toEqual({
			descrizione: 'Cugino',
			identificativo: cf
		});
		expect(ConflittoInput.parse({ descrizione: 'Cugino', identificativo: '' }).identificativo).toBeNull();
		expect(ConflittoInput.parse({ descrizione: 'Società', identificativo: 'IT12345678903' }).identificativo).toBe('12345678903');
		expect(firstError(ConflittoInput.safeParse({ descrizione: 'Società', identificativo: '12345678901' }))).toContain(
			'partita IVA non è valida'
		);
		expect(firstError(ConflittoInput.safeParse({ descrizione: 'x', identificativo: '' }))).toContain('almeno 3 caratteri');
	});

	it('acceptance needs the ticked box and the hash of the text read; refusal and manual choice need a reason', () => {
		const sha = 'a'.repeat(64);
		expect(AccettaInput.safeParse({ assegnazioneId: 'x', conferma: 'on', testoSha256: sha }).success).toBe(true);
		expect(firstError(AccettaInput.safeParse({ assegnazioneId: 'x', testoSha256: sha }))).toContain('spuntare');
		expect(AccettaInput.safeParse({ assegnazioneId: 'x', conferma: 'on', testoSha256: 'zz' }).success).toBe(false);
		expect(firstError(RifiutaInput.safeParse({ assegnazioneId: 'x', motivo: '  ' }))).toContain('Motivo del rifiuto');
		expect(firstError(SceltaResponsabileInput.safeParse({ mediatoreId: 'm', motivazione: 'breve' }))).toContain('almeno 10 caratteri');
		expect(SceltaResponsabileInput.parse({ mediatoreId: 'm', motivazione: 'Competenza tecnica specifica' }).ruolo).toBe('designato');
	});
});

describe('declaration text', () => {
	it('names the case, the mediator and the people, then the formula; deterministic', () => {
		const caso = {
			organismo: 'Organismo X',
			numeroRegistro: '1234',
			anno: 2026,
			numero: 2,
			materia: 'Locazione',
			oggetto: 'Canoni non pagati',
			soggetti: [
				{ personaId: 'p1', nominativo: 'Giulia Ricci', ruolo: 'parte istante' },
				{ personaId: 'p2', nominativo: 'Luca Bianchi', ruolo: 'parte invitata' }
			]
		};
		const t = composeDichiarazione(caso, { nome: 'Sara', cognome: 'Conti' }, 'designato', '  Formula.  ');
		expect(t.split('\n')).toEqual([
			'DICHIARAZIONE DI INDIPENDENZA E IMPARZIALITÀ',
			'Organismo: Organismo X (n. 1234 del registro degli organismi di mediazione)',
			'Procedimento n. 2026/2 — materia: Locazione — oggetto: Canoni non pagati',
			'Mediatore designato: Sara Conti',
			'Parti e altri soggetti del procedimento: Giulia Ricci (parte istante); Luca Bianchi (parte invitata)',
			'',
			'Formula.'
		]);
		expect(composeDichiarazione(caso, { nome: 'Sara', cognome: 'Conti' }, 'designato', '  Formula.  ')).toBe(t);
		expect(composeDichiarazione(caso, { nome: 'Sara', cognome: 'Conti' }, 'co_mediatore', 'Formula.')).toContain(
			'Co-mediatore: Sara Conti'
		);
	});
});

describe('rules', () => {
	const ctx: CaseContext = {
		procedimentoId: 'p1',
		organismoId: 'o',
		sedeId: 'milano',
		mediatorIds: ['med'],
		partyUserIds: [],
		lawyerUserIds: [],
		ctuUserIds: [],
		observerUserIds: []
	};
	const a = (role: Role, extra: Partial<UserActor> = {}): UserActor => ({ kind: 'user', id: role, organismoId: 'o', role, ...extra });
	it.each([
		['amministratore', true, true, true, true, true, false],
		['responsabile', true, true, true, true, true, false],
		['segreteria', true, false, true, false, false, false],
		['mediatore', false, false, false, false, false, true],
		['avvocato', false, false, false, false, false, false]
	] as const)('%s', (role, view, edit, assign, choose, revokeAccepted, incarichi) => {
		const actor = a(role, role === 'mediatore' ? { id: 'med' } : {});
		expect(canViewRegistry(actor)).toBe(view);
		expect(canEditRegistry(actor)).toBe(edit);
		expect(canAssignMediator(actor, ctx)).toBe(assign);
		expect(canChooseMediator(actor, ctx)).toBe(choose);
		expect(canRevokeAssignment(actor, ctx, 'proposta')).toBe(assign);
		expect(canRevokeAssignment(actor, ctx, 'accettata')).toBe(revokeAccepted);
		expect(canViewIncarichi(actor)).toBe(incarichi);
	});
	it('segreteria of another sede cannot assign; another Organismo cannot either', () => {
		expect(canAssignMediator(a('segreteria', { sedeIds: ['roma'] }), ctx)).toBe(false);
		expect(canChooseMediator(a('responsabile', { organismoId: 'altro' }), ctx)).toBe(false);
	});
});

describe('stored trace', () => {
	it('reads the seed default, old arrays and garbage without throwing', () => {
		expect(parseTraccia('[]')).toMatchObject({ versione: 1, candidati: [], avvisi: [] });
		expect(parseTraccia('not json').candidati).toEqual([]);
		expect(parseTraccia(JSON.stringify({ versione: 1, materia: 'Condominio', candidati: [], avvisi: ['x'] }))).toMatchObject({
			materia: 'Condominio',
			avvisi: ['x']
		});
	});
});
