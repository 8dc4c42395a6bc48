/**
 * `npm run bench:shards`: would splitting the search index into several Pagefind bundles bring
 * the indexer under its memory target, and what would it do to the results? Pagefind's indexer
 * peaks at about 2.3 GB on the 5,000-user site and has no option to bound that (README,
 * Performance); several smaller bundles, merged in the browser with Pagefind's own
 * `mergeIndex`, are the only layout that lowers it. This measures both sides of that trade on a
 * site the benchmark has built:
 *
 * - the indexer: one bundle of every item page, then N bundles of the same pages split by a hash
 *   of their path (a random sample each, so that each bundle's word statistics resemble the
 *   whole), run one after the other and then side by side, each into an empty folder; wall
 *   time, CPU time and peak RSS (VmHWM) of every run, read from /proc every 20 ms.
 * - the results: queries drawn (seeded) from the indexed pages themselves, a title, an
 *   identifier, two neighbouring words or one word in turn, searched in headless Chromium with
 *   the search page's options against the single bundle and against the merged ones; how often
 *   the first result is the same page, how many of the first ten are shared, and how often the
 *   result counts agree, per kind of query, with the first queries that disagree.
 *
 *   npm run bench -- --sizes=5000 --no-search                  first, to build bench/out/dist-5000/
 *   npm run bench:shards                                       2 bundles, 400 queries
 *   npm run bench:shards -- --shards=3 --queries=200 --site=bench/out/dist-1000
 *
 * Writes its work to bench/out/shards/ (the item pages as hard links, the bundles) and the figures
 * to bench/out/shards.json (or --out). Linux only, like the rest of the benchmark.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { pagefindBinary, searchablePages } from '../../src/integrations/pagefind.ts';
import { pagefindOptions } from '../../src/lib/search-options.ts';
import { Rng } from './generate.ts';
import { round, ticksOf } from './run.ts';

const project = resolve(import.meta.dirname, '../..');

/** Which of `count` bundles a page goes to: a hash of its path in the site, so the same page always lands in the same one. */
export function shardOf(path: string, count: number): number {
	return createHash('sha1').update(path).digest().readUInt32BE(0) % count;
}

// ---------------------------------------------------------------------------------------------
// The indexer runs

export interface IndexerRun {
	label: string;
	pages: number;
	wallS: number;
	cpuS: number;
	peakMb: number;
}

const ticksPerSecond = 100;

/** What /proc says about a running process: VmHWM (kB) and user + system CPU (clock ticks). */
function readProc(pid: number): { hwmKb: number; ticks: number } | undefined {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		return { hwmKb: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0), ticks: ticksOf(readFileSync(`/proc/${pid}/stat`, 'utf8')) };
	} catch {
		return undefined; // exited between two reads
	}
}

