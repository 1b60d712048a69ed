import { execFileSync } from 'node:child_process';

/**
 * Installs the Debian packages a test needs when they are missing, the way
 * scripts/ensure-chromium.sh does for Chromium: as root, non-interactive, waiting for another
 * apt-get's lock (parallel test files), and with `apt-get update` first when the package lists do
 * not know the package (a fresh machine may have none). Not root: throws with the command to run.
 */
export function aptInstall(packages: string[], why: string): void {
	if (process.getuid?.() !== 0) throw new Error(`${why}: install it with \`sudo apt-get install -y ${packages.join(' ')}\`.`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const apt = (...args: string[]) =>
		execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], { env, stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
	const install = () => apt('install', '-y', '-q', '--no-install-recommends', ...packages);
	try {
		install();
	} catch {
		apt('update', '-q');
		try {
			install();
		} catch (err) {
			const stderr = String((err as { stderr?: Buffer }).stderr ?? '').trim();
			throw new Error(`${why}: apt-get install ${packages.join(' ')} failed${stderr ? `:\n${stderr}` : ''}`, { cause: err });
		}
	}
}
