/**
 * Builds of a copy of the valid fixture content in a folder of its own: its content cache
 * (one per content folder, src/lib/content-dir.ts) starts cold, and later builds of the same copy
 * find what the earlier ones stored. `remove()` deletes the copy, its outputs and its cache.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validContent } from './overlay.ts';
import { astroBuildCommand } from '../../scripts/build.ts';
import { contentCacheDir } from '../../src/lib/content-dir.ts';

const root = join(import.meta.dirname, '..', '..');

export function ownFixtureContent(prefix: string) {
	const work = mkdtempSync(join(tmpdir(), `uabi-kb-${prefix}-`));
	const content = join(work, 'content');
	cpSync(validContent, content, { recursive: true });
	return {
		work,
		content,
		/** The content cache the builds of this copy use. */
		cache: join(root, contentCacheDir(content)),
		/** Runs `npm run build`'s command into `outDir`; its exit status and log (stdout + stderr). */
		build(outDir: string, env: Record<string, string> = {}): { status: number | null; log: string } {
			const [node, args] = astroBuildCommand(['--outDir', outDir]);
			const result = spawnSync(node, args, {
				cwd: root,
				env: { ...process.env, UABI_KB_CONTENT: content, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', ...env },
				encoding: 'utf8',
			});
			return { status: result.status, log: result.stdout + result.stderr };
		},
		remove() {
			rmSync(work, { recursive: true, force: true });
			rmSync(this.cache, { recursive: true, force: true });
		},
	};
}
