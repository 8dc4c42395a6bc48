/**
 * The build itself stops on bad content, with the validator's message: guards against the
 * validate integration being dropped from astro.config.mjs or swallowing its errors.
 */
import { expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { contentWithOverlay } from '../helpers/overlay.ts';

const root = join(import.meta.dirname, '..', '..');

test('astro build exits non-zero and names file, line, field and problem', () => {
	const fixture = contentWithOverlay('dangling-reference');
	const result = spawnSync(join(root, 'node_modules', '.bin', 'astro'), ['build', '--outDir', join(fixture, 'dist')], {
		cwd: root,
		env: { ...process.env, UABI_KB_CONTENT: join(fixture, 'content'), ASTRO_TELEMETRY_DISABLED: '1' },
		encoding: 'utf8',
	});
	expect(result.status).not.toBe(0);
	const output = result.stdout + result.stderr;
	expect(output).toContain('uabis[1]: reference to a missing item: no uabis/no-such-uabi in content/uabis/');
	expect(output).toMatch(/fixture-guide\.mdx:6: uabis\[1\]/);
});
