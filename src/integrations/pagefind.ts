/**
 * Builds the Pagefind index inside `astro build`, so one build command gives a searchable site.
 * Pagefind's own command-line indexer reads the item folders of dist/: it writes the same files
 * as Pagefind's Node API (compared on a 5,000-user corpus) in about 20% less time, since the
 * Node API's service is slower at writing the index (README, Performance).
 *
 * Item pages, the only pages Pagefind indexes, are rendered first (the integration reorders
 * Astro's list of paths through its prerenderer hook), and the indexer starts as soon as all of
 * them are on disk, while Astro renders the other half of the site: plain-text views, matrix,
 * timeline, feed and data export. Those wait until the indexer has read the item pages (its
 * first stage keeps every core busy; its second uses one), and then render at a lower priority
 * than the indexer, whose run is what the build waits for. The index is the same either way,
 * since the indexer reads the files in sorted order. More item pages than PAGES_PER_PART are
 * indexed in parts, each as soon as its pages are written, and joined (EarlyIndexer, PartedIndex).
 * A failed run stops the build with Pagefind's output, and the number of indexed pages must
 * equal the number of built pages that carry data-pagefind-body: nothing is dropped silently.
 */
import type { AstroIntegration, AstroPrerenderer } from 'astro';
import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { linkOrCopy, mergePagefindBundles } from '../lib/pagefind-merge.ts';
import { routeOf } from '../lib/routes.ts';
import { lowerPriorityUntil, setProcessPriority, type ThreadPriority } from '../lib/thread-priority.ts';

/** Route folders of item pages, the only pages with data-pagefind-body. */
const searchableRoutes = Object.values(routeOf);
const itemPath = new RegExp(`^/(${searchableRoutes.join('|')})/[^/]+/?$`);

/**
 * An item page (/users/<id>/) or a redirect in its folder (an old id), and not an index, a
 * plain-text view (/users/<id>.txt, an endpoint) or an export. Ids may contain dots (5.12).
 */
export const isItemPath = ({ pathname, route }: { pathname: string; route: { type: string } }) => route.type !== 'endpoint' && itemPath.test(pathname);

/**
 * The indexer's arguments: the pages of `site` that `glob` names (by default every item page),
 * one language, the bundle written to `out`.
 */
export const pagefindArgs = (site: string, out = join(site, 'pagefind'), glob = `{${searchableRoutes.join(',')}}/*/index.html`) => ['--site', site, '--glob', glob, '--output-path', out, '--force-language', 'en'];

/**
 * Built HTML files that ask to be indexed, leaving out (unread) the files in `except`: the build
 * passes the item pages it wrote, whose number the index's page count checks on its own, and so
 * reads a few hundred files instead of every page (2 s of CPU at 5,000 users).
 */
export async function searchablePages(dist: string, except: ReadonlySet<string> = new Set()): Promise<string[]> {
	const found: string[] = [];
	for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
		if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
		const path = join(entry.parentPath, entry.name);
		if (except.has(path)) continue;
		// Bytes, not text: no need to decode hundreds of megabytes to find an ASCII marker.
		if ((await readFile(path)).includes('data-pagefind-body')) found.push(path);
	}
	return found.sort();
}

/**
 * The indexer binary that the `pagefind` package installs for this platform (its optional
 * dependency @pagefind/<platform>-<arch>), the extended build first, as Pagefind's own runner does.
 */
export function pagefindBinary(): string {
	const require = createRequire(import.meta.url);
	const os = platform() === 'win32' ? 'windows' : platform();
	const names = ['pagefind_extended', 'pagefind'].map((name) => `@pagefind/${os}-${arch()}/bin/${name}${os === 'windows' ? '.exe' : ''}`);
	for (const name of names) {
		try {
			return require.resolve(name);
		} catch {
			// try the next one
		}
	}
	throw new Error(`Pagefind: no indexer binary installed for ${os}-${arch()} (looked for ${names.join(', ')}); run npm ci`);
}

/**
 * The nice(1) program on the PATH, or undefined (Windows, or a system without it: the indexer
 * then runs at the build's priority).
 */
