/**
 * `npm run test:determinism`: two clean builds in two different directories must produce
 * byte-identical dist/ trees. The project is copied (without node_modules, dist and caches),
 * node_modules is linked, and each copy runs `astro build` from scratch. Prints the first
 * differing files on failure.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const skip = new Set(['node_modules', 'dist', 'dist-fixture', '.astro', '.git', 'test-results', 'playwright-report', 'bench', 'coverage']);

function copyProject(): string {
	const dir = mkdtempSync(join(tmpdir(), 'uabi-kb-determinism-'));
	for (const entry of readdirSync(root)) {
		if (skip.has(entry)) continue;
		cpSync(join(root, entry), join(dir, entry), { recursive: true });
	}
	symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
	return dir;
}

function digest(dir: string): Map<string, string> {
	const out = new Map<string, string>();
	for (const file of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
		const path = join(dir, file);
		try {
			out.set(file, createHash('sha256').update(readFileSync(path)).digest('hex'));
		} catch {
			// a directory
		}
	}
	return out;
}

const dirs = [copyProject(), copyProject()];
const trees = dirs.map((dir) => {
	const result = spawnSync(join(root, 'node_modules', '.bin', 'astro'), ['build'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
	if (result.status !== 0) {
		console.error(result.stdout, result.stderr);
		process.exit(1);
	}
	return digest(join(dir, 'dist'));
});
const [a, b] = trees as [Map<string, string>, Map<string, string>];
const names = [...new Set([...a.keys(), ...b.keys()])].sort();
const differing = names.filter((name) => a.get(name) !== b.get(name));
for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
if (differing.length > 0) {
	console.error(`determinism: ${differing.length} of ${names.length} files differ between two clean builds:`);
	for (const name of differing.slice(0, 20)) console.error(`  ${name}`);
	process.exit(1);
}
console.log(`determinism: two clean builds are byte-identical (${names.length} files)`);
