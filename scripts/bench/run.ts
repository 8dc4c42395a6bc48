/**
 * `npm run bench`: builds synthetic corpora of 1,000 and 5,000 users and measures the build, the
 * output and the search. Prints a Markdown table, writes bench/out/results.json (and the file
 * named by --out, to compare two runs with scripts/bench/compare.ts) and bench/out/results.md.
 *
 *   npm run bench                              sizes 1000 and 5000
 *   npm run bench -- --sizes=200               a quick run
 *   npm run bench -- --out=bench/out/a.json    also write the results under a stable name
 *   npm run bench -- --profile                 also build without Pagefind
 *   npm run bench -- --profile --variants=concurrency8,concurrency8+no-pagefind   other variants
 *   npm run bench -- --skip-build              re-measure existing bench/out/dist-<n>/
 *   npm run bench -- --cold=5 --warm=3         search runs: fresh pages, and queries per page
 *   npm run bench -- --type-delay=100          ms between keys for the typed-out queries (default 0:
 *                                              as fast as the browser takes them)
 *   npm run bench -- --cpu-prof                CPU profile of each build, summed by scripts/bench/profile.ts
 *   npm run bench -- --keep-page-cache         do not drop the page cache before each build (see build())
 *
 * Isolation: the lead's builds and tests use the project root, whose .astro/ (content module
 * list) and node_modules/.astro/ (content data store) a build rewrites. Each benchmark build
 * therefore runs from bench/out/root/, a copy of src/, public/ and the config made at the start
 * of the run (node_modules is a symlink), with its own Astro and Vite cache folders, which are
 * emptied before every build (every build is cold). The copy's hash is in the results.
 *
 * What is measured, per size:
 * - build: wall time of `astro build` as a child process, CPU time and peak RSS (GNU time -v:
 *   largest single process), peak RSS of the whole process tree (polling /proc), phases from the
 *   times at which Astro's log lines arrive (and the Pagefind integration's, which split rendering
 *   into the item pages, Pagefind reading them, and the other pages), where the CPU went in each
 *   phase, and per-route render times from Astro's log.
 * - output: dist/ size and file count, dist/pagefind/ size, the largest HTML pages, and pages
 *   that link to nearly every user (a list whose size grows with the corpus).
 * - page weight: HTML + the CSS and JS it references (followed through static imports), raw and
 *   gzip (zlib, level 6), for the median-size user page, /search/ and /matrix/; the spread of
 *   gzip HTML sizes over all user pages; whether the user page reads with JavaScript off.
 * - search: /search/ served by scripts/serve.ts in headless Chromium. Cold = a fresh browser
 *   context (empty cache) once Pagefind has initialised; warm = later queries in the same page
 *   with other terms. Timed inside the page with performance.now(): from the keydown of the last
 *   character typed (page.keyboard.type of a user's distinctive function name) to the first
 *   .search-result added to the list, plus from the first keydown, and to the status line
 *   "N result(s)." Bytes = body sizes of /pagefind/ responses during the query.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { generate, searchTermOf, type Generated } from './generate.ts';
import { breakdown, loadProfile, type Breakdown } from './profile.ts';
import { emptyTrashIfFull, lastEmptied, moveToTrash, recentDeletionNote, trashReport } from './trash.ts';
import { astroBuildCommand } from '../build.ts';

const project = resolve(import.meta.dirname, '../..');
const benchOut = join(project, 'bench/out');

// ---------------------------------------------------------------------------------------------
// Small helpers

export const median = (xs: readonly number[]) => {
	if (xs.length === 0) return NaN;
	const s = [...xs].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const quantile = (xs: number[], q: number) => {
	if (xs.length === 0) return NaN;
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
export const round = (x: number, digits = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);
const kb = (bytes: number) => round(bytes / 1024, 1);
const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
const gz = (buf: Buffer | string) => gzipSync(buf, { level: 6 }).length;

function walk(dir: string): string[] {
	const out: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
		if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
	}
	return out;
}
function dirSize(dir: string): { bytes: number; files: number } {
	if (!existsSync(dir)) return { bytes: 0, files: 0 };
	let bytes = 0;
	let files = 0;
	for (const f of walk(dir)) {
		bytes += statSync(f).size;
		files++;
	}
	return { bytes, files };
}

// ---------------------------------------------------------------------------------------------
// The isolated build root

const benchConfig = `// Written by scripts/bench/run.ts: the project config with the benchmark's own caches.
// UABI_KB_BENCH_VARIANT: flags joined by "+": no-pagefind, concurrency<N> (profiling only).
import config from './astro.config.mjs';
const flags = (process.env.UABI_KB_BENCH_VARIANT ?? 'full').split('+');
const integrations = flags.includes('no-pagefind') ? config.integrations.filter((i) => i.name !== 'uabi-kb:pagefind') : config.integrations;
const concurrency = flags.map((f) => /^concurrency(\\d+)$/.exec(f)?.[1]).find(Boolean);
const build = concurrency ? { ...config.build, concurrency: Number(concurrency) } : config.build;
export default { ...config, integrations, build, cacheDir: './.bench-cache/', vite: { ...config.vite, cacheDir: './.bench-vite/' } };
`;

/** Copies what a build reads into bench/out/root/ and returns the hash of that snapshot. */
function prepareRoot(root: string): string {
	rmSync(root, { recursive: true, force: true });
	mkdirSync(root, { recursive: true });
	const parts = ['src', 'public', 'astro.config.mjs', 'tsconfig.json', 'package.json'];
	for (const part of parts) cpSync(join(project, part), join(root, part), { recursive: true });
	symlinkSync(join(project, 'node_modules'), join(root, 'node_modules'));
	writeFileSync(join(root, 'astro.bench.mjs'), benchConfig);
	const hash = createHash('sha256');
	for (const part of parts) {
		const full = join(root, part);
		const files = statSync(full).isDirectory() ? walk(full).sort() : [full];
		for (const f of files) hash.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
	}
	return hash.digest('hex').slice(0, 12);
}

// ---------------------------------------------------------------------------------------------
// Build

interface Phase {
	name: string;
	ms: number;
	/** Largest RSS of the process tree seen during the phase (MB). */
	peakRssMb?: number;
	/** Where the CPU went during the phase (sampled every 100 ms, see phaseCpu()). */
	cpu?: PhaseCpu;
}
interface BuildResult {
	variant: string;
	/** Hash of the src/ + config snapshot that was built. */
	srcHash: string;
	exitCode: number;
	wallMs: number;
	cpuUserS?: number;
	cpuSysS?: number;
	/** GNU time: largest RSS of any single process in the tree. */
	peakRssMb?: number;
	/** Largest sum of RSS over the process tree, sampled every 100 ms. */
	peakRssTreeMb: number;
	/** Peak RSS (VmHWM) of the Node process that runs astro build, threads included. */
	peakRssNodeMb?: number;
	/** Peak RSS (VmHWM) of Pagefind's indexer (a separate process started by the build). */
	peakRssPagefindMb?: number;
	/** How the search index was built: indexer runs (parts) and the time to join them. */
	searchIndex?: SearchIndexBuild;
	phases: Phase[];
	routes: { route: string; pages: number; totalMs: number; maxMs: number; slowest: string }[];
	renderTotalMs: number;
	loadBefore: number;
	loadAfter: number;
	/** What was done to the page cache before the build: "dropped", or "kept" and why. */
	pageCache?: string;
	/** Set when an earlier run deleted its trash less than five minutes before this build (scripts/bench/trash.ts). */
	recentDeletion?: string;
	/** `cpuProbe` just before and just after the build: the machine's speed at the time (ms, lower is faster). */
	cpuProbeMs?: { before: number; after: number };
	log: string;
	/** With --cpu-prof: main-thread CPU time of the build by category (scripts/bench/profile.ts). */
	profile?: Breakdown & { file: string };
}

