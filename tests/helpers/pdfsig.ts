import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aptInstall } from './debian.ts';

/** Makes sure poppler's pdfsig is there (installs poppler-utils with apt when root and missing). */
export function ensurePdfsig(): void {
	if (spawnSync('pdfsig', ['-v']).status === 0) return;
	aptInstall(['poppler-utils'], 'pdfsig (poppler-utils) is needed');
	if (spawnSync('pdfsig', ['-v']).status !== 0) throw new Error('pdfsig (poppler-utils) is needed: apt-get install poppler-utils');
}

export interface PdfsigSignature {
	signer: string | null;
	valid: boolean;
	totalDocument: boolean;
	raw: string;
}

/** Runs `pdfsig -nocert` (integrity only: its chain status is not reliable here) and parses each signature. */
export function pdfsig(pdf: Uint8Array): PdfsigSignature[] {
	const dir = mkdtempSync(join(tmpdir(), 'accordo-pdfsig-'));
	try {
		const file = join(dir, 'f.pdf');
		writeFileSync(file, pdf);
		const r = spawnSync('pdfsig', ['-nocert', file], { encoding: 'utf8' });
		const out = `${r.stdout}\n${r.stderr}`;
		return out
			.split(/^Signature #\d+:/m)
			.slice(1)
			.map((block) => ({
				signer: /Signer Certificate Common Name: (.*)/.exec(block)?.[1]?.trim() ?? null,
				valid: /Signature Validation: Signature is Valid\./.test(block),
				totalDocument: /Total document signed/.test(block),
				raw: block
			}));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