export function niceProgram(path = process.env['PATH'] ?? '', system = platform()): string | undefined {
	if (system === 'win32') return undefined;
	for (const folder of path.split(delimiter)) {
		if (!folder) continue;
		try {
			accessSync(join(folder, 'nice'), fsConstants.X_OK);
			return join(folder, 'nice');
		} catch {
			// not here
		}
	}
	return undefined;
}

/** Runs the indexer; resolves with its output, rejects with it when the run fails. */
export function runPagefind(args: string[], onOutput?: (output: string) => void, { nice = 0, onSpawn }: { nice?: number; onSpawn?: (pid: number) => void } = {}): Promise<string> {
	return new Promise((resolve, reject) => {
		// nice(1) sets the priority before the indexer starts its threads, which inherit it
		// (setting it from here afterwards would reach only the thread that has the process id).
		const niceAt = nice > 0 ? niceProgram() : undefined;
		const [command, commandArgs] = niceAt ? [niceAt, ['-n', String(nice), pagefindBinary(), ...args]] : [pagefindBinary(), args];
		const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
		if (child.pid !== undefined) onSpawn?.(child.pid);
		// A build that stops while the indexer runs (it starts before the last pages render)
		// must not leave it writing into dist/ on its own.
		const stop = () => child.kill();
		process.once('exit', stop);
		let output = '';
		const append = (chunk: Buffer) => {
			output += chunk.toString();
			onOutput?.(output);
		};
		child.stdout.on('data', append);
		child.stderr.on('data', append);
		child.on('error', (error) => {
			process.off('exit', stop);
			reject(new Error(`Pagefind could not start: ${error.message}`));
		});
		child.on('close', (code, signal) => {
			process.off('exit', stop);
			if (code === 0) resolve(output);
			else reject(new Error(`Pagefind failed (${signal ?? `exit code ${code}`}):\n${output.trim()}`));
		});
	});
}

/** A built item page: its file and size in bytes. */
export interface ItemPage {
	file: string;
	bytes: number;
}

/**
 * Pagefind's indexer holds every page's words until it has merged them all: its peak memory
 * follows the pages it reads (2.3 GB for the 6,033 item pages of the 5,000-user benchmark). Above
 * this many item pages they are indexed in parts of at most this many (at most 465 MB each
 * there; up to PARTS_AT_ONCE run side by side once the item pages are rendered), and the
 * parts' bundles are joined into one (src/lib/pagefind-merge.ts): the same index, so the same
 * search results (README, Performance, step 26).
 */
export const PAGES_PER_PART = 800;

/**
 * Parts indexed side by side once the item pages are rendered (one at a time before). Three
 * rather than two: with two, the last part started only when an earlier one ended and then ran
 * alone after the other pages were done, on a core and a half (eight alternating rounds at 5,000
 * users: median -0.5 s, faster in 6 of 8; README, Performance, step 35).
 */
export const PARTS_AT_ONCE = 3;

function pagesPerPartFromEnvironment(): number {
	const value = process.env['UABI_KB_PAGEFIND_PART_PAGES'];
	if (value === undefined || value === '') return PAGES_PER_PART;
	const pages = Number(value);
	if (!Number.isSafeInteger(pages) || pages <= 0) throw new Error(`UABI_KB_PAGEFIND_PART_PAGES must be a positive whole number of pages, not "${value}"`);
	return pages;
}

/** How many parts `count` pages take: as few as hold at most `pagesPerPart` each. */
export const partCount = (count: number, pagesPerPart: number) => Math.max(1, Math.ceil(count / pagesPerPart));

/** Where part `k` of `parts` ends among `count` pages (exclusive): parts differ by one page at most. */
export const partEnd = (k: number, parts: number, count: number) => Math.round(((k + 1) * count) / parts);

/** The pages cut into parts of consecutive pages, at most `pagesPerPart` each, as even as can be. */
export function splitIntoParts<T>(pages: readonly T[], pagesPerPart: number): T[][] {
	const parts = partCount(pages.length, pagesPerPart);
	return Array.from({ length: parts }, (_, k) => pages.slice(k === 0 ? 0 : partEnd(k - 1, parts, pages.length), partEnd(k, parts, pages.length)));
}

