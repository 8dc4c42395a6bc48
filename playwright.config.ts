import { defineConfig } from '@playwright/test';
import { browserArgs } from './scripts/browser.ts';

// Two builds are tested: the real site (dist/) and the fixture corpus (dist-fixture/), which
// holds hostile and edge-case content that must never appear in the real knowledge base.
const sitePort = Number(process.env['E2E_PORT'] ?? 4321);
const fixturePort = Number(process.env['E2E_FIXTURE_PORT'] ?? sitePort + 1);
const executablePath = process.env['CHROME_PATH'];
if (!executablePath) throw new Error('CHROME_PATH is not set: run the browser tests through `npm run test:e2e`.');

const server = (dir: string, port: number) => ({
	command: `node scripts/serve.ts --dir ${dir} --port ${port}`,
	url: `http://127.0.0.1:${port}/`,
	reuseExistingServer: false,
	timeout: 60_000,
});

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.spec.ts',
	forbidOnly: true,
	// No retries: a flaky test must be fixed, not hidden.
	retries: 0,
	workers: 2,
	reporter: [['list']],
	use: { browserName: 'chromium', launchOptions: { executablePath, args: browserArgs } },
	projects: [
		{ name: 'site', testDir: 'tests/e2e/site', use: { baseURL: `http://127.0.0.1:${sitePort}` } },
		{ name: 'fixture', testDir: 'tests/e2e/fixture', use: { baseURL: `http://127.0.0.1:${fixturePort}` } },
	],
	webServer: [server('dist', sitePort), server('dist-fixture', fixturePort)],
});
