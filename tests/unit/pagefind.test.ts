import { describe, expect, test } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { AstroPrerenderer } from 'astro';
import { EarlyIndexer, indexCountError, isItemPath, itemPagesFirst, itemPagesFirstPrerenderer, niceProgram, pagefindBinary, pagesReadMarker, runPagefind, searchablePages } from '../../src/integrations/pagefind.ts';
import { lowerPriorityUntil, lowerThreadPriority, setProcessPriority } from '../../src/lib/thread-priority.ts';

/** Writes `html` as <site>/<path>/index.html and returns that file's path. */
function writePage(site: string, path: string, html: string): string {
	mkdirSync(join(site, path), { recursive: true });
	writeFileSync(join(site, path, 'index.html'), html);
	return join(site, path, 'index.html');
}

describe('the Pagefind step of the build', () => {
	test('finds the indexer binary that npm installed for this platform', () => {
		const binary = pagefindBinary();
		expect(binary).toMatch(/@pagefind\/[a-z]+-[a-z0-9]+\/bin\/pagefind(_extended)?(\.exe)?$/);
		expect(() => accessSync(binary, constants.X_OK)).not.toThrow();
	});

	test('indexes exactly the pages that carry data-pagefind-body, and counts them', async () => {
		const site = mkdtempSync(join(tmpdir(), 'uabi-kb-pagefind-'));
		try {
			const page = (path: string, html: string) => writePage(site, path, html);
			page('users/a', '<html lang="en"><body><main data-pagefind-body><h1>follow_pfn user</h1></main></body></html>');
			page('users/b', '<html lang="en"><body><main data-pagefind-body><h1>vfio type1</h1></main></body></html>');
			page('users/old', '<html lang="en"><head><meta http-equiv="refresh" content="0;url=/users/a/"></head></html>');
			const output = await runPagefind(['--site', site, '--glob', 'users/*/index.html', '--output-subdir', 'pagefind', '--force-language', 'en']);
			expect(output).toMatch(/Indexed 2 pages/);
			// The line the other pages wait for (a Pagefind that no longer prints it would leave
			// them waiting until the indexer ends).
			expect(output).toContain(pagesReadMarker);
			expect((await searchablePages(site)).map((path) => path.slice(site.length))).toEqual(['/users/a/index.html', '/users/b/index.html']);
			const entry = JSON.parse(readFileSync(join(site, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
			expect(entry.languages['en']?.page_count).toBe(2);
		} finally {
			rmSync(site, { recursive: true, force: true });
		}
	});

	test('the page count is checked without reading the item pages written, and a wrong count names the pages left out', async () => {
		const site = mkdtempSync(join(tmpdir(), 'uabi-kb-count-'));
		try {
			const page = (path: string, html: string) => writePage(site, path, html);
			const a = page('users/a', '<main data-pagefind-body>follow_pfn</main>');
			const b = page('apis/b', '<main data-pagefind-body>follow_pte</main>');
			const bare = page('users/c', '<main>no marker</main>');
			page('users/old', '<meta http-equiv="refresh" content="0;url=/users/a/">');
			const search = page('search', '<main data-pagefind-body>the search page</main>');
			// The files in the set are left unread, marker or not.
			expect(await searchablePages(site, new Set([a, b]))).toEqual([search]);
			expect(await searchablePages(site)).toEqual([b, search, a]);
			expect(await indexCountError(site, 2, [], [a, b])).toBeUndefined();
			expect(await indexCountError(site, 2, [a, b])).toBeUndefined();
			// An item page without the marker, and a marked page the indexer never reads.
			const wrong = await indexCountError(site, 2, [search], [a, b, bare]);
			expect(wrong).toBe(
				'Pagefind indexed 2 pages, but 3 built pages carry data-pagefind-body; 1 item pages carry none, and so are missing from search: users/c/index.html; ' +
					'1 pages carry it that are not item pages of this build, which the indexer does not read: search/index.html',
			);
			expect(await indexCountError(site, 2, [b, search, a])).toMatch(/3 built pages carry data-pagefind-body; 1 pages carry it that are not item pages of this build, which the indexer does not read: search\/index\.html$/);
			// An index that lost a page, with every page marked and read: the counts say so.
			expect(await indexCountError(site, 1, [], [a, b])).toBe('Pagefind indexed 1 pages, but 3 built pages carry data-pagefind-body; 1 pages carry it that are not item pages of this build, which the indexer does not read: search/index.html');
		} finally {
			rmSync(site, { recursive: true, force: true });
		}
	});

	test('a build that exits while the indexer runs stops the indexer', async () => {
		const site = mkdtempSync(join(tmpdir(), 'uabi-kb-orphan-'));
		try {
			mkdirSync(join(site, 'users', 'a'), { recursive: true });
			writeFileSync(join(site, 'users', 'a', 'index.html'), '<html lang="en"><body><main data-pagefind-body>follow_pfn</main></body></html>');
			const module = join(import.meta.dirname, '..', '..', 'src', 'integrations', 'pagefind.ts');
			const script = `import { runPagefind } from ${JSON.stringify(module)}; runPagefind(['--site', ${JSON.stringify(site)}, '--output-subdir', 'pagefind']); process.exit(1);`;
			const exited = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
			expect(exited.status, exited.stderr).toBe(1);
			// Left running, the indexer would write its entry file within a fraction of a second.
			await new Promise((resolve) => setTimeout(resolve, 1500));
			expect(existsSync(join(site, 'pagefind', 'pagefind-entry.json'))).toBe(false);
			// The same run, not stopped, does write it (so the check above can fail).
			await runPagefind(['--site', site, '--output-subdir', 'pagefind']);
			expect(existsSync(join(site, 'pagefind', 'pagefind-entry.json'))).toBe(true);
		} finally {
			rmSync(site, { recursive: true, force: true });
		}
	});

	test('a run at a lower priority goes through nice(1) where there is one, and runs as it is where not', async () => {
		expect(niceProgram('/nonexistent/a:/nonexistent/b', 'linux')).toBeUndefined();
		expect(niceProgram(process.env['PATH'] ?? '', 'win32')).toBeUndefined();
		const nice = niceProgram(process.env['PATH'] ?? '', 'linux');
		expect(nice).toMatch(/\/nice$/);
		const site = mkdtempSync(join(tmpdir(), 'uabi-kb-nice-'));
		try {
			mkdirSync(join(site, 'users', 'a'), { recursive: true });
			writeFileSync(join(site, 'users', 'a', 'index.html'), '<html lang="en"><body><main data-pagefind-body>follow_pfn</main></body></html>');
			let pid = 0;
			let niceOfRun = Number.NaN;
			// Read once the indexer speaks: by then nice(1) has set the priority and started it.
			const noteNice = () => {
				if (Number.isNaN(niceOfRun)) niceOfRun = getPriority(pid);
			};
			await runPagefind(['--site', site, '--output-subdir', 'pagefind'], noteNice, { nice: 7, onSpawn: (id) => (pid = id) });
			expect(niceOfRun).toBe(7);
			const path = process.env['PATH'];
			process.env['PATH'] = '/nonexistent';
			try {
				// Without nice(1) on the PATH the indexer still runs (found through the package).
				expect(await runPagefind(['--site', site, '--output-subdir', 'pagefind'], undefined, { nice: 7 })).toMatch(/Indexed 1 page/);
			} finally {
				process.env['PATH'] = path;
			}
		} finally {
			rmSync(site, { recursive: true, force: true });
		}
	});

	test('a failed run rejects with Pagefind’s own output', async () => {
		await expect(runPagefind(['--site', '/nonexistent/uabi-kb-site', '--no-such-flag'])).rejects.toThrow(/^Pagefind failed \(exit code [1-9]\d*\):\n.*no-such-flag/s);
	});
});

/** Waits up to 50 polls, `ms` apart, for the indexer's early start. */
async function startOf(indexer: EarlyIndexer, ms: number): Promise<void> {
	for (let i = 0; i < 50 && !indexer.early; i++) await new Promise((resolve) => setTimeout(resolve, ms));
}

describe('indexing starts once the item pages are on disk', () => {
	const path = (pathname: string, type = 'page') => ({ pathname, route: { type } });

	test('item pages are rendered first, each group in Astro’s order', () => {
		const paths = [path('/apis/follow_pfn.txt', 'endpoint'), path('/apis/follow_pfn'), path('/matrix/drm'), path('/users/a'), path('/users/old-a', 'redirect'), path('/versions/5.12'), path('/users'), path('/data/kb.json', 'endpoint')];
		expect(itemPagesFirst(paths).map((p) => p.pathname)).toEqual(['/apis/follow_pfn', '/users/a', '/users/old-a', '/versions/5.12', '/apis/follow_pfn.txt', '/matrix/drm', '/users', '/data/kb.json']);
		expect(isItemPath(path('/users/a/'))).toBe(true);
		expect(isItemPath(path('/users/a.txt', 'endpoint'))).toBe(false);
		expect(isItemPath(path('/users/'))).toBe(false);
		expect(isItemPath(path('/timeline/2024/'))).toBe(false);
	});

	test('the indexer starts when every rendered item page has reached its size, and only once', async () => {
		const site = mkdtempSync(join(tmpdir(), 'uabi-kb-early-'));
		try {
			let runs = 0;
			const indexer = new EarlyIndexer(async () => `run ${++runs}`);
			// No list of pages from the prerenderer yet: the build reads every page to count them.
			expect(indexer.writtenItemPages).toBeUndefined();
			indexer.expect(3);
			expect(indexer.writtenItemPages).toEqual([]);
			writeFileSync(join(site, 'a.html'), '<ht'); // Astro still writing
			indexer.rendered({ file: join(site, 'a.html'), bytes: 7 });
			indexer.rendered(); // a redirect: counted, not waited for
			writeFileSync(join(site, 'b.html'), '<p>');
			indexer.rendered({ file: join(site, 'b.html'), bytes: 3 });
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(indexer.early).toBe(false);
			writeFileSync(join(site, 'a.html'), '<html/>');
			await startOf(indexer, 20);
			expect(indexer.early).toBe(true);
			expect(await indexer.result()).toBe('run 1');
			expect(await indexer.result()).toBe('run 1');
			expect(runs).toBe(1);
			expect(indexer.writtenItemPages).toEqual([join(site, 'a.html'), join(site, 'b.html')]);
		} finally {
			rmSync(site, { recursive: true, force: true });
		}
	});

	test('a file of the right size left from an earlier build is not taken for the new page', async () => {
		const site = mkdtempSync(join(tmpdir(), 'uabi-kb-stale-'));
		try {
			const file = join(site, 'index.html');
			writeFileSync(file, '<p>old</p>');
			const hourAgo = new Date(Date.now() - 3_600_000);
			utimesSync(file, hourAgo, hourAgo);
			let runs = 0;
			const indexer = new EarlyIndexer(async () => `run ${++runs}`);
			indexer.expect(1);
			indexer.rendered({ file, bytes: '<p>new</p>'.length });
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(indexer.early).toBe(false);
			writeFileSync(file, '<p>new</p>'); // Astro writes the page
			await startOf(indexer, 20);
			expect(indexer.early).toBe(true);
			expect(await indexer.result()).toBe('run 1');
		} finally {
			rmSync(site, { recursive: true, force: true });
		}
	});

	test('a page that never reaches its size means one run after the build, as without early start', async () => {
		let runs = 0;
		const indexer = new EarlyIndexer(async () => `run ${++runs}`);
		indexer.expect(1);
		indexer.rendered({ file: '/nonexistent/uabi-kb/index.html', bytes: 10 });
		await new Promise((resolve) => setTimeout(resolve, 60));
		expect(indexer.early).toBe(false);
		expect(await indexer.result()).toBe('run 1');
		await new Promise((resolve) => setTimeout(resolve, 60)); // the waiter stops without a second run
		expect(runs).toBe(1);
	});

	test('an early run that fails makes result() fail with its error', async () => {
		const indexer = new EarlyIndexer(() => Promise.reject(new Error('Pagefind failed (exit code 1):\nbad')));
		indexer.expect(1);
		indexer.rendered();
		await startOf(indexer, 10);
		expect(indexer.early).toBe(true);
		await new Promise((resolve) => setTimeout(resolve, 20)); // no unhandled rejection meanwhile
		await expect(indexer.result()).rejects.toThrow('Pagefind failed (exit code 1):\nbad');
	});

	test('reading the pages ends with Pagefind’s marker line, before the run ends', async () => {
		let report: (output: string) => void = () => undefined;
		let finish: (output: string) => void = () => undefined;
		const indexer = new EarlyIndexer((onOutput) => {
			report = onOutput;
			return new Promise((resolve) => (finish = resolve));
		});
		let read = false;
		void indexer.whenPagesRead().then(() => (read = true));
		indexer.expect(1);
		indexer.rendered();
		await startOf(indexer, 10);
		report('[Walking source directory]\n[Parsing files]\n');
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(read).toBe(false);
		report('[Walking source directory]\n[Parsing files]\n[Reading lang');
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(read).toBe(false);
		report('[Walking source directory]\n[Parsing files]\n[Reading languages]\n');
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(read).toBe(true);
		finish('Indexed 1 page');
		expect(await indexer.result()).toBe('Indexed 1 page');
	});

	test('reading the pages counts as over when the run ends without the marker, or when none is coming', async () => {
		const ended = new EarlyIndexer(async () => 'no marker');
		ended.expect(1);
		ended.rendered();
		await ended.whenPagesRead();
		expect(await ended.result()).toBe('no marker');
		const none = new EarlyIndexer(async () => 'run');
		none.expect(0);
		await none.whenPagesRead();
		const late = new EarlyIndexer(async () => 'run');
		late.expect(1);
		void late.result();
		await late.whenPagesRead();
	});
});

describe('indexing in parts as the item pages are written', () => {
	/** A stand-in for PartedIndex that records what it was asked to do. */
	function fakeIndex({ failAt = -1 } = {}) {
		const calls: string[] = [];
		const added: { pages: string[]; label: string; nice: number }[] = [];
		return {
			calls,
			added,
			index: () => ({
				async add(pages: readonly { file: string }[], { label, nice = 0 }: { part: number; label: string; nice?: number }) {
					calls.push(`add ${label}`);
					if (added.length === failAt) throw new Error(`Pagefind failed (exit code 1):\n${label}`);
					added.push({ pages: pages.map((page) => page.file), label, nice });
				},
				async join() {
					calls.push('join');
					return `Joined ${added.length} parts`;
				},
				async discard() {
					calls.push('discard');
				},
			}),
		};
	}

	test('each part runs once its pages are written, at the lowest priority while pages still render, and the parts are joined', async () => {
		const site = mkdtempSync(join(tmpdir(), 'uabi-kb-parts-'));
		try {
			const parts = fakeIndex();
			let whole = 0;
			const indexer = new EarlyIndexer(async () => `whole ${++whole}`, { parts: { pagesPerPart: 2, index: parts.index } });
			let read = false;
			void indexer.whenPagesRead().then(() => (read = true));
			indexer.expect(5); // three parts: 2, 1 and 2 pages (a redirect counts as a page)
			const page = (name: string, written = true) => {
				const file = join(site, `${name}.html`);
				if (written) writeFileSync(file, name);
				indexer.rendered({ file, bytes: name.length });
				return file;
			};
			page('a');
			const late = page('bb', false);
			await new Promise((resolve) => setTimeout(resolve, 60));
			expect(parts.calls).toEqual([]); // the first part waits for its second page
			expect(indexer.early).toBe(true);
			writeFileSync(late, 'bb');
			for (let i = 0; i < 50 && parts.added.length < 1; i++) await new Promise((resolve) => setTimeout(resolve, 10));
			expect(parts.added[0]).toEqual({ pages: [join(site, 'a.html'), late], label: 'Part 1 of 3', nice: 19 });
			indexer.rendered(); // a redirect: the whole second part, which has nothing to index
			expect(read).toBe(false);
			page('c');
			page('d');
			await new Promise((resolve) => setTimeout(resolve, 20));
			expect(read).toBe(true);
			expect(await indexer.result()).toBe('Joined 2 parts');
			expect(parts.added.map(({ label, pages, nice }) => `${label}: ${pages.length} pages, nice ${nice}`)).toEqual(['Part 1 of 3: 2 pages, nice 19', 'Part 3 of 3: 2 pages, nice 0']);
			expect(parts.calls.at(-1)).toBe('join');
			expect(whole).toBe(0);
		} finally {
			rmSync(site, { recursive: true, force: true });
		}
	});

	/** A page file written now, as Astro would have, and its size. */
	const written = (site: string, name: string) => {
		writeFileSync(join(site, name), name);
		return { file: join(site, name), bytes: name.length };
	};

	test('a part that fails fails the build with its error, no later part starts, and the parts are removed', async () => {
		const site = mkdtempSync(join(tmpdir(), 'uabi-kb-parts-'));
		try {
			const parts = fakeIndex({ failAt: 1 });
			const indexer = new EarlyIndexer(async () => 'whole', { parts: { pagesPerPart: 1, index: parts.index } });
			indexer.expect(3);
			for (const name of ['a', 'b', 'c']) indexer.rendered(written(site, name));
			await expect(indexer.result()).rejects.toThrow('Pagefind failed (exit code 1):\nPart 2 of 3');
			expect(parts.calls).toEqual(['add Part 1 of 3', 'add Part 2 of 3', 'discard']);
		} finally {
			rmSync(site, { recursive: true, force: true });
		}
	});

	test('two parts run side by side when allowed, and are joined in part order', async () => {
		const site = mkdtempSync(join(tmpdir(), 'uabi-kb-parts-'));
		try {
			const calls: string[] = [];
			let running = 0;
			let most = 0;
			const order: number[] = [];
			const index = () => ({
				async add(_pages: readonly unknown[], { part }: { part: number; label: string }) {
					most = Math.max(most, ++running);
					// Later parts end first.
					await new Promise((resolve) => setTimeout(resolve, 40 - part * 10));
					order.push(part);
					running--;
				},
				async join() {
					calls.push('join');
					return 'joined';
				},
				async discard() {
					calls.push('discard');
				},
			});
			const indexer = new EarlyIndexer(async () => 'whole', { parts: { pagesPerPart: 1, concurrent: 2, index } });
			indexer.expect(3);
			for (const name of ['a', 'b', 'c']) indexer.rendered(written(site, name));
			expect(await indexer.result()).toBe('joined');
			expect(most).toBe(2);
			expect(order).toEqual([1, 0, 2]);
			expect(calls).toEqual(['join']);
		} finally {
			rmSync(site, { recursive: true, force: true });
		}
	});

	test('fewer pages than expected, or pages never written: one run over all pages after the build', async () => {
		const site = mkdtempSync(join(tmpdir(), 'uabi-kb-parts-'));
		try {
			const short = fakeIndex();
			const stopped = new EarlyIndexer(async () => 'whole', { parts: { pagesPerPart: 1, index: short.index } });
			stopped.expect(3);
			stopped.rendered(written(site, 'a'));
			expect(await stopped.result()).toBe('whole');
			expect(short.calls).toEqual(['add Part 1 of 3', 'discard']);

			const unwritten = fakeIndex();
			const missing = new EarlyIndexer(async () => 'whole', { parts: { pagesPerPart: 1, index: unwritten.index } });
			missing.expect(2);
			missing.rendered(written(site, 'b'));
			missing.rendered({ file: '/nonexistent/uabi-kb/index.html', bytes: 3 });
			await new Promise((resolve) => setTimeout(resolve, 40));
			expect(await missing.result()).toBe('whole');
			expect(unwritten.calls).toEqual(['add Part 1 of 2', 'discard']);
		} finally {
			rmSync(site, { recursive: true, force: true });
		}
	});
});

/** A thread priority kept in memory; raising it again can be refused, as for an unprivileged process. */
function fakePriority(start: number, { mayRaise = true } = {}) {
	let current = start;
	return {
		getPriority: () => current,
		setPriority(priority: number) {
			if (priority < current && !mayRaise) throw new Error('EACCES: permission denied');
			current = priority;
		},
	};
}

test('a process’s priority is set on every one of its threads (Linux)', { skip: process.platform !== 'linux' }, async () => {
	// A Node process with a worker thread, both waiting; it says so once the worker runs. Counted
	// earlier (as soon as two threads showed), the process was still starting threads, and the
	// count read after the call could be one more than the call had seen.
	const script = "const w = new (require('node:worker_threads').Worker)('setTimeout(() => {}, 60000)', { eval: true }); w.on('online', () => process.stdout.write('ready')); setTimeout(() => {}, 60000)";
	const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
	try {
		const pid = child.pid!;
		await once(child.stdout!, 'data');
		const threads = () => readdirSync(`/proc/${pid}/task`);
		const before = threads();
		expect(before.length).toBeGreaterThan(1);
		// Lowering a priority needs no privilege: every thread goes to 5 (nice values start at 0).
		expect(await setProcessPriority(pid, 5)).toBeGreaterThanOrEqual(before.length);
		// Every thread is at 5 now: those the call saw, and any started since, from one of them.
		const nices = threads().map((task) => Number(readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]));
		expect(nices.length).toBeGreaterThanOrEqual(before.length);
		expect(nices.every((nice) => nice === 5)).toBe(true);
		expect(await setProcessPriority(pid, 5, 'darwin')).toBe(0);
	} finally {
		child.kill();
	}
});

describe('rendering yields the CPU to the indexer while it runs', () => {
	test('the priority is lowered until the run settles, then set back', async () => {
		const nice = fakePriority(2);
		const run = Promise.withResolvers<string>();
		lowerPriorityUntil(run.promise, 10, nice, 'linux');
		expect(nice.getPriority()).toBe(12);
		run.resolve('Indexed 1 page');
		await run.promise;
		await Promise.resolve();
		expect(nice.getPriority()).toBe(2);
	});

	test('a failed run also sets it back, and nothing is left unhandled', async () => {
		const nice = fakePriority(0);
		const run = Promise.withResolvers<string>();
		lowerPriorityUntil(run.promise, 10, nice, 'linux');
		run.reject(new Error('Pagefind failed'));
		await run.promise.catch(() => undefined);
		await Promise.resolve();
		expect(nice.getPriority()).toBe(0);
	});

	test('nice levels stop at 19; a refused return and other systems are harmless', async () => {
		const low = fakePriority(15);
		lowerPriorityUntil(new Promise(() => undefined), 10, low, 'linux');
		expect(low.getPriority()).toBe(19);
		const unprivileged = fakePriority(0, { mayRaise: false });
		lowerPriorityUntil(Promise.resolve(), 10, unprivileged, 'linux');
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(unprivileged.getPriority()).toBe(10);
		const mac = fakePriority(0);
		lowerPriorityUntil(new Promise(() => undefined), 10, mac, 'darwin');
		expect(mac.getPriority()).toBe(0);
		const refused = { getPriority: () => 0, setPriority: () => { throw new Error('EPERM'); } };
		expect(() => lowerPriorityUntil(new Promise(() => undefined), 10, refused, 'linux')).not.toThrow();
	});

	test('a thread lowered for good gets a way back only when something was changed', () => {
		const nice = fakePriority(3);
		const restore = lowerThreadPriority(10, nice, 'linux');
		expect(nice.getPriority()).toBe(13);
		restore!();
		expect(nice.getPriority()).toBe(3);
		expect(lowerThreadPriority(10, fakePriority(0), 'darwin')).toBeUndefined();
		expect(lowerThreadPriority(10, { getPriority: () => 0, setPriority: () => { throw new Error('EPERM'); } }, 'linux')).toBeUndefined();
	});
});

describe('the prerenderer renders the other pages once the item pages are read', () => {
	const route = (type = 'page') => ({ type }) as Parameters<AstroPrerenderer['render']>[1]['routeData'];
	const request = (path: string) => new Request(`http://localhost${path}`);
	const fake = (log: string[]): AstroPrerenderer => ({
		name: 'fake',
		getStaticPaths: async () => [],
		render: async (req) => {
			log.push(new URL(req.url).pathname);
			return new Response('<p>page</p>');
		},
	});

	test('item pages render at once, the others after the indexer has read the pages', async () => {
		const site = mkdtempSync(join(tmpdir(), 'uabi-kb-wait-'));
		try {
			let report: (output: string) => void = () => undefined;
			let finish: (output: string) => void = () => undefined;
			const said: string[] = [];
			const indexer = new EarlyIndexer(
				(onOutput) => {
					report = onOutput;
					return new Promise((resolve) => (finish = resolve));
				},
				{ onStart: (pages) => said.push(`started on ${pages}`) },
			);
			const log: string[] = [];
			const nice = fakePriority(0);
			const prerenderer = itemPagesFirstPrerenderer(fake(log), indexer, site, { priority: nice, log: (message) => said.push(message) });
			indexer.expect(1);
			mkdirSync(join(site, 'users', 'a'), { recursive: true });
			await prerenderer.render(request('/users/a/'), { routeData: route() });
			writeFileSync(join(site, 'users', 'a', 'index.html'), '<p>page</p>'); // Astro writes it
			const other = prerenderer.render(request('/matrix/'), { routeData: route() });
			await startOf(indexer, 20);
			expect(indexer.early).toBe(true);
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(log).toEqual(['/users/a/']);
			expect(nice.getPriority()).toBe(0);
			expect(said).toEqual(['started on 1']);
			report('[Reading languages]');
			await other;
			expect(log).toEqual(['/users/a/', '/matrix/']);
			// Both moments are in the build log, where the benchmark finds its phases.
			expect(said).toEqual(['started on 1', 'the other pages render now: Pagefind has read the item pages']);
			// The rest renders behind the indexer's second stage, the build's last step.
			expect(nice.getPriority()).toBe(process.platform === 'linux' ? 10 : 0);
			finish('Indexed 1 page');
			await indexer.result();
			await Promise.resolve();
			expect(nice.getPriority()).toBe(0);
		} finally {
			rmSync(site, { recursive: true, force: true });
		}
	});

	test("an item page's length comes from its Content-Length when Astro gives one, read from its body otherwise", async () => {
		const page = '<p>päge</p>';
		const bytes = Buffer.byteLength(page);
		const responses = [
			new Response(page, { headers: { 'content-length': String(bytes) } }),
			new Response(page),
		];
		const inner: AstroPrerenderer = { name: 'fake', getStaticPaths: async () => [], render: async () => responses.shift()! };
		const indexer = new EarlyIndexer(async () => 'run');
		const told: unknown[] = [];
		indexer.rendered = (written) => void told.push(written);
		const prerenderer = itemPagesFirstPrerenderer(inner, indexer, '/site', { priority: fakePriority(0) });
		const [withLength, withoutLength] = [responses[0]!, responses[1]!];
		// Handed on as it came, its body unread.
		expect(await prerenderer.render(request('/users/a/'), { routeData: route() })).toBe(withLength);
		expect(withLength.bodyUsed).toBe(false);
		// Read here, so Astro gets a copy with the same bytes.
		const copy = (await prerenderer.render(request('/users/b/'), { routeData: route() })) as Response;
		expect(withoutLength.bodyUsed).toBe(true);
		expect(await copy.text()).toBe(page);
		expect(told).toEqual([
			{ file: join('/site', 'users', 'a', 'index.html'), bytes },
			{ file: join('/site', 'users', 'b', 'index.html'), bytes },
		]);
	});

	test('the wait is bounded, and holds the process open while it lasts', () => {
		// An indexer that never starts (its page never arrives) and a short bound. With a timer
		// that does not hold the process open, Node would exit during the wait with status 0.
		const module = join(import.meta.dirname, '..', '..', 'src', 'integrations', 'pagefind.ts');
		const script = `
			import { EarlyIndexer, itemPagesFirstPrerenderer } from ${JSON.stringify(module)};
			const indexer = new EarlyIndexer(async () => 'run');
			const inner = { name: 'fake', getStaticPaths: async () => [], render: async () => new Response('x') };
			const prerenderer = itemPagesFirstPrerenderer(inner, indexer, '/nonexistent', { readingWaitMs: 300, log: (m) => console.log('log:', m) });
			indexer.expect(1);
			indexer.rendered({ file: '/nonexistent/uabi-kb/index.html', bytes: 1 });
			const started = Date.now();
			await prerenderer.render(new Request('http://localhost/matrix/'), { routeData: { type: 'page' } });
			console.log('rendered after', Date.now() - started >= 290 ? 'the bound' : 'too short a wait');
		`;
		const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
		expect(run.stderr).toBe('');
		// The bound reached is said in the build log.
		expect(run.stdout.trim().split('\n')).toEqual(['log: the other pages render now: Pagefind had not read the item pages within 0.3 s', 'rendered after the bound']);
		expect(run.status).toBe(0);
	});
});

