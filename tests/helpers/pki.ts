import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * A test PKI made at test time with the OpenSSL CLI (an implementation independent of ours):
 * a CA, qualified-looking signer certificates (serialNumber=TINIT-<CF>, QC statements,
 * nonRepudiation), expired and revoked ones, a CRL, an OCSP responder (`openssl ocsp`) and a TSA
 * (`openssl ts -reply`), both behind one small HTTP server on 127.0.0.1 that feeds the request to
 * OpenSSL through temporary files. CAdES files are made with `openssl cms -sign -cades`.
 */

export interface PkiCert {
	name: string;
	cf: string | null;
	certPath: string;
	keyPath: string;
	pem: string;
	der: Uint8Array;
}

export interface IssueOptions {
	/** Common name, also split into givenName / surname. */
	name: string;
	/** Codice fiscale put in serialNumber as TINIT-<CF>; null for none. */
	cf?: string | null;
	/** Validity as OpenSSL dates (YYYYMMDDHHMMSSZ); default: from yesterday for 2 years. */
	startDate?: string;
	endDate?: string;
	/** Key usage: nonRepudiation (default) or digitalSignature only. */
	keyUsage?: 'nonRepudiation' | 'digitalSignature';
	/** QC statements (QcCompliance, QcSSCD, QcType esign); default true. */
	qc?: boolean;
	/** Which revocation pointers the certificate carries; default both. */
	revocation?: 'both' | 'crl' | 'ocsp' | 'none' | 'unreachable';
	/** Issue from another CA (not the trusted one). */
	issuer?: PkiCa;
}

export interface PkiCa {
	dir: string;
	cert: PkiCert;
	configPath: string;
}

export interface TestPki {
	dir: string;
	ca: PkiCa;
	tsa: PkiCert;
	/** http://127.0.0.1:<port> of the CRL / OCSP / TSA server. */
	baseUrl: string;
	tsaUrl: string;
	issue(opts: IssueOptions): PkiCert;
	/** A second, untrusted CA (for "chain to a trust store" tests). */
	otherCa(name?: string): PkiCa;
	revoke(cert: PkiCert, ca?: PkiCa): void;
	/** `openssl cms -sign -cades`: attached (default) or detached, DER. */
	cades(content: Uint8Array, signer: PkiCert, opts?: { detached?: boolean }): Uint8Array;
	/** Counts of requests served, to show the checks really went to the network. */
	hits: { crl: number; ocsp: number; tsa: number };
	close(): Promise<void>;
}

