import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from '../client.ts';

/**
 * Content-addressed blob store of the fascicolo: `<data dir>/files/<sha[0..2]>/<sha>`. Identical
 * uploads share one file. A blob is written to a temporary file in the same directory, fsynced and
 * renamed into place, so a crash never leaves a half-written blob under its final name. Blobs are
 * never changed or deleted by the application; one whose metadata insert failed is an orphan, which
 * is harmless (it is not reachable) and reused if the same bytes come again.
 */
export interface FileStore {
	put(bytes: Uint8Array): { sha256: string; size: number };
	path(sha256: string): string;
	exists(sha256: string): boolean;
}

const SHA = /^[0-9a-f]{64}$/;

export function fileStore(dataDir: string): FileStore {
	const root = join(dataDir, 'files');
	const path = (sha: string) => {
		if (!SHA.test(sha)) throw new Error(`not a sha256: ${sha}`);
		return join(root, sha.slice(0, 2), sha);
	};
	return {
		path,
		exists: (sha) => existsSync(path(sha)),
		put(bytes) {
			const sha256 = createHash('sha256').update(bytes).digest('hex');
			const target = path(sha256);
			if (existsSync(target)) return { sha256, size: bytes.length };
			const dir = dirname(target);
			mkdirSync(dir, { recursive: true });
			const tmp = join(dir, `.tmp-${randomBytes(8).toString('hex')}`);
			try {
				const fd = openSync(tmp, 'wx', 0o640);
				try {
					let off = 0;
					while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
					fsyncSync(fd);
				} finally {
					closeSync(fd);
				}
				renameSync(tmp, target); // a concurrent upload of the same bytes writes the same content
			} catch (err) {
				rmSync(tmp, { force: true });
				throw err;
			}
			syncDir(dir);
			return { sha256, size: bytes.length };
		}
	};
}

/** Makes the rename durable (the directory entry) on filesystems that support it. */
function syncDir(dir: string): void {
	let fd: number | null = null;
	try {
		fd = openSync(dir, 'r');
		fsyncSync(fd);
	} catch {
		// Not supported everywhere (e.g. some network filesystems): the data itself is already synced.
	} finally {
		if (fd !== null) closeSync(fd);
	}
}

/** The data directory: the one holding the SQLite file. */
export function dataDirOf(db: Db): string {
	const file = db.$client.name;
	if (!file || file === ':memory:') throw new Error('the fascicolo needs a file-backed database (DATABASE_URL)');
	return dirname(file);
}

export function fileStoreFor(db: Db): FileStore {
	return fileStore(dataDirOf(db));
}
