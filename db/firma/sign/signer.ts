import { constants, createPrivateKey, privateEncrypt, type KeyObject } from 'node:crypto';

/**
 * Who produces the raw signature. Shaped like the Cloud Signature Consortium API's signatures/signHash:
 * the caller sends the SHA-256 digest of the data to be signed and gets back the PKCS#1 v1.5 (RSA)
 * signature value. A remote provider implements it over the network; `KeySigner` with a local key.
 */
export interface HashSigner {
	/** DER of the signing certificate. */
	certificate: Uint8Array;
	/** DER of the intermediate certificates to embed (not the root). */
	chain: Uint8Array[];
	signHash(sha256: Uint8Array): Promise<Uint8Array>;
}

/** DigestInfo prefix of SHA-256 (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** PKCS#1 v1.5 signature of an already computed SHA-256 digest with an RSA private key. */
export function rsaSignDigest(key: KeyObject, sha256: Uint8Array): Uint8Array {
	if (sha256.length !== 32) throw new Error('SHA-256 digest expected');
	return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, sha256])));
}

/** A local RSA key (the Organismo's seal, or the fake provider's keys). */
export class KeySigner implements HashSigner {
	certificate: Uint8Array;
	chain: Uint8Array[];
	#key: KeyObject;
	constructor(keyPem: string, certificate: Uint8Array, chain: Uint8Array[] = []) {
		this.#key = createPrivateKey(keyPem);
		if (this.#key.asymmetricKeyType !== 'rsa') throw new Error('only RSA keys are supported');
		this.certificate = certificate;
		this.chain = chain;
	}
	async signHash(sha256: Uint8Array): Promise<Uint8Array> {
		return rsaSignDigest(this.#key, sha256);
	}
}
