import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A test certification authority made with the OpenSSL CLI at test time: the CA, the fake PEC
 * provider's signing certificate issued by it, and a "forger" certificate from an unrelated
 * self-signed CA (a receipt signed with it must not count as proof).
 */
export interface TestCa {
	dir: string;
	caPath: string;
	caPem: string;
	providerCertPath: string;
	providerKeyPath: string;
	forgerCertPath: string;
	forgerKeyPath: string;
}

function openssl(args: string[], cwd: string): void {
	execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

const LEAF_EXT = (email: string) =>
	[
		'basicConstraints=CA:FALSE',
		'keyUsage=critical,digitalSignature,nonRepudiation',
		'extendedKeyUsage=emailProtection',
		`subjectAltName=email:${email}`
	].join('\n') + '\n';

/** Creates the CA and certificates in `dir` (an existing temporary directory). */
export function createTestCa(dir: string, providerEmail: string): TestCa {
	const ca = ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'];
	openssl(
		[
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-keyout',
			'ca.key',
			'-out',
			'ca.pem',
			'-days',
			'3',
			'-subj',
			'/CN=CA PEC di prova/O=Accordo test',
			...ca
		],
		dir
	);
	openssl(
		[
			'req',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-keyout',
			'provider.key',
			'-out',
			'provider.csr',
			'-subj',
			`/CN=${providerEmail}/O=Gestore PEC di prova`
		],
		dir
	);
	writeFileSync(join(dir, 'leaf.cnf'), LEAF_EXT(providerEmail));
	openssl(
		[
			'x509',
			'-req',
			'-in',
			'provider.csr',
			'-CA',
			'ca.pem',
			'-CAkey',
			'ca.key',
			'-CAcreateserial',
			'-out',
			'provider.pem',
			'-days',
			'3',
			'-extfile',
			'leaf.cnf'
		],
		dir
	);
	// The forger: same subject as the provider, issued by a CA nobody trusts.
	openssl(
		[
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-keyout',
			'forger-ca.key',
			'-out',
			'forger-ca.pem',
			'-days',
			'3',
			'-subj',
			'/CN=CA estranea/O=Falsari',
			...ca
		],
		dir
	);
	openssl(
		[
			'req',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-keyout',
			'forger.key',
			'-out',
			'forger.csr',
			'-subj',
			`/CN=${providerEmail}/O=Gestore PEC di prova`
		],
		dir
	);
	openssl(
		[
			'x509',
			'-req',
			'-in',
			'forger.csr',
			'-CA',
			'forger-ca.pem',
			'-CAkey',
			'forger-ca.key',
			'-CAcreateserial',
			'-out',
			'forger.pem',
			'-days',
			'3',
			'-extfile',
			'leaf.cnf'
		],
		dir
	);
	return {
		dir,
		caPath: join(dir, 'ca.pem'),
		caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
		providerCertPath: join(dir, 'provider.pem'),
		providerKeyPath: join(dir, 'provider.key'),
		forgerCertPath: join(dir, 'forger.pem'),
		forgerKeyPath: join(dir, 'forger.key')
	};
}
