/** The browser finder: CHROME_PATH wins, and a wrong CHROME_PATH is a clear error, not a fallback. */
import { afterEach, expect, test } from 'vitest';
import { findBrowser } from '../../scripts/browser.ts';

const saved = process.env['CHROME_PATH'];
afterEach(() => {
	if (saved === undefined) delete process.env['CHROME_PATH'];
	else process.env['CHROME_PATH'] = saved;
});

test('CHROME_PATH pointing at an executable is used as is', async () => {
	process.env['CHROME_PATH'] = process.execPath;
	expect(await findBrowser()).toEqual({ path: process.execPath, origin: 'CHROME_PATH' });
});

test('CHROME_PATH pointing at nothing stops with a message naming it', async () => {
	process.env['CHROME_PATH'] = '/nonexistent/chromium';
	await expect(findBrowser()).rejects.toThrow('CHROME_PATH is set to /nonexistent/chromium, which is not an executable file');
});
