/**
 * `npm run bench:ab -- --against=<commit>`: builds the synthetic corpus with another commit and
 * with this tree in alternating runs, the other commit first in odd rounds and this tree first
 * in even ones (other, this, this, other, other, this, …), so that the machine's drift during the
 * comparison affects both alike (with the other commit always first, a machine that slowed from
 * round to round, as this one once did by 4 s a round, put most of that on this tree's side), and
 * prints each round's wall times, the medians and the median of the per-round differences.
 * Single builds on a shared machine vary by several seconds (README, Performance): one build of
 * each is not a comparison.
 *
 *   npm run bench:ab -- --against=8c234cc                 three rounds at 5,000 users
 *   npm run bench:ab -- --against=HEAD~2 --rounds=5 --sizes=1000
 *
 * The other commit is checked out as a git worktree in bench/out/ab/<commit>/, sharing this
 * tree's node_modules (refused when package-lock.json differs: the builds would not use the
 * dependencies that commit names), and measured by its own scripts/bench/run.ts. The raw
 * results of both sides stay in bench/out/ab/; the summary is also written as JSON.
 *
 * Before each run, both sides' last output and corpus are moved into bench/out/trash/ (emptied,
 * if it has grown large, only after the last round), so that neither side deletes thousands of
 * files just before its build (scripts/bench/trash.ts); a commit whose run.ts still deletes them
 * finds nothing to delete.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './run.ts';
import { emptyTrashIfFull, lastEmptied, moveToTrash, recentDeletionNote, trashReport } from './trash.ts';

const project = resolve(import.meta.dirname, '../..');
const benchOut = join(project, 'bench', 'out');

export interface Run {
	wallMs: number;
	phases: { name: string; ms: number }[];
	/** What the benchmark did to the page cache before the build (absent before it said so). */
	pageCache?: string;
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
/** A difference in seconds with its sign: +1.2, -0.4, 0.0. */
const signed = (ms: number) => {
	const tenths = Math.round(ms / 100);
	return tenths === 0 ? '0.0' : `${tenths > 0 ? '+' : '-'}${(Math.abs(tenths) / 10).toFixed(1)}`;
};

/** Medians of both sides, the median per-round difference (this − other), per phase too. */
export function summarize(other: readonly Run[], current: readonly Run[]) {
	if (other.length === 0 || other.length !== current.length) throw new Error(`ab: ${other.length} and ${current.length} runs; rounds must pair up`);
	const differences = current.map((run, round) => run.wallMs - other[round]!.wallMs);
	const phaseNames = [...new Set([...other, ...current].flatMap((run) => run.phases.map((phase) => phase.name)))];
	const phaseMs = (runs: readonly Run[], name: string) => median(runs.map((run) => run.phases.find((phase) => phase.name === name)?.ms ?? 0));
	return {
		other: median(other.map((run) => run.wallMs)),
		current: median(current.map((run) => run.wallMs)),
		difference: median(differences),
		faster: differences.filter((d) => d < 0).length,
		phases: phaseNames.map((name) => ({ name, other: phaseMs(other, name), current: phaseMs(current, name) })),
	};
}

/**
 * A warning when the two sides did not treat the page cache alike (a commit from before the
 * benchmark dropped it only wrote dirty pages out): their builds did not start from the same state.
 */
export function pageCaches(other: readonly Run[], current: readonly Run[]): string | undefined {
	const said = (runs: readonly Run[]) => [...new Set(runs.map((run) => run.pageCache ?? 'kept (sync only)'))].join(', ');
	const [a, b] = [said(other), said(current)];
	return a === b ? undefined : `warning: the page cache was ${a} before the other commit's builds and ${b} before this tree's; the two sides did not start from the same state`;
}

/** Which side builds first in a round (1-based): the other commit in odd rounds, this tree in even ones. */
export function buildOrder(round: number): ['other', 'current'] | ['current', 'other'] {
	return round % 2 === 1 ? ['other', 'current'] : ['current', 'other'];
}

/** The Markdown report of one size. */
export function report(label: { other: string; current: string }, users: number, other: readonly Run[], current: readonly Run[]): string {
	const s = summarize(other, current);
	const rows = other.map((run, round) => `| ${round + 1} | ${seconds(run.wallMs)} s | ${seconds(current[round]!.wallMs)} s | ${signed(current[round]!.wallMs - run.wallMs)} s |`);
	const phases = s.phases.map((phase) => `| ${phase.name} | ${seconds(phase.other)} s | ${seconds(phase.current)} s |`);
	return [
		`${users} users, ${other.length} alternating rounds (${label.other} built first in odd rounds, ${label.current} in even ones):`,
		'',
		`| round | ${label.other} | ${label.current} | difference |`,
		'| --- | --- | --- | --- |',
		...rows,
		`| median | ${seconds(s.other)} s | ${seconds(s.current)} s | ${signed(s.difference)} s (${label.current} faster in ${s.faster} of ${other.length}) |`,
		'',
		`| phase (median) | ${label.other} | ${label.current} |`,
		'| --- | --- | --- |',
		...phases,
	].join('\n');
}

