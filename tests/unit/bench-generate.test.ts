import { expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateContent } from '../../src/lib/validate.ts';

const generator = join(import.meta.dirname, '..', '..', 'scripts', 'bench', 'generate.ts');
const realContent = join(import.meta.dirname, '..', '..', 'content');

// Small corpora have fewer lookup APIs than a user may call (two below 163 users): the
// generator once looped for ever on `npm run bench -- --sizes=50`. It runs in a child process
// with a time limit, so that such a loop fails the test instead of stalling the suite.
test.each([1, 10, 50])('a corpus of %i users is generated and passes the validator', (users) => {
	const out = mkdtempSync(join(tmpdir(), `uabi-kb-corpus-${users}-`));
	try {
		const script = `import { generate } from ${JSON.stringify(generator)}; generate({ users: ${users}, out: ${JSON.stringify(out)}, seed: 1, realContent: ${JSON.stringify(realContent)} });`;
		const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
		expect(run.signal, 'the generator did not finish within 30 s').toBeNull();
		expect(run.status, run.stderr).toBe(0);
		expect(readdirSync(join(out, 'users')).filter((name) => name.endsWith('.mdx'))).toHaveLength(users);
		expect(validateContent(out).problems).toEqual([]);
	} finally {
		rmSync(out, { recursive: true, force: true });
	}
});

// A second run over the same folder must neither delete nor create files (scripts/bench/trash.ts):
// the same inode and the same mtime for every file; a file changed by hand is written back, and a
// file the generator no longer makes is removed.
test('a second run leaves identical files alone, restores changed ones and removes stale ones', () => {
	const out = mkdtempSync(join(tmpdir(), 'uabi-kb-corpus-again-'));
	const run = () => {
		const script = `import { generate } from ${JSON.stringify(generator)}; generate({ users: 10, out: ${JSON.stringify(out)}, seed: 1, realContent: ${JSON.stringify(realContent)} });`;
		const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
		expect(result.status, result.stderr).toBe(0);
	};
	const snapshot = () =>
		new Map(
			readdirSync(out, { recursive: true, withFileTypes: true })
				.filter((e) => e.isFile())
				.map((e) => {
					const path = join(e.parentPath, e.name);
					const s = statSync(path);
					return [path, { ino: s.ino, mtimeMs: s.mtimeMs, text: readFileSync(path, 'utf8') }] as const;
				}),
		);
	try {
		run();
		const first = snapshot();
		expect(first.size).toBeGreaterThan(50);
		const user = [...first.keys()].find((path) => path.includes(`${join('users', '')}`) && path.endsWith('.mdx'))!;
		const version = [...first.keys()].find((path) => path.includes('kernel-versions'))!;
		writeFileSync(user, 'edited by hand');
		writeFileSync(join(out, 'users', 'left-over.mdx'), 'not generated');
		run();
		const second = snapshot();
		expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
		for (const [path, was] of first) {
			const now = second.get(path)!;
			expect(now.text, path).toBe(was.text);
			expect(now.ino, path).toBe(was.ino);
			if (path !== user) expect(now.mtimeMs, path).toBe(was.mtimeMs);
		}
		expect(second.get(version)!.text).toBe(readFileSync(join(realContent, 'kernel-versions', version.split('/').pop()!), 'utf8'));
	} finally {
		rmSync(out, { recursive: true, force: true });
	}
});
