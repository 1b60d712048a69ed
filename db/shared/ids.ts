import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { randomBytes } from 'node:crypto';

/** Unguessable identifier (120 bits, base32 lower case), used for primary keys and secrets. */
export function newId(bytes = 15): string {
	return encodeBase32LowerCaseNoPadding(randomBytes(bytes));
}