/** Runs Pagefind's indexer on `tree` into the empty folder `out`, sampling it until it exits. */
export function runIndexer(label: string, tree: string, out: string, pages: number): Promise<IndexerRun> {
	rmSync(out, { recursive: true, force: true });
	const args = ['--site', tree, '--output-path', out, '--force-language', 'en', '--quiet'];
	const started = performance.now();
	const child = spawn(pagefindBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	let last = { hwmKb: 0, ticks: 0 };
	const poll = setInterval(() => {
		const now = child.pid === undefined ? undefined : readProc(child.pid);
		if (now) last = { hwmKb: Math.max(last.hwmKb, now.hwmKb), ticks: now.ticks };
	}, 20);
	return new Promise((done, fail) => {
		child.on('error', (error) => {
			clearInterval(poll);
			fail(new Error(`${label}: Pagefind could not start: ${error.message}`));
		});
		child.on('close', (code) => {
			clearInterval(poll);
			if (code !== 0) return fail(new Error(`${label}: Pagefind failed (exit code ${code}):\n${output.trim()}`));
			done({ label, pages, wallS: round((performance.now() - started) / 1000, 2), cpuS: round(last.ticks / ticksPerSecond, 2), peakMb: round(last.hwmKb / 1024, 0) });
		});
	});
}

/** Hard links (copies across file systems) of `files`, kept at their paths relative to `site`, under `tree`. */
function linkTree(site: string, files: readonly string[], tree: string): void {
	rmSync(tree, { recursive: true, force: true });
	for (const file of files) {
		const target = join(tree, relative(site, file));
		mkdirSync(dirname(target), { recursive: true });
		try {
			linkSync(file, target);
		} catch {
			copyFileSync(file, target);
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Queries and how two result lists agree

export type QueryKind = 'title' | 'identifier' | 'two words' | 'one word';
export const queryKinds: readonly QueryKind[] = ['title', 'identifier', 'two words', 'one word'];

export interface Query {
	kind: QueryKind;
	term: string;
}

/** An indexed page as Pagefind stored it: its fragment file holds its title and plain text. */
export interface IndexedPage {
	url: string;
	title: string;
	content: string;
}

/** The pages of a bundle, from its fragment files (gzip; a signature, then JSON), in file-name order. */
export function readFragments(bundle: string): IndexedPage[] {
	const folder = join(bundle, 'fragment');
	return readdirSync(folder)
		.sort()
		.map((name) => {
			const text = gunzipSync(readFileSync(join(folder, name))).toString('utf8');
			const start = text.indexOf('{');
			if (start < 0) throw new Error(`${join(folder, name)}: not a Pagefind fragment (no JSON object in it)`);
			const fragment = JSON.parse(text.slice(start)) as { url?: string; content?: string; meta?: { title?: string } };
			if (typeof fragment.url !== 'string' || typeof fragment.content !== 'string') throw new Error(`${join(folder, name)}: fragment without url or content`);
			return { url: fragment.url, title: fragment.meta?.title ?? '', content: fragment.content };
		});
}

/**
 * `count` queries, kinds in turn, each from a page picked at random: its title, an identifier in
 * its text (a word with an underscore), two neighbouring words of its text, or one word of it.
 */
export function sampleQueries(pages: readonly IndexedPage[], count: number, seed = 15): Query[] {
	const rng = new Rng(seed);
	const queries: Query[] = [];
	// A page may lack what a kind needs (an identifier, a title): draw another, within reason.
	for (let draws = 0; queries.length < count; draws++) {
		const kind = queryKinds[queries.length % queryKinds.length]!;
		if (pages.length === 0 || draws > 50 * count) throw new Error(`could not draw ${count} queries from ${pages.length} indexed pages (stuck at a ${kind} query)`);
		const page = rng.pick(pages);
		const words = page.content.split(/\s+/).map((word) => word.replace(/^[^\w]+|[^\w]+$/g, '')).filter((word) => /^\w{4,}$/.test(word));
		const identifiers = words.filter((word) => word.includes('_'));
		const at = rng.int(0, Math.max(0, words.length - 2));
		const term = {
			title: page.title,
			identifier: identifiers.length > 0 ? rng.pick(identifiers) : '',
			'two words': words.length >= 2 ? `${words[at]} ${words[at + 1]}` : '',
			'one word': words[at] ?? '',
		}[kind];
		if (term) queries.push({ kind, term });
	}
	return queries;
}

/** What one query returned from each layout: result counts and the first ten URLs. */
export interface Compared {
	query: Query;
	single: { count: number; top: string[] };
	sharded: { count: number; top: string[] };
}

export interface Agreement {
	kind: QueryKind | 'all';
	queries: number;
	/** Queries with results in the single bundle whose first result is the same page. */
	sameFirst: number;
	/** …whose single-bundle first result is among the merged first three. */
	firstInTopThree: number;
	/** Mean share of the single bundle's first ten (or fewer) that the merged first ten also hold. */
	topTenShared: number;
	sameCount: number;
	withResults: number;
}

/** How the merged bundles agree with the single one, for all queries and for each kind. */
export function agreement(rows: readonly Compared[]): Agreement[] {
	const summarize = (kind: Agreement['kind'], of: readonly Compared[]): Agreement => {
		const answered = of.filter((row) => row.single.top.length > 0);
		const shared = answered.map((row) => {
			const n = Math.min(10, row.single.top.length);
			const merged = new Set(row.sharded.top.slice(0, n));
			return row.single.top.slice(0, n).filter((url) => merged.has(url)).length / n;
		});
		return {
			kind,
			queries: of.length,
			withResults: answered.length,
			sameFirst: answered.filter((row) => row.sharded.top[0] === row.single.top[0]).length,
			firstInTopThree: answered.filter((row) => row.sharded.top.slice(0, 3).includes(row.single.top[0]!)).length,
			topTenShared: shared.length ? round(shared.reduce((a, b) => a + b, 0) / shared.length, 3) : NaN,
			sameCount: of.filter((row) => row.single.count === row.sharded.count).length,
		};
	};
	return [summarize('all', rows), ...queryKinds.map((kind) => summarize(kind, rows.filter((row) => row.query.kind === kind)))];
}

/** Searches every query in both layouts in headless Chromium, served from `work`. */
async function compareInBrowser(work: string, single: string, shards: readonly string[], queries: readonly Query[]): Promise<Compared[]> {
	const { chromium } = await import('playwright-core');
	const { findBrowser, browserArgs } = await import('../browser.ts');
	const { serve } = await import('../serve.ts');
	// Pagefind picks its language from the page's <html lang>; the bundles were indexed as English.
	writeFileSync(join(work, 'index.html'), '<!doctype html><html lang="en"><title>shards</title></html>\n');
	const server = await serve(work, 0);
	const browser = await chromium.launch({ executablePath: (await findBrowser()).path, args: browserArgs, headless: true });
	try {
		const page = await browser.newPage();
		await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
		return await page.evaluate(
			async ({ single, shards, queries, options }) => {
				interface Instance {
					options(o: unknown): Promise<void>;
					init(): Promise<void>;
					mergeIndex(path: string, o: unknown): Promise<void>;
					search(term: string): Promise<{ results: { data(): Promise<{ url: string }> }[] }>;
				}
				// Each bundle's pagefind.js is its own module, so the two layouts share no state.
				const open = async (bundle: string) => {
					const module = (await import(`/${bundle}/pagefind.js`)) as { createInstance(o: { basePath: string }): Instance };
					const instance = module.createInstance({ basePath: `/${bundle}/` });
					await instance.options(options);
					await instance.init();
					return instance;
				};
				const one = await open(single);
				const merged = await open(shards[0]!);
				for (const bundle of shards.slice(1)) await merged.mergeIndex(`/${bundle}/`, options);
				const run = async (instance: Instance, term: string) => {
					const { results } = await instance.search(term);
					return { count: results.length, top: await Promise.all(results.slice(0, 10).map(async (r) => (await r.data()).url)) };
				};
				const rows = [];
				for (const query of queries) rows.push({ query, single: await run(one, query.term), sharded: await run(merged, query.term) });
				return rows;
			},
			{ single, shards, queries, options: pagefindOptions },
		);
	} finally {
		await browser.close();
		server.close();
	}
}

// ---------------------------------------------------------------------------------------------

if (import.meta.main) {
	const { values } = parseArgs({
		options: {
			site: { type: 'string', default: 'bench/out/dist-5000' },
			shards: { type: 'string', default: '2' },
			queries: { type: 'string', default: '400' },
			out: { type: 'string', default: 'bench/out/shards.json' },
		},
	});
	const site = resolve(values.site);
	const count = Number(values.shards);
	const queryCount = Number(values.queries);
	if (!Number.isInteger(count) || count < 2) throw new Error(`--shards must be a whole number of at least 2, not ${values.shards}`);
	if (!Number.isInteger(queryCount) || queryCount < 1) throw new Error(`--queries must be a positive whole number, not ${values.queries}`);
	if (!existsSync(site)) throw new Error(`${site} does not exist: build it first (npm run bench -- --sizes=5000 --no-search)`);

	const work = join(project, 'bench/out/shards');
	rmSync(work, { recursive: true, force: true });
	const files = await searchablePages(site);
	if (files.length === 0) throw new Error(`${site} holds no page with data-pagefind-body`);
	const groups = Array.from({ length: count }, () => [] as string[]);
	for (const file of files) groups[shardOf(relative(site, file), count)]!.push(file);
	linkTree(site, files, join(work, 'pages/all'));
	groups.forEach((group, k) => linkTree(site, group, join(work, `pages/${k}`)));
	console.log(`${files.length} item pages from ${relative(project, site)}; bundles of ${groups.map((g) => g.length).join(', ')}`);

	const runs: IndexerRun[] = [await runIndexer('one bundle', join(work, 'pages/all'), join(work, 'single'), files.length)];
	for (const [k, group] of groups.entries()) runs.push(await runIndexer(`bundle ${k + 1} of ${count}, one after another`, join(work, `pages/${k}`), join(work, `shard-${k}`), group.length));
	const started = performance.now();
	const sideBySide = await Promise.all(groups.map((group, k) => runIndexer(`bundle ${k + 1} of ${count}, side by side`, join(work, `pages/${k}`), join(work, `shard-${k}`), group.length)));
	const sideBySideWallS = round((performance.now() - started) / 1000);
	runs.push(...sideBySide);
	for (const run of runs) console.log(`  ${run.label}: ${run.pages} pages, ${run.wallS} s, ${run.cpuS} s CPU, peak ${run.peakMb} MB`);
	const oneAfterAnother = runs.slice(1, 1 + count);
	console.log(`  all ${count} bundles: one after another ${round(oneAfterAnother.reduce((s, r) => s + r.wallS, 0))} s, side by side ${sideBySideWallS} s`);

	const queries = sampleQueries(readFragments(join(work, 'single')), queryCount);
	const rows = await compareInBrowser(work, 'single', groups.map((_, k) => `shard-${k}`), queries);
	const agreements = agreement(rows);
	console.log('\n| queries | n | same first result | single first in merged top 3 | top 10 shared | same result count |\n| --- | --- | --- | --- | --- | --- |');
	for (const a of agreements) console.log(`| ${a.kind} | ${a.queries} | ${a.sameFirst}/${a.withResults} | ${a.firstInTopThree}/${a.withResults} | ${(a.topTenShared * 100).toFixed(1)} % | ${a.sameCount}/${a.queries} |`);
	const disagreements = rows.filter((row) => row.single.top.length > 0 && row.sharded.top[0] !== row.single.top[0] && (row.query.kind === 'title' || row.query.kind === 'identifier'));
	if (disagreements.length) console.log('\nTitles and identifiers whose first result moved:');
	for (const row of disagreements.slice(0, 10)) console.log(`  ${row.query.kind} "${row.query.term}": one bundle ${row.single.count} results, first ${row.single.top[0]}; merged ${row.sharded.count}, first ${row.sharded.top[0]}`);

	const out = resolve(values.out);
	mkdirSync(dirname(out), { recursive: true });
	writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), site: relative(project, site), shards: count, runs, sideBySideWallS, agreements, rows }, null, 1)}\n`);
	console.log(`\nwritten: ${relative(project, out)}`);
}
