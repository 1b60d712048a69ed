import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

export function sha256Hex(data: string | Uint8Array): string {
	return encodeHexLowerCase(sha256(typeof data === 'string' ? new TextEncoder().encode(data) : data));
}
