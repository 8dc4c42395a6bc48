/**
 * The two overlaps of a cold build stay in place: bodies are rendered while the content is
 * validated (src/integrations/validate.ts), and Pagefind starts while the pages other than
 * item pages are rendered (src/integrations/pagefind.ts). The server bundle reads the content
 * store instead of inlining it (src/integrations/content-store.ts). Each can silently stop
 * working, for example after an Astro upgrade, without changing the output; the build log says
 * which ran.
 */
import { expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validContent } from '../helpers/overlay.ts';
import { astroBuildCommand } from '../../scripts/build.ts';

const root = join(import.meta.dirname, '..', '..');

test('a cold build renders bodies while validating, indexes while rendering, and reads the store unbundled', { timeout: 120_000 }, () => {
	// A content folder of its own, so that its content cache (named after the folder) is cold.
	const work = mkdtempSync(join(tmpdir(), 'uabi-kb-early-'));
	const content = join(work, 'content');
	const cache = join(root, '.astro', 'cache', content.replace(/[^A-Za-z0-9]+/g, '-'));
	cpSync(validContent, content, { recursive: true });
	try {
		const [node, args] = astroBuildCommand(['--outDir', join(work, 'dist')]);
		const result = spawnSync(node, args, {
			cwd: root,
			env: { ...process.env, UABI_KB_CONTENT: content, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
			encoding: 'utf8',
		});
		const log = result.stdout + result.stderr;
		expect(result.status, log).toBe(0);
		expect(log).toMatch(/\[uabi-kb:validate\] content OK: \d+ items; rendering bodies while loading/);
		expect(log).toMatch(/\[uabi-kb:pagefind\] indexed \d+ pages \(started while the other pages rendered\)/);
		expect(log).toMatch(/\[uabi-kb:content-store\] the server bundle reads the content store from \S+data-store\.json instead of inlining \d+ characters/);
	} finally {
		rmSync(work, { recursive: true, force: true });
		rmSync(cache, { recursive: true, force: true });
	}
});