export function openssl(args: string[], input?: Uint8Array): Buffer {
	return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

function caConfig(dir: string): string {
	return `[ca]
default_ca = testca
[testca]
dir = ${dir}
database = ${dir}/index.txt
serial = ${dir}/serial
crlnumber = ${dir}/crlnumber
new_certs_dir = ${dir}/newcerts
certificate = ${dir}/ca.pem
private_key = ${dir}/ca.key
default_md = sha256
default_days = 730
default_crl_days = 30
policy = anything
preserve = yes
unique_subject = no
copy_extensions = none
email_in_dn = no
[anything]
countryName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
givenName = optional
surname = optional
serialNumber = optional
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
`;
}

const QC = `
[qcs]
s1 = SEQUENCE:qc_compliance
s2 = SEQUENCE:qc_sscd
s3 = SEQUENCE:qc_type
[qc_compliance]
id = OID:0.4.0.1862.1.1
[qc_sscd]
id = OID:0.4.0.1862.1.4
[qc_type]
id = OID:0.4.0.1862.1.6
types = SEQUENCE:qc_types
[qc_types]
t1 = OID:0.4.0.1862.1.6.1
`;

function makeCa(root: string, name: string, subjectName: string): PkiCa {
	const dir = mkdtempSync(join(root, `${name}-`));
	execFileSync('mkdir', ['-p', join(dir, 'newcerts')]);
	writeFileSync(join(dir, 'index.txt'), '');
	writeFileSync(join(dir, 'serial'), '1000\n');
	writeFileSync(join(dir, 'crlnumber'), '01\n');
	const configPath = join(dir, 'ca.cnf');
	writeFileSync(configPath, caConfig(dir));
	const keyPath = join(dir, 'ca.key');
	const certPath = join(dir, 'ca.pem');
	openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', keyPath]);
	openssl([
		'req',
		'-new',
		'-x509',
		'-config',
		configPath,
		'-extensions',
		'v3_ca',
		'-key',
		keyPath,
		'-out',
		certPath,
		'-days',
		'3650',
		'-subj',
		`/C=IT/O=${subjectName}/CN=${subjectName} Qualified CA`,
		'-set_serial',
		'1'
	]);
	return { dir, configPath, cert: readCert(subjectName, null, certPath, keyPath) };
}

function readCert(name: string, cf: string | null, certPath: string, keyPath: string): PkiCert {
	const pem = readFileSync(certPath, 'utf8');
	const der = new Uint8Array(openssl(['x509', '-in', certPath, '-outform', 'DER']));
	return { name, cf, certPath, keyPath, pem, der };
}

let counter = 0;

/** Starts the PKI: CA, TSA certificate, CRL, and the HTTP server for CRL / OCSP / TSA. */
export async function startTestPki(): Promise<TestPki> {
	const dir = mkdtempSync(join(tmpdir(), 'accordo-pki-'));
	const ca = makeCa(dir, 'ca', 'Accordo Test');
	const hits = { crl: 0, ocsp: 0, tsa: 0 };
	const cas = new Map<string, PkiCa>([[ca.dir, ca]]);

	const gencrl = (c: PkiCa) => {
		openssl(['ca', '-gencrl', '-config', c.configPath, '-out', join(c.dir, 'ca.crl.pem')]);
		openssl(['crl', '-in', join(c.dir, 'ca.crl.pem'), '-outform', 'DER', '-out', join(c.dir, 'ca.crl')]);
	};
	gencrl(ca);

	let tsaCert: PkiCert;
	let tsaConfigPath = '';

	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			try {
				const url = new URL(req.url ?? '/', 'http://x');
				const body = Buffer.concat(chunks);
				const tmp = mkdtempSync(join(dir, 'req-'));
				try {
					const caName = url.searchParams.get('ca');
					const which = [...cas.values()].find((c) => c.dir.endsWith(caName ?? '')) ?? ca;
					if (url.pathname === '/ca.crl') {
						hits.crl++;
						res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(readFileSync(join(which.dir, 'ca.crl')));
					} else if (url.pathname === '/ocsp' && req.method === 'POST') {
						hits.ocsp++;
						writeFileSync(join(tmp, 'req.der'), body);
						openssl([
							'ocsp',
							'-index',
							join(which.dir, 'index.txt'),
							'-CA',
							which.cert.certPath,
							'-rsigner',
							which.cert.certPath,
							'-rkey',
							which.cert.keyPath,
							'-reqin',
							join(tmp, 'req.der'),
							'-respout',
							join(tmp, 'resp.der'),
							'-ndays',
							'1'
						]);
						res.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(readFileSync(join(tmp, 'resp.der')));
					} else if (url.pathname === '/tsa' && req.method === 'POST') {
						hits.tsa++;
						writeFileSync(join(tmp, 'q.tsq'), body);
						openssl(['ts', '-reply', '-config', tsaConfigPath, '-queryfile', join(tmp, 'q.tsq'), '-out', join(tmp, 'r.tsr')]);
						res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(readFileSync(join(tmp, 'r.tsr')));
					} else {
						res.writeHead(404).end();
					}
				} finally {
					rmSync(tmp, { recursive: true, force: true });
				}
			} catch (err) {
				res.writeHead(500).end(String(err));
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	const baseUrl = `http://127.0.0.1:${port}`;

	function issue(opts: IssueOptions): PkiCert {
		const issuer = opts.issuer ?? ca;
		const id = `c${++counter}`;
		const keyPath = join(issuer.dir, `${id}.key`);
		const csrPath = join(issuer.dir, `${id}.csr`);
		const certPath = join(issuer.dir, `${id}.pem`);
		const extPath = join(issuer.dir, `${id}.ext`);
		const [given, ...rest] = opts.name.split(' ');
		const cf = opts.cf === undefined ? null : opts.cf;
		const subj =
			`/C=IT/O=Persona fisica/CN=${opts.name}/givenName=${given}/surname=${rest.join(' ') || given}` +
			(cf ? `/serialNumber=TINIT-${cf}` : '');
		const caParam = `ca=${issuer.dir.split('/').pop()}`;
		const rev = opts.revocation ?? 'both';
		const crlUrl = rev === 'unreachable' ? 'http://127.0.0.1:9/ca.crl' : `${baseUrl}/ca.crl?${caParam}`;
		const ocspUrl = rev === 'unreachable' ? 'http://127.0.0.1:9/ocsp' : `${baseUrl}/ocsp?${caParam}`;
		const lines = [
			'[ext]',
			'basicConstraints = critical,CA:FALSE',
			`keyUsage = critical,${opts.keyUsage ?? 'nonRepudiation'}`,
			'subjectKeyIdentifier = hash',
			'authorityKeyIdentifier = keyid',
			'certificatePolicies = 1.3.76.16.6, 0.4.0.194112.1.2'
		];
		if (rev === 'both' || rev === 'crl' || rev === 'unreachable') lines.push(`crlDistributionPoints = URI:${crlUrl}`);
		if (rev === 'both' || rev === 'ocsp' || rev === 'unreachable') lines.push(`authorityInfoAccess = OCSP;URI:${ocspUrl}`);
		if (opts.qc !== false) lines.push('1.3.6.1.5.5.7.1.3 = ASN1:SEQUENCE:qcs', QC);
		writeFileSync(extPath, lines.join('\n') + '\n');
		openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', keyPath]);
		openssl(['req', '-new', '-utf8', '-config', issuer.configPath, '-key', keyPath, '-out', csrPath, '-subj', subj]);
		const dates: string[] = [];
		dates.push('-startdate', opts.startDate ?? opensslDate(new Date(Date.now() - 86_400_000)));
		dates.push('-enddate', opts.endDate ?? opensslDate(new Date(Date.now() + 2 * 365 * 86_400_000)));
		openssl([
			'ca',
			'-batch',
			'-utf8',
			'-notext',
			'-config',
			issuer.configPath,
			'-in',
			csrPath,
			'-out',
			certPath,
			'-extfile',
			extPath,
			'-extensions',
			'ext',
			...dates
		]);
		return readCert(opts.name, cf, certPath, keyPath);
	}

	// The TSA: its own certificate with the critical timeStamping EKU, same CA.
	{
		const keyPath = join(ca.dir, 'tsa.key');
		const csrPath = join(ca.dir, 'tsa.csr');
		const certPath = join(ca.dir, 'tsa.pem');
		const extPath = join(ca.dir, 'tsa.ext');
		writeFileSync(
			extPath,
			'[ext]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\nextendedKeyUsage = critical,timeStamping\nsubjectKeyIdentifier = hash\n'
		);
		openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', keyPath]);
		openssl([
			'req',
			'-new',
			'-config',
			ca.configPath,
			'-key',
			keyPath,
			'-out',
			csrPath,
			'-subj',
			'/C=IT/O=Accordo Test/CN=Accordo Test TSA'
		]);
		openssl([
			'ca',
			'-batch',
			'-notext',
			'-config',
			ca.configPath,
			'-in',
			csrPath,
			'-out',
			certPath,
			'-extfile',
			extPath,
			'-extensions',
			'ext'
		]);
		tsaCert = readCert('Accordo Test TSA', null, certPath, keyPath);
		tsaConfigPath = join(ca.dir, 'tsa.cnf');
		writeFileSync(join(ca.dir, 'tsaserial'), '01\n');
		writeFileSync(
			tsaConfigPath,
			`[tsa]
default_tsa = tsa1
[tsa1]
dir = ${ca.dir}
serial = ${ca.dir}/tsaserial
crypto_device = builtin
signer_cert = ${certPath}
certs = ${certPath}
signer_key = ${keyPath}
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
other_policies = 1.3.6.1.4.1.99999.2
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`
		);
	}

	return {
		dir,
		ca,
		tsa: tsaCert,
		baseUrl,
		tsaUrl: `${baseUrl}/tsa`,
		hits,
		issue,
		otherCa(name = 'Altra CA') {
			const other = makeCa(dir, `other${++counter}`, name);
			cas.set(other.dir, other);
			gencrl(other);
			return other;
		},
		revoke(cert, issuer = ca) {
			openssl(['ca', '-config', issuer.configPath, '-revoke', cert.certPath, '-crl_reason', 'keyCompromise']);
			gencrl(issuer);
		},
		cades(content, signer, opts = {}) {
			const tmp = mkdtempSync(join(dir, 'cms-'));
			try {
				writeFileSync(join(tmp, 'in'), content);
				const args = [
					'cms',
					'-sign',
					'-cades',
					'-binary',
					'-md',
					'sha256',
					'-in',
					join(tmp, 'in'),
					'-signer',
					signer.certPath,
					'-inkey',
					signer.keyPath,
					'-outform',
					'DER',
					'-out',
					join(tmp, 'out')
				];
				if (!opts.detached) args.push('-nodetach');
				openssl(args);
				return new Uint8Array(readFileSync(join(tmp, 'out')));
			} finally {
				rmSync(tmp, { recursive: true, force: true });
			}
		},
		async close() {
			await new Promise<void>((resolve) => server.close(() => resolve()));
			server.closeAllConnections();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** A Date as OpenSSL's YYYYMMDDHHMMSSZ. */
export function opensslDate(d: Date): string {
	return d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
}

/** `openssl cms -verify` of a CAdES file against the CA (the independent cross-check). */
export function opensslVerifyCades(p7m: Uint8Array, caPem: string, content?: Uint8Array): boolean {
	const dir = mkdtempSync(join(tmpdir(), 'accordo-cmsv-'));
	try {
		writeFileSync(join(dir, 'in.p7m'), p7m);
		const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'in.p7m'), '-CAfile', caPem, '-out', join(dir, 'out')];
		if (content) {
			writeFileSync(join(dir, 'content'), content);
			args.push('-content', join(dir, 'content'));
		}
		openssl(args);
		return true;
	} catch {
		return false;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
