/**
 * A second build over the same content reuses what the first one stored: the loader keeps each
 * unchanged entry's store record, which points at its rendered body and its data in the first
 * build's bodies file (src/lib/loader.ts, src/lib/body.ts). The site it writes must be the same,
 * byte for byte, and nothing may be rendered again; an edited entry is rendered again and shows.
 */
import { expect, test } from 'vitest';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ownFixtureContent } from '../helpers/own-build.ts';

/** Every file under `dir`, by path relative to it, with its bytes. */
function files(dir: string): Map<string, Buffer> {
	const found = new Map<string, Buffer>();
	for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
		if (entry.isFile()) found.set(relative(dir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name)));
	}
	return found;
}

test('a warm build reuses stored bodies and data and writes the same site', { timeout: 180_000 }, () => {
	const own = ownFixtureContent('warm');
	const { work, content, cache } = own;
	const build = (outDir: string) => {
		const { status, log } = own.build(outDir);
		expect(status, log).toBe(0);
		return log;
	};
	try {
		expect(build(join(work, 'cold'))).toMatch(/rendering bodies while loading/);
		const bodies = readdirSync(join(cache, 'bodies')).sort();
		expect(bodies.length).toBeGreaterThan(0);
		// Warm: the store exists, so the validator renders nothing early and the loader keeps entries.
		expect(build(join(work, 'warm'))).not.toMatch(/rendering bodies while loading/);
		expect(readdirSync(join(cache, 'bodies')).sort(), 'a warm build rendered bodies again').toEqual(bodies);
		const cold = files(join(work, 'cold'));
		const warm = files(join(work, 'warm'));
		expect([...warm.keys()].sort()).toEqual([...cold.keys()].sort());
		for (const [path, bytes] of cold) expect(warm.get(path)?.equals(bytes), path).toBe(true);

		// One edited entry: rendered again into a new bodies file, its change on its page.
		const users = readdirSync(join(content, 'users')).filter((name) => name.endsWith('.mdx')).sort();
		appendFileSync(join(content, 'users', users[0]!), '\nWarm-build marker paragraph.\n');
		build(join(work, 'edited'));
		const added = readdirSync(join(cache, 'bodies')).filter((name) => !bodies.includes(name));
		expect(added, 'only the edited entry is rendered again, into a bodies file of its own').toHaveLength(1);
		expect(added[0]).toMatch(/^users-/);
		const page = readFileSync(join(work, 'edited', 'users', users[0]!.replace(/\.mdx$/, ''), 'index.html'), 'utf8');
		expect(page).toContain('Warm-build marker paragraph.');
		expect(readFileSync(join(work, 'edited', 'users', users[1]!.replace(/\.mdx$/, ''), 'index.html'))).toEqual(cold.get(join('users', users[1]!.replace(/\.mdx$/, ''), 'index.html')));
	} finally {
		own.remove();
	}
});
