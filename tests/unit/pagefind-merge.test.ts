import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { indexItemPages, listItemPages, pagefindArgs, partCount, partEnd, partGlob, runPagefind, splitIntoParts } from '../../src/integrations/pagefind.ts';
import { CborReader, compareWords, decodeCbor, encodeCbor, mergePagefindBundles, readPagefindFile, wordRanges, type Cbor } from '../../src/lib/pagefind-merge.ts';
import { describeBundle } from '../helpers/pagefind-bundle.ts';

describe('CBOR as Pagefind writes it', () => {
	test('round-trips integers of every width, text and nested arrays', () => {
		const value: Cbor = [0, 23, 24, 255, 256, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, 2 ** 40, -1, -25, -169, -70_000, '', 'café 𝒜 “x”', 'x'.repeat(100), 'é'.repeat(30_000), [[], [1, [2, 'three']]]];
		const bytes = encodeCbor(value);
		expect(decodeCbor(bytes)).toEqual(value);
		// Shortest forms, as every CBOR encoder writes them: 24 takes two bytes, 23 one.
		expect([...encodeCbor(23)]).toEqual([0x17]);
		expect([...encodeCbor(24)]).toEqual([0x18, 24]);
		expect([...encodeCbor(-25)]).toEqual([0x38, 24]);
		expect([...encodeCbor(['a'])]).toEqual([0x81, 0x61, 0x61]);
	});

	test('reads arrays of indefinite length', () => {
		expect(decodeCbor(Uint8Array.of(0x9f, 0x01, 0x9f, 0xff, 0x61, 0x62, 0xff))).toEqual([1, [], 'b']);
	});

	test('steps over arrays of integers of every width, reading only their first bytes', () => {
		const ints = [0, 23, 24, 255, 256, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, 2 ** 40, -1, -25, -169, -70_000];
		const definite = encodeCbor([ints, 'after']);
		const reader = new CborReader(definite);
		expect(reader.array()).toBe(2);
		expect(reader.skipIntArray()).toBe(ints.length);
		expect(reader.item()).toBe('after');
		expect(reader.done).toBe(true);
		// Indefinite length: the break byte ends it and is stepped over.
		const indefinite = new CborReader(Uint8Array.of(0x9f, 0x01, 0x19, 0x01, 0x00, 0x38, 0x18, 0xff, 0x61, 0x62));
		expect(indefinite.skipIntArray()).toBe(3);
		expect(indefinite.item()).toBe('b');
		expect(new CborReader(Uint8Array.of(0x80)).skipIntArray()).toBe(0);
	});

	test('an integer array that is not one, or is cut short, is named with the byte', () => {
		expect(() => new CborReader(Uint8Array.of(0x82, 0x01, 0x61, 0x61), 'i').skipIntArray()).toThrow('i: expected an integer at byte 2');
		expect(() => new CborReader(Uint8Array.of(0x81, 0x19, 0x01), 'i').skipIntArray()).toThrow('i: data ends inside a number at byte 2');
		expect(() => new CborReader(Uint8Array.of(0x81, 0x1c), 'i').skipIntArray()).toThrow('i: unsupported length encoding 28 at byte 1');
		expect(() => new CborReader(Uint8Array.of(0x9f, 0x01), 'i').skipIntArray()).toThrow('i: data ends early at byte 2');
		// The same lengths are read by int() and skipIntArray(): both name an encoding they do not read.
		expect(() => new CborReader(Uint8Array.of(0x1c), 'i').int()).toThrow('i: unsupported length encoding 28 at byte 1');
		expect(new CborReader(Uint8Array.of(0x1b, 0, 0, 0, 0, 0, 0, 1, 0)).int()).toBe(256);
		expect(() => new CborReader(Uint8Array.of(0x83, 0x01), 'i').skipIntArray()).toThrow('i: data ends early at byte 2');
	});

	test('says what and where when the data is not what Pagefind writes', () => {
		expect(() => decodeCbor(Uint8Array.of(0x01, 0x02), 'x.pf_index')).toThrow('x.pf_index: data continues after the value at byte 1');
		expect(() => decodeCbor(Uint8Array.of(0xa0), 'x.pf_meta')).toThrow('x.pf_meta: unexpected CBOR type 5 at byte 0');
		expect(() => decodeCbor(Uint8Array.of(0x82, 0x01), 'y')).toThrow('y: data ends early');
	});

	test('orders words by code point, as Rust orders them (not by UTF-16 unit)', () => {
		const words = ['z', 'é', '\uffff', '𝒜', 'a', 'ab', '', '\ue000', 'Z'];
		const byBytes = [...words].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
		expect([...words].sort(compareWords)).toEqual(byBytes);
		// JavaScript's own order puts the astral character first, which would break the merge.
		expect([...words].sort()).not.toEqual(byBytes);
	});
});

