import { chromium as playwrightChromium, defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

// The browser scripts/ensure-chromium.sh found or installed (npm test and npm run test:e2e set
// CHROMIUM_PATH), else Debian's Chromium, else one Playwright downloaded. With none, one clear
// error instead of every test failing on a missing executable.
const chromium = process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
if (!chromium && !existsSync(playwrightChromium.executablePath())) {
	throw new Error(
		'No Chromium for the end-to-end tests: run `npm run test:e2e` or `bash scripts/ensure-chromium.sh` (installs one), or set CHROMIUM_PATH.'
	);
}
const PORT = Number(process.env.E2E_PORT ?? 4173);
// Each port gets its own database, so parallel runs on one machine do not share state.
const DATA_DIR = PORT === 4173 ? './data/e2e' : `./data/e2e-${PORT}`;

export default defineConfig({
	testDir: 'tests/e2e',
	// Per-port output, so parallel runs do not wipe each other's traces.
	outputDir: `test-results/e2e-${PORT}`,
	fullyParallel: false,
	workers: 1, // tests share the demo accounts (one of them changes its password)
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		trace: 'retain-on-failure',
		locale: 'it-IT',
		timezoneId: 'Europe/Rome',
		launchOptions: {
			executablePath: chromium,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--use-fake-ui-for-media-stream',
				'--use-fake-device-for-media-stream'
			]
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
	webServer: {
		// A fresh database with the demo seed for every run; the build comes from `npm run build`
		// (build/) or, under npm test and npm run test:e2e, from build-test/ (ACCORDO_BUILD_DIR).
		command: `rm -rf ${DATA_DIR} && node server/main.ts`,
		url: `http://127.0.0.1:${PORT}/healthz`,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'pipe',
		env: {
			PORT: String(PORT),
			ACCORDO_BUILD_DIR: process.env.ACCORDO_BUILD_DIR ?? 'build',
			HOST: '127.0.0.1',
			DATABASE_URL: `${DATA_DIR}/accordo.db`,
			SFU_WORKERS: '1',
			LOGIN_MAX_PER_ACCOUNT: '5',
			LOGIN_MAX_PER_IP: '50',
			// Mail: a fixed test key for the mailbox credentials and a fast poll of the fake PEC provider's mailbox.
			ACCORDO_CREDENTIALS_KEY: 'YWNjb3Jkby1lMmUtY2hpYXZlLWRpLXByb3ZhLTMyYnk=',
			ACCORDO_MAIL_POLL_SECONDS: '1',
			// Firma: the local CSC-shaped provider; tests/e2e/firma.spec.ts writes its credentials there and reads the OTPs.
			FIRMA_PROVIDER: 'locale',
			FIRMA_PROVIDER_DIR: `${DATA_DIR}/firma-provider`
		}
	}
});