/** Orders pages by file path, the same on every build. */
const byFile = (a: ItemPage, b: ItemPage) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

/** The pages in the item folders of `dist` that ask to be indexed (not the redirects of old ids), sorted. */
export async function listItemPages(dist: string): Promise<ItemPage[]> {
	const pages: ItemPage[] = [];
	for (const route of searchableRoutes) {
		const folders = await readdir(join(dist, route), { withFileTypes: true }).catch(() => []);
		for (const folder of folders) {
			if (!folder.isDirectory()) continue;
			const file = join(dist, route, folder.name, 'index.html');
			const bytes = await readFile(file).catch(() => undefined);
			if (bytes?.includes('data-pagefind-body')) pages.push({ file, bytes: bytes.length });
		}
	}
	return pages.sort(byFile);
}

/**
 * A glob for the indexer that names the folders of `files` (pages of `dist`), or undefined when
 * a folder name holds a glob character or the glob would be too long for one command-line
 * argument (32,767 characters on Windows, 128 KB on Linux).
 */
export function partGlob(dist: string, files: readonly string[]): string | undefined {
	const folders = files.map((file) => relative(dist, dirname(file)).split(sep).join('/'));
	if (folders.some((folder) => /[\\{}[\]*?!,]/.test(folder) || folder.startsWith('..'))) return undefined;
	const glob = `{${folders.join(',')}}/index.html`;
	return glob.length <= 30_000 ? glob : undefined;
}

/**
 * Why the index's page count is wrong, or undefined when it is right. `indexed`: the pages in the
 * written index; `marked`: the other built pages that carry data-pagefind-body; `written`: the
 * item pages the build wrote (all meant to carry it), or undefined when `marked` holds every page.
 * Only a wrong count reads every page again, to name the pages that are not indexed.
 */
export async function indexCountError(dist: string, indexed: number, marked: readonly string[], written?: readonly string[]): Promise<string | undefined> {
	if (indexed === marked.length + (written?.length ?? 0)) return undefined;
	const all = written ? await searchablePages(dist) : marked;
	const carrying = new Set(all);
	const read = written ? new Set(written) : undefined;
	const isItemFile = (file: string) => isItemPath({ pathname: `/${relative(dist, dirname(file)).split(sep).join('/')}/`, route: { type: 'page' } });
	const unmarked = (written ?? []).filter((file) => !carrying.has(file));
	const unread = all.filter((file) => (read ? !read.has(file) : !isItemFile(file)));
	const list = (files: readonly string[]) => `${files.slice(0, 5).map((file) => relative(dist, file)).join(', ')}${files.length > 5 ? `, and ${files.length - 5} more` : ''}`;
	return [
		`Pagefind indexed ${indexed} pages, but ${all.length} built pages carry data-pagefind-body`,
		unmarked.length > 0 && `${unmarked.length} item pages carry none, and so are missing from search: ${list(unmarked)}`,
		unread.length > 0 && `${unread.length} pages carry it that are not item pages of this build, which the indexer does not read: ${list(unread)}`,
	]
		.filter(Boolean)
		.join('; ');
}

