import { expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
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
