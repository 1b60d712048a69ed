import { z } from 'zod';
import { ROLES } from '../auth/labels.ts';

/** Zod input of the Organismo's onboarding and configuration forms (Italian messages). */

const testo = (campo: string, max = 200) =>
	z
		.string()
		.trim()
		.min(1, `Indica ${campo}.`)
		.max(max, `${campo[0].toUpperCase()}${campo.slice(1)}: troppo lungo.`);

export const Email = z
	.string()
	.trim()
	.toLowerCase()
	.min(1, "Inserisci l'indirizzo email.")
	.max(254)
	.pipe(z.email('Indirizzo email non valido.'));

export const Slug = z
	.string()
	.trim()
	.toLowerCase()
	.regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'Indirizzo breve: solo lettere minuscole, cifre e trattini (massimo 40).');

export const SedeInput = z.object({
	nome: testo('il nome della sede', 120),
	indirizzo: testo("l'indirizzo", 200),
	comune: testo('il comune', 120),
	provincia: z
		.string()
		.trim()
		.toUpperCase()
		.regex(/^[A-Z]{2}$/, 'Provincia: due lettere (es. MI).')
});
export type SedeInput = z.infer<typeof SedeInput>;

export const PersonaInput = z.object({ email: Email, nome: testo('il nome', 100), cognome: testo('il cognome', 100) });

export const NuovoOrganismo = z.object({
	denominazione: testo('la denominazione', 200),
	numeroRegistro: z
		.string()
		.trim()
		.regex(/^[0-9]{1,6}$/, 'Numero di iscrizione al registro: solo cifre.'),
	slug: Slug,
	pec: z.union([z.literal(''), Email]).optional(),
	sede: SedeInput,
	amministratore: PersonaInput
});
export type NuovoOrganismo = z.infer<typeof NuovoOrganismo>;

export const Invito = PersonaInput.extend({
	role: z.enum(ROLES, { error: 'Ruolo non valido.' }),
	sedeIds: z.array(z.string().min(1).max(64)).max(50).default([])
});
export type Invito = z.infer<typeof Invito>;

/** The password an invited person chooses (same rule as the account page's). */
export const NuovaPassword = z
	.object({
		password: z.string().min(10, 'La password deve avere almeno 10 caratteri.').max(200, 'Password troppo lunga.'),
		confirm: z.string().max(200)
	})
	.refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'Le due password non coincidono.' });

/** An HTML checkbox: "on" (or "1") when ticked, absent when not. */
const casella = z
	.union([z.literal('on'), z.literal('1'), z.literal('')])
	.optional()
	.transform((v) => v === 'on' || v === '1');

const Id = z.string({ error: 'Riga non valida: ricarica la pagina.' }).min(1, 'Riga non valida: ricarica la pagina.').max(64);

export const MateriaInput = z.object({
	nome: testo('il nome della materia', 200),
	/** Condizione di procedibilità (art. 5 c.1 D.Lgs. 28/2010). */
	obbligatoria: casella,
	attiva: casella
});
export type MateriaInput = z.infer<typeof MateriaInput>;

export const NuovaMateria = MateriaInput.pick({ nome: true, obbligatoria: true });
export const ModificaMateria = MateriaInput.extend({ materiaId: Id });
export const SpostaMateria = z.object({
	materiaId: Id,
	verso: z.enum(['su', 'giu'], { error: 'Direzione non valida.' })
});
export const ModificaSede = SedeInput.extend({ sedeId: Id });