describe('cutting the item pages into parts', () => {
	test('as few parts as hold the pages, in order, every page once, sizes one apart at most', () => {
		const pages = Array.from({ length: 6_033 }, (_, i) => i);
		const parts = splitIntoParts(pages, 1_600);
		expect(parts.map((part) => part.length)).toEqual([1_508, 1_509, 1_508, 1_508]);
		expect(parts.flat()).toEqual(pages);
		expect(partCount(6_033, 1_600)).toBe(4);
		// The early indexer cuts where splitIntoParts does.
		expect([0, 1, 2, 3].map((k) => partEnd(k, 4, 6_033))).toEqual([1_508, 3_017, 4_525, 6_033]);
	});

	test('word ranges for merge threads cut at chunk starts, cover every word once, and never repeat a cut', () => {
		const chunks = (...starts: string[]) => ({ chunks: starts.map((from): [string, string, string] => [from, from, `en_${from}`]) });
		expect(wordRanges([chunks('a', 'd', 'g'), chunks('b', 'm')], 2)).toEqual([{ to: 'd' }, { from: 'd' }]);
		expect(wordRanges([chunks('a', 'd', 'g'), chunks('b', 'm')], 3)).toEqual([{ to: 'b' }, { from: 'b', to: 'g' }, { from: 'g' }]);
		expect(wordRanges([chunks('a'), chunks('a')], 3)).toEqual([{ to: 'a' }, { from: 'a' }]);
		expect(wordRanges([chunks('a', 'b')], 1)).toEqual([{}]);
	});

	test('one part when the pages fit, and never an empty part', () => {
		expect(splitIntoParts([1, 2, 3], 3)).toEqual([[1, 2, 3]]);
		expect(splitIntoParts([], 3)).toEqual([[]]);
		expect(splitIntoParts([1, 2, 3], 1)).toEqual([[1], [2], [3]]);
		expect(splitIntoParts([1, 2, 3, 4], 3).map((part) => part.length)).toEqual([2, 2]);
	});
});

/**
 * A small site that uses what Pagefind's index can hold: words with diacritics (variants of one
 * stem), weights, metadata fields that only some pages have (so the parts list different
 * fields), filters, headings with ids, one redirect page without a body.
 */
function writeSite(site: string): void {
	const page = (path: string, body: string, head = '') => {
		mkdirSync(join(site, path), { recursive: true });
		writeFileSync(join(site, path, 'index.html'), `<html lang="en"><head>${head}</head><body><nav>menu words</nav><main data-pagefind-body>${body}</main></body></html>`);
	};
	const subsystems = ['media', 'vfio', 'kvm', 'drm'];
	for (let i = 0; i < 24; i++) {
		const subsystem = subsystems[i % 4]!;
		const words = Array.from({ length: 20 + i }, (_, j) => `word${(i * 7 + j) % 31}`).join(' ');
		page(
			`users/u${String(i).padStart(2, '0')}`,
			`<h1 data-pagefind-meta="title">User ${i}: follow_pfn in ${subsystem}_drv${i}()</h1>
			<span data-pagefind-filter="subsystem:${subsystem}"></span><span data-pagefind-filter="status:${i % 3 === 0 ? 'fixed' : 'unsafe'}"></span>
			<p>${i % 2 ? 'café résumé naïve' : 'cafe resume'} ${words} commit ${(0xabc000 + i).toString(16)} &lt;2020${i}.x@lore&gt;</p>
			<h2 id="impact">Security impact</h2><p data-pagefind-weight="5">stale pfn ${subsystem} ${i % 5 === 0 ? 'DMABUF' : 'USERPTR'}</p>`,
		);
	}
	for (let i = 0; i < 6; i++) {
		page(`apis/a${i}`, `<h1 data-pagefind-meta="title">follow_pfn_${i}</h1><span data-pagefind-meta="identifiers:follow_pfn_${i} unsafe_follow_pfn"></span><span data-pagefind-filter="kind:api"></span><p>Looks up a pfn; ${i % 2 ? 'déjà' : 'deja'} vu</p>`);
	}
	mkdirSync(join(site, 'users', 'old'), { recursive: true });
	writeFileSync(join(site, 'users', 'old', 'index.html'), '<html lang="en"><head><meta http-equiv="refresh" content="0;url=/users/u00/"></head></html>');
}