/** Hard links (copies across disks) of `files` from `dist` into `site`, at the same relative paths. */
async function linkPages(dist: string, site: string, files: string[]): Promise<void> {
	for (let at = 0; at < files.length; at += 256) {
		await Promise.all(
			files.slice(at, at + 256).map(async (file) => {
				const to = join(site, relative(dist, file));
				await mkdir(dirname(to), { recursive: true });
				await linkOrCopy(file, to);
			}),
		);
	}
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/**
 * An index built in parts: each `add` runs the indexer over some item pages of `dist` (named by a
 * glob, or linked into a folder of their own, so that their URLs stay the same) into a bundle of
 * its own, and `join` writes the bundles, in part order, into dist/pagefind/ as one.
 */
export class PartedIndex {
	readonly #dist: string;
	readonly #log: (message: string) => void;
	#work: Promise<string> | undefined;
	/** Processes of runs started at a lower priority, while they last. */
	readonly #niced = new Set<number>();
	// By part number: parts may run side by side and end in any order.
	readonly #bundles: string[] = [];
	readonly #outputs: string[] = [];

	/** `log` hears when each part is indexed and when the parts are joined. */
	constructor(dist: string, { log = () => undefined }: { log?: (message: string) => void } = {}) {
		this.#dist = dist;
		this.#log = log;
	}

	/**
	 * Indexes `pages` as part number `part` (`label` names it in the output and the log). `nice`:
	 * the indexer runs at a lower priority (used while the item pages still render). `onOutput`
	 * hears this part's output so far.
	 */
	async add(pages: readonly ItemPage[], { part, label, nice = 0, onOutput }: { part: number; label: string; nice?: number; onOutput?: (output: string) => void }): Promise<void> {
		const work = await (this.#work ??= mkdtemp(join(tmpdir(), 'uabi-kb-pagefind-')));
		const bundle = join(work, `bundle-${part}`);
		const files = pages.map((page) => page.file);
		const glob = partGlob(this.#dist, files);
		// Without a glob, a folder of links to the pages (their URLs stay the same).
		const site = glob ? undefined : join(work, `site-${part}`);
		if (site) await linkPages(this.#dist, site, files);
		const args = glob ? pagefindArgs(this.#dist, bundle, glob) : pagefindArgs(site!, bundle);
		const heading = `${label} (${pages.length} item pages):\n`;
		const start = performance.now();
		let pid: number | undefined;
		const run = runPagefind(args, (output) => onOutput?.(heading + output), { nice, onSpawn: (id) => nice > 0 && this.#niced.add((pid = id)) });
		this.#outputs[part] = heading + (await run.finally(() => pid !== undefined && this.#niced.delete(pid)));
		this.#log(`Pagefind indexed ${label.toLowerCase()} (${pages.length} item pages${nice > 0 ? `, at nice ${nice}` : ''}) in ${seconds(start)}`);
		this.#bundles[part] = bundle;
		if (site) await rm(site, { recursive: true, force: true });
	}

	/**
	 * Runs started at a lower priority get the normal one back (a privilege Linux asks for: an
	 * unprivileged build keeps them where they are).
	 */
	async raisePriority(): Promise<void> {
		await Promise.all([...this.#niced].map((pid) => setProcessPriority(pid, 0)));
		this.#niced.clear();
	}

	/** Joins the parts into dist/pagefind/ and removes them; resolves with every part's output. */
	async join(): Promise<string> {
		try {
			const bundles = this.#bundles.filter(Boolean);
			this.#log(`joining the ${bundles.length} parts of the search index`);
			const start = performance.now();
			// The words are merged on a worker thread (the main thread may still render pages);
			// a second one was no faster: the merge keeps both cores busy with zlib's threads.
			const stats = await mergePagefindBundles(bundles, join(this.#dist, 'pagefind'), { threads: 1 });
			this.#log(`joined the ${bundles.length} parts in ${seconds(start)}: ${stats.pages} pages, ${stats.words} words`);
			return `${this.#outputs.filter(Boolean).join('')}Joined ${bundles.length} parts: ${stats.pages} pages, ${stats.words} words, ${stats.chunks} index chunks\n`;
		} finally {
			await this.discard();
		}
	}

	/** Removes the parts (after `join`, or instead of it). */
	async discard(): Promise<void> {
		if (this.#work) await rm(await this.#work, { recursive: true, force: true });
	}
}

/**
 * Indexes the item pages of `dist` into dist/pagefind/ after the build: in one indexer run, or,
 * above `pagesPerPart` pages, in parts (sorted by path, so every build cuts them alike), joined.
 * Resolves with the indexer's output.
 */
export async function indexItemPages(dist: string, pages: readonly ItemPage[], { pagesPerPart = PAGES_PER_PART }: { pagesPerPart?: number } = {}): Promise<string> {
	const sorted = [...pages].sort(byFile);
	const parts = splitIntoParts(sorted, pagesPerPart);
	if (parts.length <= 1) return runPagefind(pagefindArgs(dist));
	const index = new PartedIndex(dist);
	try {
		for (const [k, part] of parts.entries()) await index.add(part, { part: k, label: `Part ${k + 1} of ${parts.length}` });
	} catch (error) {
		await index.discard();
		throw error;
	}
	return index.join();
}

/** Astro's paths with the item pages first; each group keeps Astro's order. */
export function itemPagesFirst<T extends { pathname: string; route: { type: string } }>(paths: readonly T[]): T[] {
	return [...paths.filter((path) => isItemPath(path)), ...paths.filter((path) => !isItemPath(path))];
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** What Pagefind prints when it has read every page and moves on to building the index. */
export const pagesReadMarker = '[Reading languages]';

/**
 * How an early indexer indexes in parts: at most `pagesPerPart` item pages a run, into `index`,
 * with up to `concurrent` runs at a time once the item pages are rendered (one before, and
 * default 1).
 */
export interface EarlyParts {
	pagesPerPart: number;
	concurrent?: number;
	index: () => Pick<PartedIndex, 'add' | 'join' | 'discard'> & Partial<Pick<PartedIndex, 'raisePriority'>>;
}

/** A part's pages were not all written before the build ended: the parts are given up. */
class PartsGivenUp extends Error {}

/**
 * Starts the indexer once the item pages are on disk. Astro writes a page after its render
 * returns, so each item page's size is noted when it is rendered, and the indexer starts when
 * every file has reached its size and was written after that moment (not a file left from an
 * earlier build: Astro empties dist/ first, unless vite.build.emptyOutDir is false). Should that
 * never happen (a page skipped, the build stopped), result() runs the indexer after the build,
 * as without this.
 *
 * With `parts`, and more item pages than a part holds, the pages are indexed in parts in the
 * order they render: each part as soon as its pages are written and its turn comes, and the
 * parts are joined after the last. While item pages still render, one part runs at a time, at
 * the lowest priority (nice 19), so that it takes the CPU time rendering leaves (about half a
 * core at 5,000 users); once they are rendered, up to `concurrent` parts run side by side, and
 * the running one gets its priority back.
 */
export class EarlyIndexer {
	readonly #run: (onOutput: (output: string) => void) => Promise<string>;
	readonly #onStart: ((pages: number) => void) | undefined;
	readonly #parts: EarlyParts | undefined;
	#expected = -1;
	#seen = 0;
	readonly #files: { file: string; bytes: number; at: number }[] = [];
	#started: Promise<string> | undefined;
	#finished = false;
	readonly #pagesRead = Promise.withResolvers<void>();
	// Parts: how many, how many are queued, where the next one starts, the queued ones' tasks
	// and the promise of the joined index.
	#partCount = 1;
	#partsQueued = 0;
	#partFrom = 0;
	readonly #tasks: Promise<void>[] = [];
	#partsDone: PromiseWithResolvers<string> | undefined;
	// Runs going on, and the parts waiting for one to end.
	#runs = 0;
	readonly #waiting: (() => void)[] = [];
	#partFailed = false;
	#turn: Promise<void> = Promise.resolve();
	#partedIndex: ReturnType<EarlyParts['index']> | undefined;

	/**
	 * `run` starts the indexer over all item pages and reports its output so far whenever more
	 * arrives; `onStart` is told when an early run starts, with the number of item pages.
	 */
	constructor(run: (onOutput: (output: string) => void) => Promise<string>, { onStart, parts }: { onStart?: (pages: number) => void; parts?: EarlyParts } = {}) {
		this.#run = run;
		this.#onStart = onStart;
		this.#parts = parts;
	}

	/** How many item pages Astro will render. */
	expect(count: number): void {
		this.#expected = count;
		if (this.#parts) this.#partCount = partCount(count, this.#parts.pagesPerPart);
		if (count === 0) this.#pagesRead.resolve();
	}

	/**
	 * Settles when the early run has read all pages (its first stage, which uses every core) or
	 * has ended, or when there will be no early run. In parts, when the last item page is
	 * rendered: each part reads for a short while, and the other pages render at a lower priority
	 * than the indexer anyway.
	 */
	whenPagesRead(): Promise<void> {
		return this.#pagesRead.promise;
	}

	/** An item page was rendered; `written` when Astro writes it to `file`, `bytes` long. */
	rendered(written?: { file: string; bytes: number }): void {
		if (written) this.#files.push({ ...written, at: Date.now() });
		const seen = ++this.#seen;
		if (this.#partCount > 1) {
			if (seen === partEnd(this.#partsQueued, this.#partCount, this.#expected)) this.#queuePart();
			if (seen === this.#expected) {
				this.#renderingDone();
				this.#pagesRead.resolve();
			}
		} else if (seen === this.#expected) void this.#startWhenWritten();
	}

	/** Resolves true once every file has reached its size, false if the build ends first. */
	async #written(files: { file: string; bytes: number; at: number }[]): Promise<boolean> {
		let pending = files;
		for (;;) {
			const found = await Promise.all(pending.map(({ file }) => stat(file).then((info) => info, () => undefined)));
			// A second of slack: file times come from a coarser clock than Date.now().
			pending = pending.filter((page, at) => found[at]?.size !== page.bytes || found[at].mtimeMs < page.at - 1000);
			// Looked at once more after the build has ended: a part queued before then finds its pages.
			if (pending.length === 0 || this.#finished) return pending.length === 0;
			await pause(20);
		}
	}

	async #startWhenWritten(): Promise<void> {
		if (!(await this.#written(this.#files))) return this.#pagesRead.resolve();
		this.#onStart?.(this.#files.length);
		this.#started = this.#run((output) => {
			if (output.includes(pagesReadMarker)) this.#pagesRead.resolve();
		});
		// Awaited by result(); until then a failure must not count as unhandled.
		this.#started.catch(() => undefined).finally(() => this.#pagesRead.resolve());
	}

	/** Runs allowed at a time: one while item pages render, so that rendering keeps a core. */
	get #concurrent(): number {
		return this.#seen < this.#expected ? 1 : (this.#parts?.concurrent ?? 1);
	}

	async #slot(): Promise<void> {
		if (this.#runs < this.#concurrent) {
			this.#runs++;
			return;
		}
		// The run that ends hands its slot on.
		await new Promise<void>((resolve) => this.#waiting.push(resolve));
	}

	#freeSlot(): void {
		const next = this.#waiting.shift();
		if (next) next();
		else this.#runs--;
	}

	/** The item pages are all rendered: more runs may start, and running ones get their priority back. */
	#renderingDone(): void {
		while (this.#runs < this.#concurrent && this.#waiting.length > 0) {
			this.#runs++;
			this.#waiting.shift()!();
		}
		void this.#partedIndex?.raisePriority?.();
	}

	#queuePart(): void {
		const k = this.#partsQueued++;
		const files = this.#files.slice(this.#partFrom);
		this.#partFrom = this.#files.length;
		const index = (this.#partedIndex ??= this.#parts!.index());
		if (k === 0) {
			this.#partsDone = Promise.withResolvers<string>();
			this.#started = this.#partsDone.promise;
			// Awaited by result(); until then a failure must not count as unhandled.
			this.#started.catch(() => undefined);
		}
		const count = this.#partCount;
		// Parts take their turn for a run in part order, whichever finds its pages written first.
		const previous = this.#turn;
		const mine = Promise.withResolvers<void>();
		this.#turn = mine.promise;
		const task = (async () => {
			try {
				if (!(await this.#written(files))) throw new PartsGivenUp();
				await previous;
				// A part of redirects only (old ids) has nothing to index.
				if (files.length === 0) return;
				await this.#slot();
			} finally {
				mine.resolve();
			}
			try {
				// After a part has failed the build fails: no point starting another.
				if (this.#partFailed) return;
				if (k === 0) this.#onStart?.(this.#expected);
				const pages = files.map(({ file, bytes }) => ({ file, bytes }));
				await index.add(pages, { part: k, label: `Part ${k + 1} of ${count}`, nice: this.#seen < this.#expected ? 19 : 0 });
			} catch (error) {
				this.#partFailed = true;
				throw error;
			} finally {
				this.#freeSlot();
			}
		})();
		task.catch(() => undefined);
		this.#tasks.push(task);
		if (k === this.#partCount - 1) {
			const done = this.#partsDone!;
			void Promise.allSettled(this.#tasks).then(async (results) => {
				const failed = results.find((result) => result.status === 'rejected');
				if (!failed) return index.join().then(done.resolve, done.reject);
				await index.discard();
				done.reject(failed.reason);
			});
		}
	}

	/** Whether the item pages are indexed in parts (more of them than a part holds). */
	get parted(): boolean {
		return this.#partCount > 1;
	}

	/**
	 * The item pages written in this build (rendered with status 200), or undefined when the
	 * prerenderer did not list the pages (this indexer was not used).
	 */
	get writtenItemPages(): readonly string[] | undefined {
		return this.#expected < 0 ? undefined : this.#files.map(({ file }) => file);
	}

	/** Whether the indexer started before the build finished. */
	get early(): boolean {
		return this.#started !== undefined;
	}

	/** The early run while it lasts (settled once it has ended), or undefined before it starts. */
	get running(): Promise<unknown> | undefined {
		return this.#started;
	}

	/** The indexer's output: of the early run, or of a run started now. */
	result(): Promise<string> {
		this.#finished = true;
		this.#pagesRead.resolve();
		if (this.#partCount > 1 && this.#started) {
			// Parts not all queued (fewer pages rendered than expected), or given up: once the
			// queued ones have ended, one run over all pages, as without early start.
			if (this.#partsQueued < this.#partCount) {
				this.#started = Promise.allSettled(this.#tasks).then(async () => {
					await this.#partedIndex?.discard();
					return this.#run(() => undefined);
				});
			} else {
				this.#started = this.#started.catch((error: unknown) => {
					if (error instanceof PartsGivenUp) return this.#run(() => undefined);
					throw error;
				});
			}
			this.#partCount = 1;
			return this.#started;
		}
		return (this.#started ??= this.#run(() => undefined));
	}
}

/**
 * `settled` or `ms` milliseconds, whichever comes first. The timer holds the process open: a
 * build whose only pending work is this wait must not end early (Node exits with status 0 when
 * nothing is left to wait for, and the rest of the site would never be written).
 */
function atMost(settled: Promise<void>, ms: number): Promise<'settled' | 'timed out'> {
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve('timed out'), ms);
		void settled.then(() => {
			clearTimeout(timer);
			resolve('settled');
		});
	});
}

/**
 * Astro's prerenderer, rendering item pages first and telling `indexer` about each one. The
 * other pages wait while the indexer reads the item pages: that stage runs on every core, and
 * rendering beside it slowed it down by more than rendering gains. The indexer's second stage
 * runs mostly on one core and leaves room for rendering, but it ends last: while it runs, the
 * thread that renders yields to it (nice +10), so that rendering takes what the indexer leaves
 * (six alternating runs at 5,000 users: Pagefind after the last page 3.5-4.3 -> 1.3 s, build
 * faster in 5 of 6, by 1.9 s median; README, Performance).
 */
export function itemPagesFirstPrerenderer(
	inner: AstroPrerenderer,
	indexer: EarlyIndexer,
	dist: string,
	{ readingWaitMs = 20_000, log = (message: string) => console.log(message), priority }: { readingWaitMs?: number; log?: (message: string) => void; priority?: ThreadPriority } = {},
): AstroPrerenderer {
	let reading: Promise<unknown> | undefined;
	return {
		...inner,
		name: `${inner.name}+uabi-kb:pagefind`,
		async getStaticPaths() {
			const paths = itemPagesFirst(await inner.getStaticPaths());
			indexer.expect(paths.filter((path) => isItemPath(path)).length);
			return paths;
		},
		async render(request, options) {
			const { pathname } = new URL(request.url);
			if (!isItemPath({ pathname, route: options.routeData })) {
				// A bound reached means a slower build, not a wrong one: said in the log, not an error.
				reading ??= atMost(indexer.whenPagesRead(), readingWaitMs).then((how) => {
					if (how === 'timed out') log(`the other pages render now: Pagefind had not read the item pages within ${readingWaitMs / 1000} s`);
					else if (indexer.parted) log('the other pages render now: the item pages are written, and Pagefind indexes them in parts meanwhile');
					else if (indexer.early) log('the other pages render now: Pagefind has read the item pages');
					const running = indexer.running;
					if (running) lowerPriorityUntil(running, 10, priority);
				});
				await reading;
				return inner.render(request, options);
			}
			const result = await inner.render(request, options);
			const response = result instanceof Response ? result : result.response;
			// Redirects (old ids) are written as Astro's redirect page, never indexed: not waited for.
			if (response.status !== 200 || !response.body) {
				indexer.rendered();
				return result;
			}
			const file = join(dist, decodeURI(pathname), 'index.html');
			// Astro renders a page to bytes and says how many in Content-Length; only a response
			// without it is read here (and handed on as a copy), which cost a second Response per page.
			const length = Number(response.headers.get('content-length') ?? Number.NaN);
			if (Number.isSafeInteger(length) && length >= 0) {
				indexer.rendered({ file, bytes: length });
				return result;
			}
			const body = await response.arrayBuffer();
			indexer.rendered({ file, bytes: body.byteLength });
			const copy = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
			return result instanceof Response ? copy : { ...result, response: copy };
		},
	};
}

/**
 * `pagesPerPart`: item pages per indexer run (PAGES_PER_PART unless the environment variable
 * UABI_KB_PAGEFIND_PART_PAGES says otherwise, which the fixture build uses to index its few
 * pages in parts, so that the browser tests search a joined index).
 */
export function pagefindIntegration({ pagesPerPart = pagesPerPartFromEnvironment() }: { pagesPerPart?: number } = {}): AstroIntegration {
	let dist: string | undefined;
	let indexer: EarlyIndexer | undefined;
	return {
		name: 'uabi-kb:pagefind',
		hooks: {
			'astro:config:done': ({ config }) => {
				dist = fileURLToPath(config.outDir);
			},
			'astro:build:start': ({ setPrerenderer, logger }) => {
				const site = dist;
				if (!site) throw new Error('Pagefind: astro:config:done did not give the output folder');
				const early = new EarlyIndexer((onOutput) => runPagefind(pagefindArgs(site), onOutput), {
					onStart: (pages) => logger.info(
						early.parted ? `Pagefind starts on the first part of the ${pages} item pages (${partCount(pages, pagesPerPart)} parts)` : `Pagefind starts on the ${pages} item pages; the other pages wait until it has read them`,
					),
					parts: { pagesPerPart, concurrent: PARTS_AT_ONCE, index: () => new PartedIndex(site, { log: (message) => logger.info(message) }) },
				});
				indexer = early;
				setPrerenderer((inner) => itemPagesFirstPrerenderer(inner, early, site, { log: (message) => logger.info(message) }));
			},
			'astro:build:done': async ({ dir, logger }) => {
				const dist = fileURLToPath(dir);
				const early = indexer?.early ?? false;
				// Redirect pages in the item folders carry no data-pagefind-body and are skipped by
				// Pagefind, so the check is on what the written index holds: every item page written
				// and every other page that carries data-pagefind-body (the indexer reads only the
				// item folders, so one outside fails the build). Pages are counted while Pagefind runs.
				const written = indexer?.writtenItemPages;
				const [marked, output] = await Promise.all([
					searchablePages(dist, new Set(written)),
					indexer?.result() ?? listItemPages(dist).then((pages) => indexItemPages(dist, pages, { pagesPerPart })),
				]);
				if (!/Indexed \d+ pages?/.test(output)) throw new Error(`Pagefind reported no indexed pages:\n${output.trim()}`);
				const entry = JSON.parse(await readFile(join(dist, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
				const indexed = Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
				const wrong = await indexCountError(dist, indexed, marked, written);
				if (wrong) throw new Error(wrong);
				const parts = /^Joined (\d+) parts/m.exec(output)?.[1];
				const how = [parts && `in ${parts} parts, joined`, early && 'started while the other pages rendered'].filter(Boolean);
				logger.info(`indexed ${indexed} pages${how.length > 0 ? ` (${how.join('; ')})` : ''}`);
			},
		},
	};
}
