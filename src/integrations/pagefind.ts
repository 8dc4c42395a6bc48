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
 * since the indexer reads the files in sorted order. A failed run stops the build with
 * Pagefind's output, and the number of indexed pages must equal the number of built pages that
 * carry data-pagefind-body: nothing is dropped silently.
 */
import type { AstroIntegration, AstroPrerenderer } from 'astro';
import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { routeOf } from '../lib/routes.ts';
import { lowerPriorityUntil, type ThreadPriority } from '../lib/thread-priority.ts';

/** Route folders of item pages, the only pages with data-pagefind-body. */
const searchableRoutes = Object.values(routeOf);
const itemPath = new RegExp(`^/(${searchableRoutes.join('|')})/[^/]+/?$`);

/**
 * An item page (/users/<id>/) or a redirect in its folder (an old id), and not an index, a
 * plain-text view (/users/<id>.txt, an endpoint) or an export. Ids may contain dots (5.12).
 */
export const isItemPath = ({ pathname, route }: { pathname: string; route: { type: string } }) => route.type !== 'endpoint' && itemPath.test(pathname);

/** The indexer's arguments: the item pages of `dist`, one language, output in dist/pagefind/. */
const pagefindArgs = (dist: string) => ['--site', dist, '--glob', `{${searchableRoutes.join(',')}}/*/index.html`, '--output-subdir', 'pagefind', '--force-language', 'en'];

/** Built HTML files that ask to be indexed. */
export async function searchablePages(dist: string): Promise<string[]> {
	const found: string[] = [];
	for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
		if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
		const path = join(entry.parentPath, entry.name);
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

/** Runs the indexer; resolves with its output, rejects with it when the run fails. */
export function runPagefind(args: string[], onOutput?: (output: string) => void): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(pagefindBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Astro's paths with the item pages first; each group keeps Astro's order. */
export function itemPagesFirst<T extends { pathname: string; route: { type: string } }>(paths: readonly T[]): T[] {
	return [...paths.filter((path) => isItemPath(path)), ...paths.filter((path) => !isItemPath(path))];
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** What Pagefind prints when it has read every page and moves on to building the index. */
export const pagesReadMarker = '[Reading languages]';

/**
 * Starts the indexer once every item page is on disk. Astro writes a page after its render
 * returns, so each item page's size is noted when it is rendered, and the indexer starts when
 * every file has reached its size and was written after that moment (not a file left from an
 * earlier build: Astro empties dist/ first, unless vite.build.emptyOutDir is false). Should that
 * never happen (a page skipped, the build stopped), result() runs the indexer after the build,
 * as without this.
 */
export class EarlyIndexer {
	readonly #run: (onOutput: (output: string) => void) => Promise<string>;
	readonly #onStart: ((pages: number) => void) | undefined;
	#expected = -1;
	#seen = 0;
	readonly #files: { file: string; bytes: number; at: number }[] = [];
	#started: Promise<string> | undefined;
	#finished = false;
	readonly #pagesRead = Promise.withResolvers<void>();

	/**
	 * `run` starts the indexer and reports its output so far whenever more arrives; `onStart` is
	 * told when an early run starts, with the number of item pages.
	 */
	constructor(run: (onOutput: (output: string) => void) => Promise<string>, { onStart }: { onStart?: (pages: number) => void } = {}) {
		this.#run = run;
		this.#onStart = onStart;
	}

	/** How many item pages Astro will render. */
	expect(count: number): void {
		this.#expected = count;
		if (count === 0) this.#pagesRead.resolve();
	}

	/**
	 * Settles when the early run has read all pages (its first stage, which uses every core) or
	 * has ended, or when there will be no early run.
	 */
	whenPagesRead(): Promise<void> {
		return this.#pagesRead.promise;
	}

	/** An item page was rendered; `written` when Astro writes it to `file`, `bytes` long. */
	rendered(written?: { file: string; bytes: number }): void {
		if (written) this.#files.push({ ...written, at: Date.now() });
		if (++this.#seen === this.#expected) void this.#startWhenWritten();
	}

	async #startWhenWritten(): Promise<void> {
		let pending = this.#files;
		while (pending.length > 0 && !this.#finished) {
			const found = await Promise.all(pending.map(({ file }) => stat(file).then((info) => info, () => undefined)));
			// A second of slack: file times come from a coarser clock than Date.now().
			pending = pending.filter((page, at) => found[at]?.size !== page.bytes || found[at].mtimeMs < page.at - 1000);
			if (pending.length > 0) await pause(20);
		}
		if (this.#finished) return this.#pagesRead.resolve();
		this.#onStart?.(this.#files.length);
		this.#started = this.#run((output) => {
			if (output.includes(pagesReadMarker)) this.#pagesRead.resolve();
		});
		// Awaited by result(); until then a failure must not count as unhandled.
		this.#started.catch(() => undefined).finally(() => this.#pagesRead.resolve());
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

export function pagefindIntegration(): AstroIntegration {
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
					onStart: (pages) => logger.info(`Pagefind starts on the ${pages} item pages; the other pages wait until it has read them`),
				});
				indexer = early;
				setPrerenderer((inner) => itemPagesFirstPrerenderer(inner, early, site, { log: (message) => logger.info(message) }));
			},
			'astro:build:done': async ({ dir, logger }) => {
				const dist = fileURLToPath(dir);
				const early = indexer?.early ?? false;
				// Redirect pages in the item folders carry no data-pagefind-body and are skipped by
				// Pagefind, so the check is on what the written index holds. Pages are counted while
				// Pagefind runs.
				const [pages, output] = await Promise.all([searchablePages(dist), indexer?.result() ?? runPagefind(pagefindArgs(dist))]);
				if (!/Indexed \d+ pages?/.test(output)) throw new Error(`Pagefind reported no indexed pages:\n${output.trim()}`);
				const entry = JSON.parse(await readFile(join(dist, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
				const indexed = Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
				if (indexed !== pages.length) {
					throw new Error(`Pagefind indexed ${indexed} pages, but ${pages.length} built pages carry data-pagefind-body`);
				}
				logger.info(`indexed ${indexed} pages${early ? ' (started while the other pages rendered)' : ''}`);
			},
		},
	};
}
