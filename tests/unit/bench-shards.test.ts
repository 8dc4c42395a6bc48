import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, expect, test } from 'vitest';
import { agreement, readFragments, runIndexer, sampleQueries, shardOf, type Compared, type IndexedPage } from '../../scripts/bench/shards.ts';

const temp = mkdtempSync(join(tmpdir(), 'uabi-kb-shards-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

test('a page always goes to the same bundle, and pages spread over all of them', () => {
	const paths = Array.from({ length: 1000 }, (_, i) => `users/entry-${i}/index.html`);
	const counts = [0, 0, 0];
	for (const path of paths) {
		const k = shardOf(path, 3);
		expect(shardOf(path, 3)).toBe(k);
		counts[k]! += 1;
	}
	for (const n of counts) expect(n).toBeGreaterThan(280);
});

const pages: IndexedPage[] = [
	{ url: '/users/a/', title: 'Media: pins USERPTR buffers', content: 'The driver calls follow_pfn() on a userptr buffer. Then vb2_dma_sg_get_userptr maps it.' },
	{ url: '/users/b/', title: 'VFIO type1 mappings', content: 'vfio_pin_pages_remote walks VM_PFNMAP ranges with follow_fault_pfn and keeps the result.' },
];

test('queries come from the pages, one kind after another, the same for the same seed', () => {
	const queries = sampleQueries(pages, 8);
	expect(queries.map((q) => q.kind)).toEqual(['title', 'identifier', 'two words', 'one word', 'title', 'identifier', 'two words', 'one word']);
	const text = pages.map((p) => `${p.title} ${p.content}`).join(' ');
	for (const q of queries) {
		expect(text).toContain(q.kind === 'two words' ? q.term.split(' ')[0] : q.term);
		if (q.kind === 'identifier') expect(q.term).toContain('_');
		if (q.kind === 'title') expect(pages.map((p) => p.title)).toContain(q.term);
	}
	expect(sampleQueries(pages, 8)).toEqual(queries);
	expect(sampleQueries(pages, 8, 99)).not.toEqual(queries);
});

test('drawing queries stops with a reason when the pages cannot supply a kind', () => {
	const plain = [{ url: '/users/c/', title: 'Plain', content: 'words without any underscores in them here' }];
	expect(() => sampleQueries(plain, 4)).toThrow(/could not draw 4 queries from 1 indexed pages \(stuck at a identifier query\)/);
	expect(() => sampleQueries([], 1)).toThrow(/from 0 indexed pages/);
});

const row = (kind: Compared['query']['kind'], single: string[], sharded: string[], counts: [number, number] = [single.length, sharded.length]): Compared => ({
	query: { kind, term: 'x' },
	single: { count: counts[0], top: single },
	sharded: { count: counts[1], top: sharded },
});

test('agreement counts same first results, first in the top three, shared top ten and equal counts', () => {
	const rows = [
		row('identifier', ['/a/'], ['/a/']),
		row('identifier', ['/a/'], ['/b/', '/c/', '/a/'], [1, 150]),
		row('identifier', [], [], [0, 0]),
		row('title', ['/a/', '/b/', '/c/', '/d/'], ['/b/', '/a/', '/e/', '/f/']),
	];
	const [all, title, identifier, twoWords] = agreement(rows);
	expect(identifier).toEqual({ kind: 'identifier', queries: 3, withResults: 2, sameFirst: 1, firstInTopThree: 2, topTenShared: 0.5, sameCount: 2 });
	expect(title).toEqual({ kind: 'title', queries: 1, withResults: 1, sameFirst: 0, firstInTopThree: 1, topTenShared: 0.5, sameCount: 1 });
	expect(all).toMatchObject({ kind: 'all', queries: 4, withResults: 3, sameFirst: 1, firstInTopThree: 3, sameCount: 3 });
	expect(all!.topTenShared).toBeCloseTo((1 + 0 + 0.5) / 3, 3);
	expect(twoWords).toMatchObject({ kind: 'two words', queries: 0, withResults: 0 });
	expect(twoWords!.topTenShared).toBeNaN();
});

test('fragments are read in file order, and a file that is not one is named', () => {
	const bundle = join(temp, 'bundle');
	mkdirSync(join(bundle, 'fragment'), { recursive: true });
	const fragment = (url: string, title: string) => gzipSync(`pagefind_dcd${JSON.stringify({ url, content: `text of ${url}`, meta: { title } })}`);
	writeFileSync(join(bundle, 'fragment', 'en_b.pf_fragment'), fragment('/users/b/', 'B'));
	writeFileSync(join(bundle, 'fragment', 'en_a.pf_fragment'), fragment('/users/a/', 'A'));
	expect(readFragments(bundle)).toEqual([
		{ url: '/users/a/', title: 'A', content: 'text of /users/a/' },
		{ url: '/users/b/', title: 'B', content: 'text of /users/b/' },
	]);
	writeFileSync(join(bundle, 'fragment', 'en_c.pf_fragment'), gzipSync('not json'));
	expect(() => readFragments(bundle)).toThrow(/en_c\.pf_fragment: not a Pagefind fragment/);
});

test('an indexer run is measured from /proc and writes its bundle into an empty folder', async () => {
	const tree = join(temp, 'tree');
	// Enough pages for the indexer to run for a few of the 20 ms samples.
	const words = (i: number) => Array.from({ length: 400 }, (_, j) => `word${(i * 7919 + j * 104729) % 50000}`).join(' ');
	for (let i = 0; i < 300; i++) {
		mkdirSync(join(tree, 'users', `u${i}`), { recursive: true });
		writeFileSync(join(tree, 'users', `u${i}`, 'index.html'), `<!doctype html><html lang="en"><body><main data-pagefind-body><h1>Entry ${i}</h1><p>follow_pfn ${words(i)}</p></main></body></html>`);
	}
	const out = join(temp, 'out');
	mkdirSync(out);
	writeFileSync(join(out, 'stale.txt'), 'left from an earlier run');
	const run = await runIndexer('small', tree, out, 300);
	expect(run).toMatchObject({ label: 'small', pages: 300 });
	expect(run.wallS).toBeGreaterThan(0);
	expect(run.peakMb).toBeGreaterThan(1);
	expect(existsSync(join(out, 'stale.txt'))).toBe(false);
	expect(readdirSync(join(out, 'fragment'))).toHaveLength(300);
	await expect(runIndexer('missing', join(temp, 'nowhere'), join(temp, 'out2'), 0)).rejects.toThrow(/^missing: Pagefind failed/);
});
