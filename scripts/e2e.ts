/**
 * `npm run test:e2e`: finds a browser, picks a free loopback port, and runs the Playwright specs
 * against the already built dist/ (served by `astro preview`). Extra arguments go to Playwright.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { findBrowser } from './browser.ts';

for (const [dir, script] of [['dist', 'build'], ['dist-fixture', 'build:fixture']]) {
	if (!existsSync(`${dir}/index.html`)) {
		console.error(`${dir}/ has no build: run \`npm run ${script}\` first (npm test does it).`);
		process.exit(2);
	}
}

let browser;
try {
	browser = await findBrowser();
} catch (error) {
	console.error(String(error instanceof Error ? error.message : error));
	process.exit(2);
}
console.log(`e2e: using Chromium from ${browser.origin}: ${browser.path}`);

const freePort = () =>
	new Promise<number>((resolve) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
const port = await freePort();
let fixturePort = await freePort();
while (fixturePort === port) fixturePort = await freePort();

const result = spawnSync('playwright', ['test', ...process.argv.slice(2)], {
	stdio: 'inherit',
	env: { ...process.env, CHROME_PATH: browser.path, E2E_PORT: String(port), E2E_FIXTURE_PORT: String(fixturePort) },
});
process.exit(result.status ?? 1);
