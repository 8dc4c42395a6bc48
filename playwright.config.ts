import { defineConfig } from '@playwright/test';
import { browserArgs } from './scripts/browser.ts';

const port = Number(process.env['E2E_PORT'] ?? 4321);
const executablePath = process.env['CHROME_PATH'];
if (!executablePath) throw new Error('CHROME_PATH is not set: run the browser tests through `npm run test:e2e`.');

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.spec.ts',
	forbidOnly: true,
	// No retries: a flaky test must be fixed, not hidden.
	retries: 0,
	workers: 2,
	reporter: [['list']],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		browserName: 'chromium',
		launchOptions: { executablePath, args: browserArgs },
	},
	webServer: {
		command: `node scripts/serve.ts --dir dist --port ${port}`,
		url: `http://127.0.0.1:${port}/`,
		reuseExistingServer: false,
		timeout: 60_000,
	},
});