/**
 * RSS of the process tree under rootPid (KB), and each process's own peak RSS so far (VmHWM,
 * a high-water mark the kernel keeps), by process name: "node" is the Astro build, the
 * Pagefind indexer as "pagefind_extend" or "pagefind" (names are cut to 15 bytes).
 */
function treeRss(rootPid: number): { totalKb: number; peakKbByName: Map<string, number>; processes: { pid: number; name: string }[] } {
	// children of every process, from /proc/<pid>/stat (field 4 = ppid)
	const parent = new Map<number, number>();
	const rss = new Map<number, { now: number; peak: number; name: string }>();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parent.set(Number(name), Number(fields[1]));
			const status = readFileSync(`/proc/${name}/status`, 'utf8');
			const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
			rss.set(Number(name), { now: kb('VmRSS'), peak: kb('VmHWM'), name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) });
		} catch {
			// the process ended meanwhile
		}
	}
	let totalKb = 0;
	const peakKbByName = new Map<string, number>();
	const processes: { pid: number; name: string }[] = [];
	const stack = [rootPid];
	const seen = new Set<number>();
	while (stack.length) {
		const pid = stack.pop()!;
		if (seen.has(pid)) continue;
		seen.add(pid);
		const process_ = rss.get(pid);
		if (process_) {
			totalKb += process_.now;
			peakKbByName.set(process_.name, Math.max(peakKbByName.get(process_.name) ?? 0, process_.peak));
			processes.push({ pid, name: process_.name });
		}
		for (const [child, ppid] of parent) if (ppid === pid) stack.push(child);
	}
	return { totalKb, peakKbByName, processes };
}

/** CPU time so far in clock ticks (100 a second): the build's threads by group, and the whole machine. */
export interface CpuSample {
	t: number;
	/** The Node build process's main thread (the one that renders pages). */
	main: number;
	/** Its other threads: body-render workers, the garbage collector, compilers, I/O. */
	nodeOther: number;
	pagefind: number;
	/** All cores of the machine: idle (with I/O wait) and total. */
	idle: number;
	total: number;
}

export interface PhaseCpu {
	/** Share of one core that the main thread used. */
	mainPct: number;
	/** Cores' worth used by the Node process's other threads, and by Pagefind's indexer. */
	otherNodeCores: number;
	pagefindCores: number;
	/** Share of all cores' time left idle. */
	idlePct: number;
}

/** User + system CPU time in clock ticks from a /proc stat line (the name, field 2, may hold spaces and parentheses). */
export const ticksOf = (statLine: string) => {
	const fields = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
	return Number(fields[11]) + Number(fields[12]);
};

/**
 * Keeps the last CPU ticks read for every process and thread of the build, so that a process
 * that has ended (Pagefind) still counts with what it used. The Node process's ticks are read
 * again here, right after its main thread's, rather than taken from treeRss()'s earlier read of
 * the same file: read apart, the main thread could be ahead of its whole process, and the other
 * threads' share came out below zero (tried at stop 15: -0.01 cores in one phase).
 */