describe('an index built in parts and joined', () => {
	let work: string;
	let site: string;
	let whole: Awaited<ReturnType<typeof describeBundle>>;

	beforeAll(async () => {
		work = mkdtempSync(join(tmpdir(), 'uabi-kb-merge-'));
		site = join(work, 'site');
		writeSite(site);
		await runPagefind(pagefindArgs(site, join(work, 'whole')));
		whole = await describeBundle(join(work, 'whole'));
	});
	afterAll(() => rmSync(work, { recursive: true, force: true }));

	/** Runs the indexer on each group of `site`'s item folders, as the build's parts would. */
	async function partBundles(groups: string[][], name: string): Promise<string[]> {
		const bundles: string[] = [];
		for (const [k, folders] of groups.entries()) {
			const partSite = join(work, `${name}-site-${k}`);
			for (const folder of folders) {
				mkdirSync(join(partSite, folder), { recursive: true });
				writeFileSync(join(partSite, folder, 'index.html'), readFileSync(join(site, folder, 'index.html')));
			}
			await runPagefind(pagefindArgs(partSite, join(work, `${name}-bundle-${k}`)));
			bundles.push(join(work, `${name}-bundle-${k}`));
		}
		return bundles;
	}
	const metaOf = async (bundle: string) => {
		const entry = JSON.parse(readFileSync(join(bundle, 'pagefind-entry.json'), 'utf8')) as { languages: { en: { hash: string } } };
		return { file: join(bundle, `pagefind.${entry.languages.en.hash}.pf_meta`), meta: decodeCbor(await readPagefindFile(join(bundle, `pagefind.${entry.languages.en.hash}.pf_meta`))) as Cbor[] };
	};

	test('the fixture uses what the merge must carry over', () => {
		const en = whole.words['en']!;
		expect(Object.keys(whole.pages['en']!)).toHaveLength(30);
		expect(en['cafe']?.variants['café']?.length).toBeGreaterThan(0);
		expect(en['follow_pfn']?.postings.some((posting) => posting.includes('title:'))).toBe(true);
		expect(Object.values(en).some((word) => word.postings.some((posting) => posting.includes('identifiers:')))).toBe(true);
		expect(Object.keys(whole.filters['en']!).sort()).toEqual(['kind', 'status', 'subsystem']);
	});

	test('gives the same index as one run over all pages, whatever the cut', async () => {
		const pages = await listItemPages(site);
		expect(pages).toHaveLength(30);
		for (const pagesPerPart of [1, 7, 16]) {
			const dist = join(work, `dist-${pagesPerPart}`);
			for (const page of pages) {
				const to = join(dist, page.file.slice(site.length));
				mkdirSync(join(to, '..'), { recursive: true });
				writeFileSync(to, readFileSync(page.file));
			}
			const output = await indexItemPages(dist, await listItemPages(dist), { pagesPerPart });
			expect(output).toContain(`Joined ${partCount(30, pagesPerPart)} parts: 30 pages`);
			expect(await describeBundle(join(dist, 'pagefind'))).toEqual(whole);
		}
	});

	test('names a part’s pages by a glob, or links them into a folder when their names are not glob-safe', async () => {
		expect(partGlob('/d', ['/d/users/a/index.html', '/d/versions/5.12/index.html'])).toBe('{users/a,versions/5.12}/index.html');
		expect(partGlob('/d', ['/d/users/a,b/index.html'])).toBeUndefined();
		expect(partGlob('/d', ['/d/users/[b]/index.html'])).toBeUndefined();
		expect(partGlob('/d', Array.from({ length: 2_000 }, (_, i) => `/d/users/user-number-${i}/index.html`))).toBeUndefined();
		const odd = join(work, 'odd');
		for (const [folder, text] of [['users/a,b', 'comma follow_pfn'], ['users/[c]', 'bracket follow_pfn'], ['users/d', 'plain follow_pfn'], ['users/e*', 'star follow_pfn']] as const) {
			mkdirSync(join(odd, folder), { recursive: true });
			writeFileSync(join(odd, folder, 'index.html'), `<html lang="en"><body><main data-pagefind-body><h1>${text}</h1></main></body></html>`);
		}
		await runPagefind(pagefindArgs(odd, join(work, 'odd-whole')));
		const output = await indexItemPages(odd, await listItemPages(odd), { pagesPerPart: 2 });
		expect(output).toContain('Joined 2 parts: 4 pages');
		expect(await describeBundle(join(odd, 'pagefind'))).toEqual(await describeBundle(join(work, 'odd-whole')));
	});

	test('renumbers metadata fields when the parts list different ones', async () => {
		// Users only, then APIs only: the second part has a field ("identifiers") the first lacks.
		const bundles = await partBundles([readdirSync(join(site, 'users')).filter((f) => f !== 'old').map((f) => `users/${f}`), readdirSync(join(site, 'apis')).map((f) => `apis/${f}`)], 'fields');
		const [first, second] = await Promise.all(bundles.map(async (bundle) => (await metaOf(bundle)).meta[5]));
		expect(first).toEqual(['title']);
		expect(second).toEqual(['identifiers', 'title']);
		await mergePagefindBundles(bundles, join(work, 'fields-joined'), { threads: 3 });
		expect(await describeBundle(join(work, 'fields-joined'))).toEqual(whole);
	});

	test('gives a fragment a new name when two parts named different pages alike', async () => {
		const bundles = await partBundles([['users/u00', 'users/u01', 'users/u02'], ['users/u03', 'users/u04']], 'clash');
		const [one, two] = await Promise.all(bundles.map(metaOf));
		const taken = ((one!.meta[1] as Cbor[])[0] as Cbor[])[0] as string;
		const mine = (two!.meta[1] as Cbor[])[0] as Cbor[];
		renameSync(join(bundles[1]!, 'fragment', `${mine[0] as string}.pf_fragment`), join(bundles[1]!, 'fragment', `${taken}.pf_fragment`));
		mine[0] = taken;
		writeFileSync(two!.file, gzipSync(Buffer.concat([Buffer.from('pagefind_dcd'), encodeCbor(two!.meta)])));
		await mergePagefindBundles(bundles, join(work, 'clash-joined'));
		const joined = await describeBundle(join(work, 'clash-joined'));
		expect(Object.keys(joined.pages['en']!).sort()).toEqual(['/users/u00/', '/users/u01/', '/users/u02/', '/users/u03/', '/users/u04/']);
		expect(readdirSync(join(work, 'clash-joined', 'fragment'))).toHaveLength(5);
	});

	test('refuses what it cannot join, naming the file', async () => {
		const bundles = await partBundles([['users/u05'], ['users/u06']], 'refuse');
		const entryFile = join(bundles[1]!, 'pagefind-entry.json');
		const entry = readFileSync(entryFile, 'utf8');
		writeFileSync(entryFile, entry.replace('"version":"1.6.0"', '"version":"9.9.9"'));
		await expect(mergePagefindBundles(bundles, join(work, 'refuse-joined'))).rejects.toThrow(`${entryFile}: written by Pagefind 9.9.9`);
		writeFileSync(entryFile, entry);
		const chunk = readdirSync(join(bundles[0]!, 'index'))[0]!;
		writeFileSync(join(bundles[0]!, 'index', chunk), gzipSync(Buffer.concat([Buffer.from('pagefind_dcd'), encodeCbor([[['word', [[0, [1], []]]]]])])));
		await expect(mergePagefindBundles(bundles, join(work, 'refuse-joined'))).rejects.toThrow(`${join(bundles[0]!, 'index', chunk)}: expected a word of three items`);
	});

	test('refuses sort orders, which it cannot join', async () => {
		const sortSite = join(work, 'sorted-site');
		mkdirSync(join(sortSite, 'users', 'x'), { recursive: true });
		writeFileSync(join(sortSite, 'users', 'x', 'index.html'), '<html lang="en"><body><main data-pagefind-body data-pagefind-sort="date:2020-01-01">follow_pfn</main></body></html>');
		await runPagefind(pagefindArgs(sortSite, join(work, 'sorted')));
		await expect(mergePagefindBundles([join(work, 'sorted'), join(work, 'sorted')], join(work, 'sorted-joined'))).rejects.toThrow('data-pagefind-sort');
	});
});