function git(args: string[], cwd = project): string {
	const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${(result.stderr || result.stdout).trim()}`);
	return result.stdout.trim();
}

/** A worktree of `commit` that runs with this tree's node_modules. */
function worktree(commit: string): string {
	const dir = join(project, 'bench', 'out', 'ab', commit.slice(0, 12));
	if (!existsSync(dir)) {
		mkdirSync(join(dir, '..'), { recursive: true });
		git(['worktree', 'add', '--detach', dir, commit]);
	} else if (git(['rev-parse', 'HEAD'], dir) !== commit) {
		throw new Error(`ab: ${relative(project, dir)} is not at ${commit}; remove it with git worktree remove --force ${relative(project, dir)}`);
	}
	const lock = git(['show', `${commit}:package-lock.json`]);
	if (lock !== readFileSync(join(project, 'package-lock.json'), 'utf8').trim()) {
		throw new Error(`ab: ${commit.slice(0, 12)} has another package-lock.json than this tree; its builds would not use its own dependencies`);
	}
	if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(project, 'node_modules'), join(dir, 'node_modules'));
	return dir;
}

/** One benchmark run in `cwd`: the 5,000-user (or given sizes) builds, without the search part. */
function bench(cwd: string, sizes: string, out: string): Map<number, Run> {
	for (const size of sizes.split(',')) {
		for (const folder of [`dist-${size.trim()}`, `corpus-${size.trim()}`]) moveToTrash(join(cwd, 'bench', 'out', folder), benchOut);
	}
	const env = { ...process.env, UABI_KB_BENCH_KEEP_TRASH: '1' };
	const result = spawnSync(process.execPath, ['scripts/bench/run.ts', `--sizes=${sizes}`, '--no-search', `--out=${out}`], { cwd, encoding: 'utf8', env });
	if (result.status !== 0) throw new Error(`ab: the benchmark in ${relative(project, cwd) || '.'} failed:\n${(result.stdout + result.stderr).trim().slice(-2000)}`);
	const json = JSON.parse(readFileSync(out, 'utf8')) as { results: { users: number; build: Run & { exitCode: number } }[] };
	const runs = new Map<number, Run>();
	for (const { users, build } of json.results) {
		if (build.exitCode !== 0) throw new Error(`ab: the ${users}-user build in ${relative(project, cwd) || '.'} failed (${out})`);
		runs.set(users, { wallMs: build.wallMs, phases: build.phases, ...(build.pageCache ? { pageCache: build.pageCache } : {}) });
	}
	return runs;
}

if (import.meta.main) {
	const { values } = parseArgs({
		options: { against: { type: 'string' }, rounds: { type: 'string', default: '3' }, sizes: { type: 'string', default: '5000' } },
	});
	const rounds = Number(values.rounds);
	if (!values.against || !Number.isInteger(rounds) || rounds < 1) {
		console.error('usage: npm run bench:ab -- --against=<commit> [--rounds=3] [--sizes=5000]');
		process.exit(2);
	}
	try {
		const commit = git(['rev-parse', '--verify', `${values.against}^{commit}`]);
		const other = worktree(commit);
		const out = join(project, 'bench', 'out', 'ab');
		const label = { other: commit.slice(0, 12), current: `this tree (${git(['rev-parse', '--short=12', 'HEAD'])}${git(['status', '--porcelain', '--untracked-files=no']) ? ', modified' : ''})` };
		const runs: { other: Map<number, Run>[]; current: Map<number, Run>[] } = { other: [], current: [] };
		const recent = lastEmptied(benchOut);
		if (recent) console.log(`note: ${recentDeletionNote(recent)}; the first round may be slower`);
		for (let round = 1; round <= rounds; round++) {
			for (const side of buildOrder(round)) {
				console.log(`round ${round} of ${rounds}: ${side === 'other' ? label.other : 'this tree'} …`);
				runs[side].push(side === 'other' ? bench(other, values.sizes, join(out, `${label.other}-${round}.json`)) : bench(project, values.sizes, join(out, `this-${round}.json`)));
			}
		}
		const sizes = [...runs.current[0]!.keys()];
		const pick = (side: Map<number, Run>[], users: number) => side.map((r) => r.get(users)!);
		const reports = sizes.map((users) => report(label, users, pick(runs.other, users), pick(runs.current, users)));
		console.log(`\n${reports.join('\n\n')}`);
		const caches = pageCaches(runs.other.flatMap((r) => [...r.values()]), runs.current.flatMap((r) => [...r.values()]));
		if (caches) console.log(`\n${caches}`);
		const summary = sizes.map((users) => ({ users, medians: summarize(pick(runs.other, users), pick(runs.current, users)), runs: { other: pick(runs.other, users), current: pick(runs.current, users) } }));
		writeFileSync(join(out, `ab-${label.other}.json`), JSON.stringify({ date: new Date().toISOString(), against: commit, label, summary }, null, '\t'));
		console.log(`\nwrote ${relative(project, join(out, `ab-${label.other}.json`))}`);
		const said = trashReport(emptyTrashIfFull(benchOut));
		if (said) console.log(said);
	} catch (error) {
		console.error(error instanceof Error ? error.message : String(error));
		process.exit(1);
	}
}
