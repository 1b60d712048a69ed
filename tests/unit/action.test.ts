import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { forbidden, needsConfirmation, notFound, ok } from '#db/shared/outcome.ts';
import { defineAction } from '../../src/lib/server/action.ts';

/** A real POST request with a form body, as SvelteKit hands it to an action. */
function post(fields: Record<string, string>): RequestEvent {
	const body = new FormData();
	for (const [k, v] of Object.entries(fields)) body.append(k, v);
	return { request: new Request('http://127.0.0.1/x', { method: 'POST', body }) } as unknown as RequestEvent;
}

const Schema = z.object({
	nome: z.string().trim().min(2, 'Indica il nome.'),
	password: z.string().min(1, 'Inserisci la password.')
});

describe('defineAction', () => {
	it('bad input: 400, the Italian message per field, what the user typed without secrets; the use case does not run', async () => {
		let ran = false;
		const action = defineAction(Schema, () => ((ran = true), ok()), { form: 'f', secret: ['password'] });
		const r = (await action(post({ nome: 'x', password: 'segreta' }))) as unknown as { status: number; data: Record<string, unknown> };
		expect(ran).toBe(false);
		expect(r.status).toBe(400);
		expect(r.data).toMatchObject({
			form: 'f',
			ok: false,
			code: 'invalid',
			message: 'Indica il nome.',
			errors: { nome: 'Indica il nome.' }
		});
		expect(r.data.values).toEqual({ nome: 'x' });
	});

	it('maps every failure code to its status once, with the field and the typed values', async () => {
		const cases = [
			[forbidden('No.'), 403],
			[notFound('Non trovato.', 'nome'), 404],
			[needsConfirmation(['Attenzione.']), 409],
			[{ ok: false as const, code: 'invalid' as const, message: 'Sbagliato.' }, 400],
			[{ ok: false as const, code: 'unavailable' as const, message: 'Riprova.' }, 503]
		] as const;
		for (const [outcome, status] of cases) {
			const r = (await defineAction(Schema, () => outcome)(post({ nome: 'Anna', password: 'p' }))) as unknown as {
				status: number;
				data: Record<string, unknown>;
			};
			expect(r.status).toBe(status);
			expect(r.data).toMatchObject({ ok: false, code: outcome.code, message: outcome.message, values: { nome: 'Anna', password: 'p' } });
		}
		const confirm = (await defineAction(Schema, () => needsConfirmation(['Attenzione.']))(
			post({ nome: 'Anna', password: 'p' })
		)) as unknown as {
			data: Record<string, unknown>;
		};
		expect(confirm.data).toMatchObject({ conferma: true, warnings: ['Attenzione.'], messages: [] });
		const field = (await defineAction(Schema, () => notFound('Non trovato.', 'nome'))(
			post({ nome: 'Anna', password: 'p' })
		)) as unknown as {
			data: Record<string, unknown>;
		};
		expect(field.data.errors).toEqual({ nome: 'Non trovato.' });
	});

	it('ok: the value with the form name; the guard runs first and its result reaches the use case', async () => {
		const order: string[] = [];
		const action = defineAction(Schema, (v, { guard }) => (order.push('run'), ok({ message: `Ciao ${v.nome}`, who: guard.who })), {
			form: 'f',
			guard: () => (order.push('guard'), { who: 'seg' }),
			echo: () => ({ rowId: 'r1' })
		});
		expect(await action(post({ nome: ' Anna ', password: 'p' }))).toEqual({
			rowId: 'r1',
			form: 'f',
			ok: true,
			message: 'Ciao Anna',
			who: 'seg'
		});
		expect(order).toEqual(['guard', 'run']);
	});

	it('a guard refusing with a Failure: its status and message, the form not parsed, the use case not run', async () => {
		let ran = false;
		const action = defineAction(Schema, () => ((ran = true), ok()), {
			form: 'f',
			guard: () => notFound('Incontro non trovato.'),
			echo: () => ({ rowId: 'r1' })
		});
		const r = (await action(post({ nome: 'x', password: 'p' }))) as unknown as { status: number; data: Record<string, unknown> };
		expect(ran).toBe(false);
		expect(r.status).toBe(404);
		expect(r.data).toMatchObject({ form: 'f', rowId: 'r1', ok: false, code: 'not_found', message: 'Incontro non trovato.', errors: {} });
	});

	it('fieldOf names the field of a nested issue; values keep string lists and drop other values', async () => {
		const Nested = z.object({ parti: z.array(z.object({ cognome: z.string().min(1, 'Indica il cognome.') })), tag: z.array(z.string()) });
		const action = defineAction(Nested, () => ok(), {
			fieldOf: (path) => (path[0] === 'parti' ? `p${String(path[1])}_${String(path[2])}` : String(path[0])),
			raw: () => ({ parti: [{ cognome: '' }], tag: ['a', 'b'], nota: 'x' })
		});
		const r = (await action(post({}))) as unknown as { status: number; data: Record<string, unknown> };
		expect(r.status).toBe(400);
		expect(r.data.errors).toEqual({ p0_cognome: 'Indica il cognome.' });
		expect(r.data.values).toEqual({ tag: ['a', 'b'], nota: 'x' });
	});
});
