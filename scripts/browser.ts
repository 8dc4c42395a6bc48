/**
 * Finds a Chromium for the browser tests, in this order: $CHROME_PATH, a system Chromium
 * (Debian's /usr/bin/chromium and friends), then the browser shipped inside the npm package
 * @sparticuz/chromium (a devDependency, so `npm ci` alone provides one). Never downloads.
 */
import { accessSync, constants } from 'node:fs';

const systemPaths = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

function executable(path: string): boolean {
	try {
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

export async function findBrowser(): Promise<{ path: string; origin: string }> {
	const fromEnv = process.env['CHROME_PATH'];
	if (fromEnv) {
		if (!executable(fromEnv)) throw new Error(`CHROME_PATH is set to ${fromEnv}, which is not an executable file`);
		return { path: fromEnv, origin: 'CHROME_PATH' };
	}
	const system = systemPaths.find(executable);
	if (system) return { path: system, origin: 'system' };
	try {
		const { default: chromium } = await import('@sparticuz/chromium');
		const path = await chromium.executablePath();
		if (path && executable(path)) return { path, origin: '@sparticuz/chromium' };
	} catch (error) {
		throw new Error(`No Chromium found: CHROME_PATH is unset, none of ${systemPaths.join(', ')} exists, and @sparticuz/chromium failed: ${String(error)}. Run \`npm ci\` or install Debian's chromium package.`);
	}
	throw new Error(`No Chromium found: set CHROME_PATH, install Debian's chromium package, or run \`npm ci\` to get @sparticuz/chromium.`);
}

/** Flags for a headless Chromium on a closed network, as root, without a GPU. */
export const browserArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
