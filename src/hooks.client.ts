import type { ClientInit } from '@sveltejs/kit';
import { z } from 'zod';

/**
 * zod compiles object parsers with `new Function` when it may; the CSP (kit.csp, no
 * 'unsafe-eval') forbids it, and zod's probe for it would be reported as a violation.
 */
export const init: ClientInit = () => {
	z.config({ jitless: true });
};