export function cpuSampler(proc = '/proc') {
	const last = new Map<string, number>();
	const read = (key: string, file: string) => {
		try {
			last.set(key, ticksOf(readFileSync(file, 'utf8')));
		} catch {
			// ended since the tree was read: its last value stands
		}
	};
	return (t: number, processes: readonly { pid: number; name: string }[]): CpuSample => {
		for (const { pid, name } of processes) {
			if (name === 'node') {
				read(`main ${pid}`, `${proc}/${pid}/task/${pid}/stat`);
				read(`node ${pid}`, `${proc}/${pid}/stat`);
			} else if (name.startsWith('pagefind')) read(`pagefind ${pid}`, `${proc}/${pid}/stat`);
		}
		const sum = (prefix: string) => [...last].filter(([key]) => key.startsWith(prefix)).reduce((total, [, ticks]) => total + ticks, 0);
		const cores = readFileSync(`${proc}/stat`, 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
		const main = sum('main ');
		return { t, main, nodeOther: sum('node ') - main, pagefind: sum('pagefind '), idle: cores[3]! + (cores[4] ?? 0), total: cores.reduce((a, b) => a + b, 0) };
	};
}

/** Where the CPU went between the first and the last sample of each phase; undefined for phases with fewer than two. */
export function phaseCpu(samples: readonly CpuSample[], phases: readonly { ms: number }[]): (PhaseCpu | undefined)[] {
	let from = 0;
	return phases.map((phase) => {
		const to = from + phase.ms;
		const inside = samples.filter((x) => x.t >= from && x.t < to);
		from = to;
		const [a, b] = [inside[0], inside[inside.length - 1]];
		if (!a || !b || b.t <= a.t) return undefined;
		const ticks = ((b.t - a.t) / 1000) * 100;
		return {
			mainPct: round(((b.main - a.main) / ticks) * 100, 0),
			otherNodeCores: round((b.nodeOther - a.nodeOther) / ticks, 2),
			pagefindCores: round((b.pagefind - a.pagefind) / ticks, 2),
			idlePct: b.total > a.total ? round(((b.idle - a.idle) / (b.total - a.total)) * 100, 0) : NaN,
		};
	});
}

const pagefindPeak = (peakKbByName: Map<string, number>): { peakRssPagefindMb?: number } => {
	const kb = Math.max(0, ...[...peakKbByName].filter(([name]) => name.startsWith('pagefind')).map(([, peak]) => peak));
	return kb > 0 ? { peakRssPagefindMb: round(kb / 1024, 0) } : {};
};

/** Phase boundaries: the first log line matching each pattern, in order. */
export const phaseMarks: [string, RegExp][] = [
	['config+validate', /\[uabi-kb:validate\] content OK/],
	['content sync', /\[content\] Synced content/],
	['types+build info', /\[build\] Building static entrypoints/],
	['vite bundle (MDX compile, Shiki)', /\[vite\] ✓ built in/],
	// Said by src/integrations/pagefind.ts: the item pages are on disk, then Pagefind has read them
	// (indexed in parts, the item pages are on disk when the other pages start).
	['render item pages', /\[uabi-kb:pagefind\] (Pagefind starts on the \d+ item pages|the other pages render now: the item pages are written)/],
	['Pagefind reads item pages', /\[uabi-kb:pagefind\] the other pages render now: Pagefind ha(s|d not) read/],
	['render other pages', /✓ Completed in .*\.$/],
	['postbuild (Pagefind)', /\[build\] \d+ page\(s\) built in/],
];

export interface SearchIndexBuild {
	parts: number;
	/** Time to join the parts' bundles, and each part's indexer run, as the build log says. */
	joinS?: number;
	partS: number[];
}

/** What the Pagefind integration's log says about the indexer runs (src/integrations/pagefind.ts). */
export function searchIndexBuild(log: string): SearchIndexBuild {
	const partS = [...log.matchAll(/Pagefind indexed part \d+ of \d+ \(\d+ item pages(?:, at nice \d+)?\) in ([\d.]+) s/g)].map((match) => Number(match[1]));
	const joined = /joined the (\d+) parts in ([\d.]+) s/.exec(log);
	return joined ? { parts: Number(joined[1]), joinS: Number(joined[2]), partS } : { parts: 1, partS };
}

/** Names of the phases that follow from the marks found; without Pagefind's two (no early run), rendering is one phase. */
export function phasesFound(found: readonly string[]): string[] {
	return found.includes('render item pages') ? [...found] : found.map((name) => (name === 'render other pages' ? 'render pages' : name));
}

/** A fixed piece of JavaScript work, like a build's: serialize and parse a 100 KB object eighty times (about 85 ms here). */
const probeObject = { items: Array.from({ length: 1_500 }, (_, i) => ({ id: `user-${i}`, title: `Entry ${i}`, tags: ['a', 'b', String(i % 7)], n: i * 1.5 })) };
function probeWork(): number {
	let length = 0;
	for (let i = 0; i < 80; i++) length += (JSON.parse(JSON.stringify(probeObject)) as typeof probeObject).items.length;
	return length;
}

/**
 * How long the same fixed work takes now (the fastest of `rounds`, in ms): this machine's speed
 * moves from hour to hour by more than most changes gain (the same build used 48 to 65 s of CPU),
 * so each build records it before and after, and builds from hours of different speed can be told
 * apart. Not used to correct any figure.
 */
export function cpuProbe({ rounds = 3, work = probeWork, now = () => performance.now() }: { rounds?: number; work?: () => unknown; now?: () => number } = {}): number {
	let best = Infinity;
	for (let i = 0; i < rounds; i++) {
		const start = now();
		work();
		best = Math.min(best, now() - start);
	}
	return round(best, 1);
}

/**
 * Drops the kernel's page cache (clean pages, dentries and inodes), which needs root: "dropped",
 * or "kept" with the reason. On this machine builds of the same code took more CPU time in the
 * kernel, and longer, the more builds had run before them; with the cache dropped first their
 * kernel time no longer drifts (6.9-8.4 s in six alternating builds; README, Performance). Every
 * build then starts from the same state, its files read from disk.
 */
export function dropPageCache(control = '/proc/sys/vm/drop_caches'): string {
	try {
		writeFileSync(control, '3');
		return 'dropped';
	} catch (error) {
		return `kept (${(error as NodeJS.ErrnoException).code ?? String(error)}: ${control} is not writable)`;
	}
}

async function build(opts: { root: string; corpus: string; dist: string; variant: string; logFile: string; srcHash: string; cpuProf?: boolean; keepPageCache?: boolean }): Promise<BuildResult> {
	for (const cache of ['.bench-cache', '.bench-vite', '.astro']) rmSync(join(opts.root, cache), { recursive: true, force: true });
	// Moved aside, not deleted: deleting 18,000 files here would slow this build's own file
	// creation on this machine (scripts/bench/trash.ts).
	moveToTrash(opts.dist, benchOut);
	const recent = lastEmptied(benchOut);
	const recentDeletion = recent && recentDeletionNote(recent);
	if (recentDeletion) console.log(`  note: ${recentDeletion}`);
	// Write back what earlier steps left in the page cache (the last build's dist/, the corpus),
	// so that its writeback does not slow this build down; measured without this, the same
	// code took 56 to 69 s at 5,000 users.
	spawnSync('sync');
	const pageCache = opts.keepPageCache ? 'kept (--keep-page-cache)' : dropPageCache();
	if (pageCache !== 'dropped') console.log(`  page cache ${pageCache}`);
	const timeFile = `${opts.logFile}.time`;
	const hasTime = existsSync('/usr/bin/time');
	const profDir = `${opts.logFile}.prof`;
	rmSync(profDir, { recursive: true, force: true });
	const nodeArgs = opts.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
	// The same node flags and astro entry point as `npm run build` (scripts/build.ts).
	const [node, buildArgs] = astroBuildCommand(['--config', 'astro.bench.mjs', '--outDir', opts.dist]);
	const args = [...nodeArgs, ...buildArgs];
	const [cmd, cmdArgs] = hasTime ? ['/usr/bin/time', ['-v', '-o', timeFile, node, ...args]] : [node, args];
	const probeBefore = cpuProbe();
	const loadBefore = loadavg()[0]!;
	const started = performance.now();
	const spawnUs = Number(process.hrtime.bigint() / 1000n);
	const child = spawn(cmd, cmdArgs as string[], {
		cwd: opts.root,
		env: { ...process.env, UABI_KB_CONTENT: opts.corpus, UABI_KB_BENCH_VARIANT: opts.variant, FORCE_COLOR: '0', NO_COLOR: '1' },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const lines: { t: number; text: string }[] = [];
	let buffered = '';
	writeFileSync(opts.logFile, '');
	const onData = (chunk: Buffer) => {
		const t = performance.now() - started;
		buffered += chunk.toString();
		const parts = buffered.split('\n');
		buffered = parts.pop()!;
		for (const text of parts) lines.push({ t, text });
		// Written as it comes, so that a long build can be followed with tail -f.
		if (parts.length) appendFileSync(opts.logFile, parts.map((text) => `[+${(t / 1000).toFixed(2)}s] ${text}\n`).join(''));
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	let peakTree = 0;
	const peakByName = new Map<string, number>();
	const rssSamples: { t: number; kb: number }[] = [];
	const cpuSamples: CpuSample[] = [];
	const sampleCpu = cpuSampler();
	const poll = setInterval(() => {
		if (!child.pid) return;
		const { totalKb: kb, peakKbByName, processes } = treeRss(child.pid);
		rssSamples.push({ t: performance.now() - started, kb });
		cpuSamples.push(sampleCpu(performance.now() - started, processes));
		peakTree = Math.max(peakTree, kb);
		for (const [name, peak] of peakKbByName) peakByName.set(name, Math.max(peakByName.get(name) ?? 0, peak));
	}, 100);
	const exitCode: number = await new Promise((done) => child.on('close', (code) => done(code ?? 1)));
	clearInterval(poll);
	const wallMs = performance.now() - started;
	if (buffered) lines.push({ t: wallMs, text: buffered });
	if (buffered) appendFileSync(opts.logFile, `[+${(wallMs / 1000).toFixed(2)}s] ${buffered}\n`);

	let cpuUserS: number | undefined;
	let cpuSysS: number | undefined;
	let peakRssMb: number | undefined;
	if (hasTime && existsSync(timeFile)) {
		const t = readFileSync(timeFile, 'utf8');
		cpuUserS = Number(/User time \(seconds\): ([\d.]+)/.exec(t)?.[1]);
		cpuSysS = Number(/System time \(seconds\): ([\d.]+)/.exec(t)?.[1]);
		peakRssMb = round(Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(t)?.[1]) / 1024, 0);
	}

	const phases: Phase[] = [];
	let last = 0;
	let from = 0;
	for (const [name, pattern] of phaseMarks) {
		const hit = lines.findIndex((l, i) => i >= from && pattern.test(l.text));
		if (hit < 0) continue;
		phases.push({ name, ms: round(lines[hit]!.t - last, 0) });
		last = lines[hit]!.t;
		from = hit + 1;
	}
	phases.push({ name: 'exit', ms: round(wallMs - last, 0) });
	const names = phasesFound(phases.map((phase) => phase.name));
	phases.forEach((phase, i) => (phase.name = names[i]!));
	let from_ = 0;
	for (const phase of phases) {
		const to = from_ + phase.ms;
		const inPhase = rssSamples.filter((x) => x.t >= from_ && x.t < to).map((x) => x.kb);
		if (inPhase.length) phase.peakRssMb = round(Math.max(...inPhase) / 1024, 0);
		from_ = to;
	}
	phaseCpu(cpuSamples, phases).forEach((cpu, i) => {
		if (cpu) phases[i]!.cpu = cpu;
	});

	let profile: BuildResult['profile'];
	if (opts.cpuProf && existsSync(profDir)) {
		// The largest profile is the build's main process (other Node processes are small).
		const files = readdirSync(profDir).map((f) => join(profDir, f)).sort((a, b) => statSync(b).size - statSync(a).size);
		if (files[0]) profile = { file: relative(project, files[0]), ...breakdown(loadProfile(files[0]), { windows: phases, originUs: spawnUs }) };
	}

	const routes = new Map<string, { pages: number; totalMs: number; maxMs: number; slowest: string }>();
	let renderTotalMs = 0;
	for (const { text } of lines) {
		// Astro prints "(+12ms)", "(+2.25s)" or "(+1m 3s)".
		const m = /[├└]─ (\/\S*) \(\+(?:(\d+)m )?(?:(\d+)ms|([\d.]+)s)\)/.exec(text);
		if (!m) continue;
		const path = m[1]!;
		const ms = Number(m[1 + 1] ?? 0) * 60_000 + (m[3] !== undefined ? Number(m[3]) : Number(m[4]) * 1000);
		renderTotalMs += ms;
		const segs = path.split('/').filter(Boolean);
		let route = path;
		if (segs.length === 3 && segs[2] === 'index.html') route = `/${segs[0]}/[id]/`;
		else if (segs.length === 2 && segs[1] === 'index.html') route = `/${segs[0]}/`;
		else if (segs.length === 2 && segs[1]!.endsWith('.txt')) route = `/${segs[0]}/[id].txt`;
		const r = routes.get(route) ?? { pages: 0, totalMs: 0, maxMs: 0, slowest: '' };
		r.pages++;
		r.totalMs += ms;
		if (ms >= r.maxMs) {
			r.maxMs = ms;
			r.slowest = path;
		}
		routes.set(route, r);
	}
	return {
		variant: opts.variant,
		srcHash: opts.srcHash,
		exitCode,
		wallMs: round(wallMs, 0),
		...(cpuUserS !== undefined ? { cpuUserS } : {}),
		...(cpuSysS !== undefined ? { cpuSysS } : {}),
		...(peakRssMb !== undefined ? { peakRssMb } : {}),
		peakRssTreeMb: round(peakTree / 1024, 0),
		...(peakByName.has('node') ? { peakRssNodeMb: round(peakByName.get('node')! / 1024, 0) } : {}),
		...pagefindPeak(peakByName),
		searchIndex: searchIndexBuild(lines.map((line) => line.text).join('\n')),
		phases,
		routes: [...routes].map(([route, r]) => ({ route, ...r })).sort((a, b) => b.totalMs - a.totalMs),
		renderTotalMs,
		loadBefore: round(loadBefore, 2),
		loadAfter: round(loadavg()[0]!, 2),
		pageCache,
		...(recentDeletion ? { recentDeletion } : {}),
		cpuProbeMs: { before: probeBefore, after: cpuProbe() },
		log: relative(project, opts.logFile),
		...(profile ? { profile } : {}),
	};
}

// ---------------------------------------------------------------------------------------------
// Output and page weights

interface Weight {
	page: string;
	htmlRaw: number;
	htmlGzip: number;
	cssRaw: number;
	cssGzip: number;
	jsRaw: number;
	jsGzip: number;
	totalRaw: number;
	totalGzip: number;
	assets: string[];
}

function pageWeight(dist: string, page: string): Weight {
	const htmlFile = join(dist, page, 'index.html');
	const html = readFileSync(htmlFile);
	const text = html.toString();
	const css = new Set<string>();
	const js = new Set<string>();
	for (const tag of text.match(/<link\b[^>]*>/g) ?? []) {
		const href = /href="([^"]+)"/.exec(tag)?.[1];
		if (!href || !href.startsWith('/')) continue;
		if (/rel="stylesheet"/.test(tag)) css.add(href);
		else if (/rel="modulepreload"/.test(tag)) js.add(href);
	}
	for (const tag of text.match(/<script\b[^>]*>/g) ?? []) {
		const src = /src="([^"]+)"/.exec(tag)?.[1];
		if (src && src.startsWith('/')) js.add(src);
	}
	// Follow static imports of the bundled modules (not dynamic import(), e.g. Pagefind's).
	const queue = [...js];
	while (queue.length) {
		const url = queue.pop()!;
		const file = join(dist, url);
		if (!existsSync(file)) continue;
		const code = readFileSync(file, 'utf8');
		for (const m of code.matchAll(/(?:\bimport\s*|\bfrom\s*)["']([^"']+\.js)["']/g)) {
			const next = new URL(m[1]!, `http://x${url}`).pathname;
			if (!js.has(next)) {
				js.add(next);
				queue.push(next);
			}
		}
	}
	const sum = (urls: Set<string>) => {
		let raw = 0;
		let gzip = 0;
		for (const url of urls) {
			const file = join(dist, url);
			if (!existsSync(file)) continue;
			const buf = readFileSync(file);
			raw += buf.length;
			gzip += gz(buf);
		}
		return { raw, gzip };
	};
	const c = sum(css);
	const j = sum(js);
	const htmlGzip = gz(html);
	return {
		page,
		htmlRaw: html.length,
		htmlGzip,
		cssRaw: c.raw,
		cssGzip: c.gzip,
		jsRaw: j.raw,
		jsGzip: j.gzip,
		totalRaw: html.length + c.raw + j.raw,
		totalGzip: htmlGzip + c.gzip + j.gzip,
		assets: [...css, ...js],
	};
}

