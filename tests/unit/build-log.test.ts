import { expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { buildCompleted, offendingLines } from '../../scripts/build.ts';

test('warning and error lines fail the build log check; info lines do not', () => {
	const log = [
		'10:00:00 [build] Complete!',
		'10:00:00 [uabi-kb:pagefind] indexed 140 pages',
		'11:14:35   ├─ /threads/syzbot-unsafe-follow-pfn-warning/index.html (+8ms) ',
		'\x1b[33m10:00:00 [WARN] [router] A collision was detected\x1b[39m',
		'10:00:01 [ERROR] [build] something broke',
		'[vite] warning: chunk too large',
	].join('\n');
	expect(offendingLines(log)).toEqual([
		'10:00:00 [WARN] [router] A collision was detected',
		'10:00:01 [ERROR] [build] something broke',
		'[vite] warning: chunk too large',
	]);
});

test('a build counts only when Astro reports completion, even if it exited 0', () => {
	expect(buildCompleted('12:00:00 [content] Syncing content\n')).toBe(false);
	expect(buildCompleted('12:00:09 \x1b[32m[build]\x1b[39m Complete!\n')).toBe(true);
	expect(buildCompleted('12:00:09 [build] Complete!\n')).toBe(true);
});

test('npm run build runs astro build on this Node with our V8 flags, which this Node accepts', async () => {
	const { astroBuildCommand, nodeFlags } = await import('../../scripts/build.ts');
	const [program, args] = astroBuildCommand(['--outDir', 'dist-x']);
	expect(program).toBe(process.execPath);
	expect(args.slice(0, nodeFlags.length)).toEqual(nodeFlags);
	expect(args[nodeFlags.length]).toMatch(/node_modules\/astro\/bin\/astro\.mjs$/);
	expect(existsSync(args[nodeFlags.length]!)).toBe(true);
	expect(args.slice(nodeFlags.length + 1)).toEqual(['build', '--outDir', 'dist-x']);
	// An unknown V8 flag makes node refuse to start; this one must be accepted.
	expect(spawnSync(process.execPath, [...nodeFlags, '-e', 'process.exit(7)']).status).toBe(7);
});
