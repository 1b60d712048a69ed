// Adds up the vitest and Playwright JSON reports into one closing line: "tests: N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

const read = (p) => (existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null);
let passed = 0;
let failed = 0;
let skipped = 0;
const vitest = read('reports/vitest.json');
if (vitest) {
	passed += vitest.numPassedTests;
	failed += vitest.numFailedTests;
	skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
	console.log(`vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed`);
} else {
	console.log('vitest: no report (did not run)');
	failed += 1;
}
const pw = read('reports/playwright.json');
if (pw) {
	passed += pw.stats.expected + pw.stats.flaky;
	failed += pw.stats.unexpected;
	skipped += pw.stats.skipped;
	console.log(`playwright: ${pw.stats.expected + pw.stats.flaky} passed, ${pw.stats.unexpected} failed`);
} else {
	console.log('playwright: no report (did not run)');
	failed += 1;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
