import { describe, expect, test } from 'vitest';
import { accessSync, constants, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pagefindBinary, runPagefind, searchablePages } from '../../src/integrations/pagefind.ts';

describe('the Pagefind step of the build', () => {
	test('finds the indexer binary that npm installed for this platform', () => {
		const binary = pagefindBinary();
		expect(binary).toMatch(/@pagefind\/[a-z]+-[a-z0-9]+\/bin\/pagefind(_extended)?(\.exe)?$/);
		expect(() => accessSync(binary, constants.X_OK)).not.toThrow();
	});

	test('indexes exactly the pages that carry data-pagefind-body, and counts them', async () => {
		const site = mkdtempSync(join(tmpdir(), 'uabi-kb-pagefind-'));
		try {
			const page = (path: string, html: string) => {
				mkdirSync(join(site, path), { recursive: true });
				writeFileSync(join(site, path, 'index.html'), html);
			};
			page('users/a', '<html lang="en"><body><main data-pagefind-body><h1>follow_pfn user</h1></main></body></html>');
			page('users/b', '<html lang="en"><body><main data-pagefind-body><h1>vfio type1</h1></main></body></html>');
			page('users/old', '<html lang="en"><head><meta http-equiv="refresh" content="0;url=/users/a/"></head></html>');
			const output = await runPagefind(['--site', site, '--glob', 'users/*/index.html', '--output-subdir', 'pagefind', '--force-language', 'en']);
			expect(output).toMatch(/Indexed 2 pages/);
			expect((await searchablePages(site)).map((path) => path.slice(site.length))).toEqual(['/users/a/index.html', '/users/b/index.html']);
			const entry = JSON.parse(readFileSync(join(site, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
			expect(entry.languages['en']?.page_count).toBe(2);
		} finally {
			rmSync(site, { recursive: true, force: true });
		}
	});

	test('a failed run rejects with Pagefind’s own output', async () => {
		await expect(runPagefind(['--site', '/nonexistent/uabi-kb-site', '--no-such-flag'])).rejects.toThrow(/^Pagefind failed \(exit code [1-9]\d*\):\n.*no-such-flag/s);
	});
});
