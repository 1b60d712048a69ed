import { z } from 'zod';

// Query-string parameters (filters of lists and pages). An absent or empty parameter takes the
// default; any other value must be valid: a bad value is reported (400, parseQuery/parseFilters in
// src/lib/server/validation.ts), never silently replaced by the default.

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);

/** An optional parameter: absent or empty is undefined. */
export const optionalParam = <T extends z.ZodType>(s: T) => z.preprocess(blank, s.optional());

/** A parameter with a default for absent or empty. */
export const paramWithDefault = <T extends z.ZodType>(s: T, value: z.output<T>) =>
	z.preprocess(blank, s.optional()).transform((v) => v ?? value);

/** A yes/no flag of a link the app makes (`?inline=1`): absent, empty or 0 is false, 1 is true. */
export const flagParam = paramWithDefault(z.enum(['0', '1'], { error: 'usa 1 oppure 0' }), '0').transform((v) => v === '1');