interface OutputResult {
	distBytes: number;
	distFiles: number;
	htmlPages: number;
	pagefindBytes: number;
	pagefindFiles: number;
	largestPages: { page: string; bytes: number; gzip: number }[];
	/** Pages linking to at least 90% of all users (lists that grow with the corpus). */
	pagesListingEveryUser: { page: string; userLinks: number; bytes: number }[];
	userPages: { count: number; htmlGzipMin: number; htmlGzipMedian: number; htmlGzipP95: number; htmlGzipMax: number; userLinksMedian: number; userLinksMax: number };
	typicalUser: string;
	/** matrixPart: the largest page under /matrix/ other than the index, if the matrix is split. */
	weights: { user: Weight; search: Weight; matrix: Weight; matrixPart?: Weight };
}

export function measureOutput(dist: string, userCount: number): OutputResult {
	const all = walk(dist);
	let distBytes = 0;
	const sizes: { page: string; bytes: number }[] = [];
	const listing: { page: string; userLinks: number; bytes: number }[] = [];
	const users: { page: string; bytes: number; gzip: number; links: number }[] = [];
	for (const file of all) {
		const size = statSync(file).size;
		distBytes += size;
		if (!file.endsWith('.html')) continue;
		const page = `/${relative(dist, file)}`.replace(/index\.html$/, '');
		sizes.push({ page, bytes: size });
		const text = readFileSync(file, 'utf8');
		const links = new Set(text.match(/href="\/users\/[^"/#]+\//g) ?? []).size;
		if (links >= 0.9 * userCount) listing.push({ page, userLinks: links, bytes: size });
		if (/^\/users\/[^/]+\/$/.test(page) && !text.includes('http-equiv="refresh"')) {
			users.push({ page, bytes: size, gzip: gz(text), links });
		}
	}
	users.sort((a, b) => a.bytes - b.bytes);
	const typical = users[Math.floor(users.length / 2)]!;
	const pf = dirSize(join(dist, 'pagefind'));
	sizes.sort((a, b) => b.bytes - a.bytes);
	const matrixPart = sizes.find((p) => p.page.startsWith('/matrix/') && p.page !== '/matrix/');
	return {
		distBytes,
		distFiles: all.length,
		htmlPages: sizes.length,
		pagefindBytes: pf.bytes,
		pagefindFiles: pf.files,
		largestPages: sizes.slice(0, 8).map((p) => ({ ...p, gzip: gz(readFileSync(join(dist, p.page.endsWith('/') ? `${p.page}index.html` : p.page))) })),
		pagesListingEveryUser: listing.sort((a, b) => b.bytes - a.bytes),
		userPages: {
			count: users.length,
			htmlGzipMin: users.length ? Math.min(...users.map((u) => u.gzip)) : NaN,
			htmlGzipMedian: median(users.map((u) => u.gzip)),
			htmlGzipP95: quantile(users.map((u) => u.gzip), 0.95),
			htmlGzipMax: users.length ? Math.max(...users.map((u) => u.gzip)) : NaN,
			userLinksMedian: median(users.map((u) => u.links)),
			userLinksMax: users.length ? Math.max(...users.map((u) => u.links)) : NaN,
		},
		typicalUser: typical.page,
		weights: {
			user: pageWeight(dist, typical.page),
			search: pageWeight(dist, '/search/'),
			matrix: pageWeight(dist, '/matrix/'),
			...(matrixPart ? { matrixPart: pageWeight(dist, matrixPart.page) } : {}),
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Browser: search timings and reading without JavaScript

interface QueryTiming {
	term: string;
	/**
	 * cold/warm: one keystroke: the term minus its last character is put into the box without
	 * events, then the last character is typed, so exactly one query runs, with nothing loaded
	 * for it before. *-typed: the whole term typed with page.keyboard.type (one query per
	 * keystroke, as a person typing fast would cause). warm-common: one keystroke, common word.
	 */
	kind: 'cold' | 'warm' | 'cold-typed' | 'warm-typed' | 'warm-common';
	/** Keydown of the last character → first .search-result added (ms). */
	fromLastKeyMs: number;
	/** Keydown of the first character → first .search-result added (ms). */
	fromFirstKeyMs: number;
	/** Keydown of the last character → status "N result(s)." (ms). */
	toCompleteMs: number;
	results: number;
	hit: boolean;
	bytes: number;
	requests: number;
}
/** Pagefind's own time, called directly in a warm page: search() and the first result's data(). */
interface EngineTiming {
	term: string;
	common: boolean;
	searchMs: number;
	firstDataMs: number;
	results: number;
}
interface SearchResult {
	initMs: number[];
	initBytes: number[];
	queries: QueryTiming[];
	engine: EngineTiming[];
	summary: {
		engineSearchMsMedian: number;
		engineFirstDataMsMedian: number;
		engineCommonSearchMsMedian: number;
		initMsMedian: number;
		initBytesMedian: number;
		coldMsMedian: number;
		coldMsRange: string;
		coldCompleteMsMedian: number;
		coldBytesMedian: number;
		coldRequestsMedian: number;
		warmMsMedian: number;
		warmMsRange: string;
		warmCompleteMsMedian: number;
		warmBytesMedian: number;
		coldTypedMsMedian: number;
		coldTypedFromFirstKeyMsMedian: number;
		warmTypedMsMedian: number;
		warmTypedFromFirstKeyMsMedian: number;
		warmCommonMsMedian: number;
		warmCommonCompleteMsMedian: number;
		warmCommonResultsMedian: number;
		hits: string;
	};
	readableWithoutJs: { page: string; ok: boolean; checks: Record<string, boolean> };
}

// Runs in the page before any of its scripts: notes when Pagefind is ready (the UI writes its
// idle status line only after Pagefind has initialised and loaded its filters).
const pageProbe = () => {
	const w = window as unknown as { __bench: Record<string, unknown> & { keydowns: number[] } };
	w.__bench = { keydowns: [], ready: null };
	const readyText = 'Type to search, or pick filters.';
	const watchStatus = new MutationObserver(() => {
		const status = document.getElementById('search-status');
		if (status && w.__bench['ready'] === null && status.textContent === readyText) w.__bench['ready'] = performance.now();
	});
	watchStatus.observe(document, { childList: true, subtree: true, characterData: true });
};

// Installed before typing: keydown times, the first result node added after the last keydown,
// and the moment the status line reports the finished result list.
const armQuery = (expected: number) => {
	const w = window as unknown as { __bench: Record<string, unknown> & { keydowns: number[] } };
	const b = w.__bench;
	b.keydowns = [];
	b['expected'] = expected;
	b['first'] = null;
	b['afterLast'] = null;
	b['complete'] = null;
	b['results'] = null;
	b['firstHref'] = null;
	const input = document.getElementById('search-input')!;
	const list = document.getElementById('search-results')!;
	const status = document.getElementById('search-status')!;
	if (!b['listening']) {
		b['listening'] = true;
		input.addEventListener('keydown', () => b.keydowns.push(performance.now()), { capture: true });
		new MutationObserver((records) => {
			for (const r of records) {
				for (const node of r.addedNodes) {
					if (!(node instanceof HTMLElement) || !node.classList.contains('search-result')) continue;
					const t = performance.now();
					if (b['first'] === null && b.keydowns.length > 0) b['first'] = t;
					if (b['afterLast'] === null && b.keydowns.length >= (b['expected'] as number) && t >= b.keydowns[b.keydowns.length - 1]!) {
						b['afterLast'] = t;
						b['firstHref'] = node.querySelector('h2 a')?.getAttribute('href') ?? null;
					}
				}
			}
		}).observe(list, { childList: true });
		new MutationObserver(() => {
			const text = status.textContent ?? '';
			const done = /^\d+ results?(, showing the first \d+)?\.$|^No results\.$/.test(text);
			if (done && b['complete'] === null && b.keydowns.length >= (b['expected'] as number)) {
				b['complete'] = performance.now();
				b['results'] = Number(/^(\d+)/.exec(text)?.[1] ?? 0);
			}
		}).observe(status, { childList: true, characterData: true, subtree: true });
	}
};

async function measureSearch(dist: string, generated: Generated, typical: string, opts: { cold: number; warm: number; typeDelay: number }): Promise<SearchResult> {
	const { chromium } = await import('playwright-core');
	const { findBrowser, browserArgs } = await import('../browser.ts');
	const { serve } = await import('../serve.ts');
	const server = await serve(dist, 0);
	const port = (server.address() as { port: number }).port;
	const base = `http://127.0.0.1:${port}`;
	const found = await findBrowser();
	const browser = await chromium.launch({ executablePath: found.path, args: browserArgs, headless: true });
	const users = generated.users;
	// Terms spread over the corpus, each used once: 2 contexts per cold run, 1 + warm + 1 queries each.
	const stride = Math.max(1, Math.floor(users.length / (2 * opts.cold * (opts.warm + 2) + 1)));
	let next = 0;
	const nextUser = () => users[(next++ * stride + 3) % users.length]!;
	const commonTerms = ['revocation', 'hypervisor', 'scatterlist', 'framebuffer', 'notifier', 'exporter', 'carveout', 'attachment'];
	const queries: QueryTiming[] = [];
	const initMs: number[] = [];
	const initBytes: number[] = [];
	const engine: EngineTiming[] = [];
	try {
		for (let c = 0; c < 2 * opts.cold; c++) {
			const typed = c % 2 === 1;
			const context = await browser.newContext();
			const page = await context.newPage();
			let fetched: { bytes: number }[] = [];
			page.on('requestfinished', (request) => {
				if (!request.url().includes('/pagefind/')) return;
				const entry = { bytes: 0 };
				fetched.push(entry);
				void request.sizes().then((s) => (entry.bytes = s.responseBodySize)).catch(() => undefined);
			});
			await page.addInitScript(pageProbe);
			await page.goto(`${base}/search/`, { waitUntil: 'load' });
			await page.waitForFunction(() => (window as unknown as { __bench: { ready: number | null } }).__bench.ready !== null, undefined, { timeout: 60_000 });
			initMs.push(round(await page.evaluate(() => (window as unknown as { __bench: { ready: number } }).__bench.ready), 1));
			await page.waitForTimeout(200);
			initBytes.push(fetched.reduce((s, f) => s + f.bytes, 0));
			const run = async (term: string, kind: QueryTiming['kind'], expect?: string) => {
				// Empty the box first (the UI then clears the list), so that the next results are new nodes.
				if ((await page.inputValue('#search-input')) !== '') {
					await page.fill('#search-input', '');
					await page.waitForFunction(() => document.getElementById('search-status')?.textContent === 'Type to search, or pick filters.');
				}
				await page.focus('#search-input');
				const oneKey = !kind.endsWith('-typed');
				if (oneKey) await page.evaluate((prefix) => ((document.getElementById('search-input') as HTMLInputElement).value = prefix), term.slice(0, -1));
				await page.evaluate(armQuery, oneKey ? 1 : term.length);
				await page.waitForTimeout(50);
				fetched = [];
				await page.keyboard.type(oneKey ? term.slice(-1) : term, oneKey ? {} : { delay: opts.typeDelay });
				await page.waitForFunction(
					() => {
						const b = (window as unknown as { __bench: Record<string, unknown> }).__bench;
						return b['complete'] !== null && (b['afterLast'] !== null || b['results'] === 0);
					},
					undefined,
					{ timeout: 60_000 },
				);
				await page.waitForTimeout(100);
				const b = (await page.evaluate(() => (window as unknown as { __bench: Record<string, unknown> }).__bench)) as {
					keydowns: number[];
					first: number | null;
					afterLast: number | null;
					complete: number;
					results: number;
					firstHref: string | null;
				};
				const lastKey = b.keydowns[b.keydowns.length - 1]!;
				queries.push({
					term,
					kind,
					fromLastKeyMs: b.afterLast === null ? NaN : round(b.afterLast - lastKey, 1),
					fromFirstKeyMs: b.first === null ? NaN : round(b.first - b.keydowns[0]!, 1),
					toCompleteMs: round(b.complete - lastKey, 1),
					results: b.results,
					hit: expect === undefined ? b.results > 0 : b.firstHref === expect,
					bytes: fetched.reduce((s, f) => s + f.bytes, 0),
					requests: fetched.length,
				});
			};
			const first = nextUser();
			await run(searchTermOf(first), typed ? 'cold-typed' : 'cold', `/users/${first.id}/`);
			for (let w = 0; w < opts.warm; w++) {
				const user = nextUser();
				await run(searchTermOf(user), typed ? 'warm-typed' : 'warm', `/users/${user.id}/`);
			}
			if (!typed) {
				await run(commonTerms[(c / 2) % commonTerms.length]!, 'warm-common');
				// The engine alone, in the same warm page: the same module instance the UI uses.
				const terms = [searchTermOf(nextUser()), searchTermOf(nextUser()), commonTerms[(c / 2 + 3) % commonTerms.length]!];
				const timings = await page.evaluate(async (list) => {
					const pf = (await import('/pagefind/pagefind.js' as string)) as {
						search: (t: string) => Promise<{ results: { data: () => Promise<unknown> }[] }>;
					};
					const out: { term: string; searchMs: number; firstDataMs: number; results: number }[] = [];
					for (const term of list) {
						const t0 = performance.now();
						const r = await pf.search(term);
						const t1 = performance.now();
						if (r.results[0]) await r.results[0].data();
						out.push({ term, searchMs: t1 - t0, firstDataMs: performance.now() - t1, results: r.results.length });
					}
					return out;
				}, terms);
				timings.forEach((t, i) => engine.push({ ...t, common: i === 2, searchMs: round(t.searchMs, 1), firstDataMs: round(t.firstDataMs, 1) }));
			}
			await context.close();
		}

		// Reading without JavaScript: the typical user page with scripts off.
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto(`${base}${typical}`, { waitUntil: 'load' });
		const checks = await page.evaluate(() => {
			const visible = (sel: string) => {
				const el = document.querySelector(sel) as HTMLElement | null;
				return !!el && el.offsetParent !== null && (el.textContent ?? '').trim().length > 0;
			};
			return {
				title: visible('h1'),
				summary: visible('#summary'),
				body: visible('.prose h2') && visible('.prose pre'),
				timeline: visible('#timeline'),
				security: visible('#security'),
				migration: visible('#migration'),
				sources: visible('#sources'),
			};
		});
		await context.close();
		const pick = (kind: QueryTiming['kind'], key: 'fromLastKeyMs' | 'fromFirstKeyMs' | 'toCompleteMs' | 'bytes' | 'requests' | 'results') =>
			round(median(queries.filter((q) => q.kind === kind).map((q) => q[key]).filter(Number.isFinite)), 1);
		const exact = queries.filter((q) => q.kind !== 'warm-common');
		const range = (kind: QueryTiming['kind']) => {
			const xs = queries.filter((q) => q.kind === kind).map((q) => q.fromLastKeyMs).filter(Number.isFinite);
			return xs.length ? `${round(Math.min(...xs), 0)}–${round(Math.max(...xs), 0)}` : '';
		};
		const eng = (common: boolean, key: 'searchMs' | 'firstDataMs') => round(median(engine.filter((e) => e.common === common).map((e) => e[key])), 1);
		return {
			initMs,
			initBytes,
			queries,
			engine,
			summary: {
				engineSearchMsMedian: eng(false, 'searchMs'),
				engineFirstDataMsMedian: eng(false, 'firstDataMs'),
				engineCommonSearchMsMedian: eng(true, 'searchMs'),
				initMsMedian: round(median(initMs), 1),
				initBytesMedian: median(initBytes),
				coldMsMedian: pick('cold', 'fromLastKeyMs'),
				coldMsRange: range('cold'),
				coldCompleteMsMedian: pick('cold', 'toCompleteMs'),
				coldBytesMedian: pick('cold', 'bytes'),
				coldRequestsMedian: pick('cold', 'requests'),
				warmMsMedian: pick('warm', 'fromLastKeyMs'),
				warmMsRange: range('warm'),
				warmCompleteMsMedian: pick('warm', 'toCompleteMs'),
				warmBytesMedian: pick('warm', 'bytes'),
				coldTypedMsMedian: pick('cold-typed', 'fromLastKeyMs'),
				coldTypedFromFirstKeyMsMedian: pick('cold-typed', 'fromFirstKeyMs'),
				warmTypedMsMedian: pick('warm-typed', 'fromLastKeyMs'),
				warmTypedFromFirstKeyMsMedian: pick('warm-typed', 'fromFirstKeyMs'),
				warmCommonMsMedian: pick('warm-common', 'fromLastKeyMs'),
				warmCommonCompleteMsMedian: pick('warm-common', 'toCompleteMs'),
				warmCommonResultsMedian: pick('warm-common', 'results'),
				hits: `${exact.filter((q) => q.hit).length}/${exact.length}`,
			},
			readableWithoutJs: { page: typical, ok: Object.values(checks).every(Boolean), checks },
		};
	} finally {
		await browser.close();
		await new Promise((done) => server.close(done));
	}
}

// ---------------------------------------------------------------------------------------------
// Report

const targets = {
	wallS5000: 35,
	msPerEntry: 7,
	rssMb: 1536,
	perEntryGrowth: 0.15,
	userPageGzipKb: 25,
	matrixGzipKb: 200,
	coldMs: 150,
	warmMs: 60,
};

interface SizeResult {
	users: number;
	corpus: Generated['size'] & { files: number; mb: number; generateMs: number };
	build: BuildResult;
	variants: BuildResult[];
	msPerEntry: number;
	msPerItem: number;
	output?: OutputResult;
	search?: SearchResult;
}

function table(results: SizeResult[]): string {
	const rows: [string, ...string[]][] = [];
	const col = (label: string, target: string, f: (r: SizeResult) => string) => rows.push([label, ...results.map(f), target]);
	const ok = (cond: boolean | undefined) => (cond === undefined ? '' : cond ? ' ✓' : ' ✗');
	col('users / items (files)', '', (r) => `${r.users} / ${r.corpus.files}`);
	col('build wall time', `< ${targets.wallS5000} s at 5000`, (r) => `${round(r.build.wallMs / 1000, 1)} s${r.users === 5000 ? ok(r.build.wallMs / 1000 < targets.wallS5000) : ''}`);
	col('ms per entry (wall / users)', `≤ ${targets.msPerEntry}`, (r) => `${round(r.msPerEntry, 2)}${ok(r.msPerEntry <= targets.msPerEntry)}`);
	col('CPU time (user+sys)', '', (r) => (r.build.cpuUserS !== undefined ? `${round(r.build.cpuUserS + (r.build.cpuSysS ?? 0), 1)} s` : 'n/a'));
	col('peak RSS, Node build process (VmHWM)', `< ${targets.rssMb} MB`, (r) => (r.build.peakRssNodeMb !== undefined ? `${r.build.peakRssNodeMb} MB${ok(r.build.peakRssNodeMb < targets.rssMb)}` : 'n/a'));
	col('peak RSS, Pagefind indexer (VmHWM)', `< ${targets.rssMb} MB`, (r) => (r.build.peakRssPagefindMb !== undefined ? `${r.build.peakRssPagefindMb} MB${ok(r.build.peakRssPagefindMb < targets.rssMb)}` : 'n/a'));
	col('Pagefind: indexer runs; join', '', (r) => {
		const index = r.build.searchIndex;
		if (!index) return 'n/a';
		if (index.parts <= 1) return 'one run';
		return `${index.parts} parts (${Math.min(...index.partS)}-${Math.max(...index.partS)} s each); joined in ${index.joinS} s`;
	});
	col('peak RSS, largest process (GNU time)', '', (r) => (r.build.peakRssMb !== undefined ? `${r.build.peakRssMb} MB` : 'n/a'));
	col('peak RSS, process tree', '', (r) => `${r.build.peakRssTreeMb} MB`);
	col('load average before → after', '', (r) => `${r.build.loadBefore} → ${r.build.loadAfter}`);
	col('page cache before the build', '', (r) => r.build.pageCache ?? 'kept (sync only)');
	col('files deleted < 5 min before the build', 'none', (r) => r.build.recentDeletion ?? 'none');
	col('CPU probe (fixed work) before → after the build', '', (r) => (r.build.cpuProbeMs ? `${r.build.cpuProbeMs.before} → ${r.build.cpuProbeMs.after} ms` : 'n/a'));
	// Every phase that some build has, in the order builds have them.
	const phaseNames = [...new Set(results.flatMap((r) => r.build.phases.map((p) => p.name)))];
	for (const phase of phaseNames) {
		col(`  phase: ${phase} (peak RSS of tree)`, '', (r) => {
			const p = r.build.phases.find((x) => x.name === phase);
			return p ? `${round(p.ms / 1000, 1)} s${p.peakRssMb !== undefined ? ` (${p.peakRssMb} MB)` : ''}` : '–';
		});
	}
	for (const phase of phaseNames) {
		col(`  phase: ${phase}: main thread / other Node threads / Pagefind / idle`, '', (r) => {
			const cpu = r.build.phases.find((x) => x.name === phase)?.cpu;
			return cpu ? `${cpu.mainPct} % / ${cpu.otherNodeCores} / ${cpu.pagefindCores} cores / ${cpu.idlePct} %` : '–';
		});
	}
	col('dist size (files)', '', (r) => (r.output ? `${mb(r.output.distBytes)} MB (${r.output.distFiles})` : '–'));
	col('Pagefind index (files)', '', (r) => (r.output ? `${mb(r.output.pagefindBytes)} MB (${r.output.pagefindFiles})` : '–'));
	const w = (key: 'user' | 'search' | 'matrix' | 'matrixPart', target?: number) =>
		col(`${{ user: 'typical user page', search: '/search/', matrix: '/matrix/', matrixPart: 'largest /matrix/… page' }[key]}: HTML+CSS+JS raw / gzip`, target ? `≤ ${target} KB gzip` : '', (r) => {
			const x = r.output?.weights[key];
			return x ? `${kb(x.totalRaw)} / ${kb(x.totalGzip)} KB${target ? ok(x.totalGzip / 1024 <= target) : ''}` : '–';
		});
	w('user', targets.userPageGzipKb);
	col('  of which JS raw / gzip', 'none required', (r) => (r.output ? `${kb(r.output.weights.user.jsRaw)} / ${kb(r.output.weights.user.jsGzip)} KB` : '–'));
	col('  readable with JS off', 'yes', (r) => (r.search ? (r.search.readableWithoutJs.ok ? 'yes ✓' : `no ✗ ${JSON.stringify(r.search.readableWithoutJs.checks)}`) : '–'));
	col('user pages: HTML gzip median / p95 / max', 'independent of N', (r) =>
		r.output ? `${kb(r.output.userPages.htmlGzipMedian)} / ${kb(r.output.userPages.htmlGzipP95)} / ${kb(r.output.userPages.htmlGzipMax)} KB` : '–',
	);
	col('user pages: links to users, median / max', '', (r) => (r.output ? `${r.output.userPages.userLinksMedian} / ${r.output.userPages.userLinksMax}` : '–'));
	w('search');
	w('matrix', targets.matrixGzipKb);
	if (results.some((r) => r.output?.weights.matrixPart)) w('matrixPart', targets.matrixGzipKb);
	col('largest HTML pages: raw / gzip', '', (r) =>
		r.output ? r.output.largestPages.slice(0, 3).map((p) => `${p.page} ${kb(p.bytes)} / ${kb(p.gzip)} KB`).join('; ') : '–',
	);
	col('pages linking to ≥90% of users', 'indexes only, paginated or grouped', (r) => {
		if (!r.output) return '–';
		const list = r.output.pagesListingEveryUser;
		const entries = list.filter((p) => /^\/users\/[^/]+\/$/.test(p.page));
		const others = list.filter((p) => !entries.includes(p)).map((p) => `${p.page} (${kb(p.bytes)} KB)`);
		if (entries.length > 0) others.push(`${entries.length} user entry pages`);
		return others.join(', ') || 'none';
	});
	const sr = (r: SizeResult, f: (s: SearchResult['summary']) => string) => (r.search ? f(r.search.summary) : '–');
	col('search: Pagefind init on /search/ (ms, bytes)', '', (r) => sr(r, (s) => `${s.initMsMedian} ms, ${kb(s.initBytesMedian)} KB`));
	col('search cold: keystroke → first result, median (range)', `≤ ${targets.coldMs} ms`, (r) => sr(r, (s) => `${s.coldMsMedian} ms (${s.coldMsRange})${ok(s.coldMsMedian <= targets.coldMs)}`));
	col('search cold: keystroke → "N results."', '', (r) => sr(r, (s) => `${s.coldCompleteMsMedian} ms`));
	col('search cold: bytes (requests) per query', '', (r) => sr(r, (s) => `${kb(s.coldBytesMedian)} KB (${s.coldRequestsMedian})`));
	col('search warm: keystroke → first result, median (range)', `≤ ${targets.warmMs} ms`, (r) => sr(r, (s) => `${s.warmMsMedian} ms (${s.warmMsRange})${ok(s.warmMsMedian <= targets.warmMs)}`));
	col('search warm: keystroke → "N results."', '', (r) => sr(r, (s) => `${s.warmCompleteMsMedian} ms`));
	col('search warm: bytes per query', '', (r) => sr(r, (s) => `${kb(s.warmBytesMedian)} KB`));
	col('search typed out, cold: last key / first key → first result', '', (r) => sr(r, (s) => `${s.coldTypedMsMedian} / ${s.coldTypedFromFirstKeyMsMedian} ms`));
	col('search typed out, warm: last key / first key → first result', '', (r) => sr(r, (s) => `${s.warmTypedMsMedian} / ${s.warmTypedFromFirstKeyMsMedian} ms`));
	col('search warm, common word: → first result / → "N results." (N)', '', (r) => sr(r, (s) => `${s.warmCommonMsMedian} / ${s.warmCommonCompleteMsMedian} ms (${s.warmCommonResultsMedian})`));
	col('search: intended entry ranked first', '', (r) => sr(r, (s) => s.hits));
	col('Pagefind alone, warm: search() + first data() (common word search())', '', (r) =>
		sr(r, (s) => `${s.engineSearchMsMedian} + ${s.engineFirstDataMsMedian} ms (${s.engineCommonSearchMsMedian} ms)`),
	);
	for (const r of results) {
		for (const v of r.variants) col(`variant ${v.variant} @${r.users}: wall`, '', (x) => (x === r ? `${round(v.wallMs / 1000, 1)} s` : ''));
	}
	const header = `| metric | ${results.map((r) => `${r.users} users`).join(' | ')} | target |`;
	const sep = `| --- | ${results.map(() => '---').join(' | ')} | --- |`;
	return [header, sep, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function growth(results: SizeResult[]): string[] {
	const notes: string[] = [];
	const a = results.find((r) => r.users === 1000) ?? results[0];
	const b = results.find((r) => r.users === 5000) ?? results[results.length - 1];
	if (!a || !b || a === b) return notes;
	const ratio = b.msPerEntry / a.msPerEntry;
	const marginal = (b.build.wallMs - a.build.wallMs) / (b.users - a.users);
	notes.push(
		`Cost per entry, ${b.users} vs ${a.users}: ${round(b.msPerEntry, 2)} / ${round(a.msPerEntry, 2)} ms = ×${round(ratio, 2)} ` +
			// The target is that the cost per entry does not grow; a cost that falls with N meets it.
			`(target: grows by at most ${targets.perEntryGrowth * 100}%: ${ratio <= 1 + targets.perEntryGrowth ? (ratio < 1 - targets.perEntryGrowth ? 'met, it falls' : 'met') : 'missed'}); ` +
			`marginal cost ${round(marginal, 2)} ms per added entry.`,
	);
	if (a.output && b.output) {
		notes.push(
			`Typical user page gzip (HTML+CSS+JS), ${b.users} vs ${a.users}: ${kb(b.output.weights.user.totalGzip)} / ${kb(a.output.weights.user.totalGzip)} KB = ×${round(b.output.weights.user.totalGzip / a.output.weights.user.totalGzip, 2)}.`,
		);
	}
	return notes;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			sizes: { type: 'string', default: '1000,5000' },
			out: { type: 'string' },
			seed: { type: 'string', default: '1' },
			profile: { type: 'boolean', default: false },
			variants: { type: 'string', default: 'no-pagefind' },
			'skip-build': { type: 'boolean', default: false },
			'no-search': { type: 'boolean', default: false },
			'cpu-prof': { type: 'boolean', default: false },
			'keep-page-cache': { type: 'boolean', default: false },
			cold: { type: 'string', default: '5' },
			'type-delay': { type: 'string', default: '0' },
			warm: { type: 'string', default: '3' },
		},
	});
	const sizes = values.sizes.split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
	mkdirSync(benchOut, { recursive: true });
	// One run at a time: runs share bench/out/root/, the corpora and the dist folders.
	const lock = join(benchOut, 'bench.lock');
	if (existsSync(lock)) {
		const pid = Number(readFileSync(lock, 'utf8'));
		let alive = false;
		try {
			process.kill(pid, 0);
			alive = true;
		} catch {
			// stale lock
		}
		if (alive && pid !== process.pid) {
			console.error(`another benchmark (pid ${pid}) is running and uses bench/out/; wait for it or remove ${relative(project, lock)}`);
			process.exit(2);
		}
	}
	writeFileSync(lock, String(process.pid));
	process.on('exit', () => rmSync(lock, { force: true }));
	const root = join(benchOut, 'root');
	const srcHash = values['skip-build'] && existsSync(root) ? 'unchanged (--skip-build)' : prepareRoot(root);
	const started = new Date();
	const results: SizeResult[] = [];
	for (const users of sizes) {
		console.log(`\n== ${users} users`);
		const corpusDir = join(benchOut, `corpus-${users}`);
		const dist = join(benchOut, `dist-${users}`);
		const t0 = performance.now();
		const generated = generate({ users, out: corpusDir, seed: Number(values.seed), realContent: join(project, 'content') });
		const generateMs = round(performance.now() - t0, 0);
		console.log(`generated ${generated.files} files (${mb(generated.bytes)} MB) in ${generateMs} ms`);
		let buildResult: BuildResult;
		const variants: BuildResult[] = [];
		const resultFile = join(benchOut, `build-${users}.json`);
		if (values['skip-build'] && existsSync(join(dist, 'index.html')) && existsSync(resultFile)) {
			buildResult = JSON.parse(readFileSync(resultFile, 'utf8')) as BuildResult;
			console.log(`reusing build of ${relative(project, dist)}`);
		} else {
			if (values.profile) {
				for (const variant of values.variants.split(',').map((v) => v.trim()).filter(Boolean)) {
					console.log(`building variant ${variant} …`);
					const v = await build({ root, corpus: corpusDir, dist: join(benchOut, `dist-${users}-${variant}`), variant, logFile: join(benchOut, `build-${users}-${variant}.log`), srcHash, keepPageCache: values['keep-page-cache'] });
					console.log(`  ${variant}: ${round(v.wallMs / 1000, 1)} s, exit ${v.exitCode}`);
					variants.push(v);
					moveToTrash(join(benchOut, `dist-${users}-${variant}`), benchOut);
				}
			}
			console.log(`building ${relative(project, dist)} …`);
			buildResult = await build({ root, corpus: corpusDir, dist, variant: 'full', logFile: join(benchOut, `build-${users}.log`), srcHash, cpuProf: values['cpu-prof'], keepPageCache: values['keep-page-cache'] });
			writeFileSync(resultFile, JSON.stringify(buildResult, null, '\t'));
			console.log(`  wall ${round(buildResult.wallMs / 1000, 1)} s, exit ${buildResult.exitCode}, peak RSS ${buildResult.peakRssMb ?? '?'} MB (tree ${buildResult.peakRssTreeMb} MB)`);
		}
		const entry: SizeResult = {
			users,
			corpus: { ...generated.size, files: generated.files, mb: mb(generated.bytes), generateMs },
			build: buildResult,
			variants,
			msPerEntry: buildResult.wallMs / users,
			msPerItem: buildResult.wallMs / generated.files,
		};
		if (buildResult.exitCode === 0) {
			console.log('measuring output …');
			entry.output = measureOutput(dist, users);
			if (!values['no-search']) {
				console.log('measuring search …');
				entry.search = await measureSearch(dist, generated, entry.output.typicalUser, { cold: Number(values.cold), warm: Number(values.warm), typeDelay: Number(values['type-delay']) });
			}
		} else {
			console.log(`build failed; see ${buildResult.log}`);
		}
		results.push(entry);
	}
	const report = {
		date: started.toISOString(),
		command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
		machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGb: round(totalmem() / 1024 ** 3, 1), node: process.version },
		srcHash: [...new Set(results.map((r) => r.build.srcHash ?? srcHash))].join(', '),
		targets,
		results,
	};
	const profiles = results
		.filter((r) => r.build.profile)
		.map((r) => {
			const p = r.build.profile!;
			const rows = p.categories.filter((c) => c.share >= 0.5).map((c) => `| ${c.name} | ${round(c.ms / 1000, 1)} s | ${c.share}% |`);
			const fns = p.topFunctions.slice(0, 12).map((f) => `| ${f.name.replace(/\|/g, '\\|')} | ${f.ms} ms |`);
			const phaseRows = (p.phases ?? []).map(
				(ph) => `| ${ph.name} | ${round(ph.ms / 1000, 1)} s | ${ph.categories.filter((c) => c.share >= 5).map((c) => `${c.name} ${c.share}%`).join('; ')} |`,
			);
			return (
				`Main-thread CPU profile of the ${r.users}-user build (${round(p.totalMs / 1000, 1)} s sampled, ${p.file}):\n\n| category | self time | share |\n| --- | --- | --- |\n${rows.join('\n')}\n\n` +
				(phaseRows.length ? `| phase | sampled | main categories (≥ 5%) |\n| --- | --- | --- |\n${phaseRows.join('\n')}\n\n` : '') +
				`| hottest functions (self) | time |\n| --- | --- |\n${fns.join('\n')}\n`
			);
		});
	const md = `${table(results)}\n\n${growth(results).join('\n')}\n${profiles.length ? `\n${profiles.join('\n')}` : ''}`;
	console.log(`\n${md}`);
	writeFileSync(join(benchOut, 'results.json'), JSON.stringify(report, null, '\t'));
	writeFileSync(join(benchOut, 'results.md'), md);
	if (values.out) {
		mkdirSync(dirname(resolve(values.out)), { recursive: true });
		writeFileSync(resolve(values.out), JSON.stringify(report, null, '\t'));
	}
	console.log(`wrote bench/out/results.json, bench/out/results.md${values.out ? ` and ${values.out}` : ''}`);
	// Everything is measured: the replaced output may go now if there is a lot of it (bench:ab
	// decides after its last round).
	if (!process.env['UABI_KB_BENCH_KEEP_TRASH']) {
		const said = trashReport(emptyTrashIfFull(benchOut));
		if (said) console.log(said);
	}
}

if (import.meta.main) await main();
