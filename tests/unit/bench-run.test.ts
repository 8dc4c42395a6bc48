import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { cpuProbe, cpuSampler, phaseCpu, phasesFound, type CpuSample } from '../../scripts/bench/run.ts';

const proc = mkdtempSync(join(tmpdir(), 'uabi-kb-proc-'));
afterAll(() => rmSync(proc, { recursive: true, force: true }));

/** A /proc/<pid>/stat line with the given user and system ticks (fields 14 and 15); the name holds a space and a parenthesis. */
const stat = (utime: number, stime: number) => `42 (odd (name)) S ${Array.from({ length: 10 }, (_, i) => i + 1).join(' ')} ${utime} ${stime} 0 0 20 0 1`;
const write = (file: string, text: string) => {
	mkdirSync(join(proc, file, '..'), { recursive: true });
	writeFileSync(join(proc, file), text);
};

test('samples split the Node process into its main thread and the rest, and keep an ended process', () => {
	write('stat', 'cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3\n');
	write('10/stat', stat(300, 100));
	write('10/task/10/stat', stat(150, 50));
	write('11/stat', stat(90, 10));
	const sample = cpuSampler(proc);
	const processes = [
		{ pid: 9, name: 'time' },
		{ pid: 10, name: 'node' },
		{ pid: 11, name: 'pagefind_extend' },
	];
	expect(sample(100, processes)).toEqual({ t: 100, main: 200, nodeOther: 200, pagefind: 100, idle: 850, total: 1000 });
	rmSync(join(proc, '11'), { recursive: true });
	write('10/stat', stat(400, 100));
	// Pagefind has exited: its 100 ticks still count; the main thread did not move.
	expect(sample(200, processes)).toMatchObject({ main: 200, nodeOther: 300, pagefind: 100 });
});

test('each phase gets the main thread share, other threads and Pagefind in cores, and idle share', () => {
	const at = (t: number, main: number, nodeOther: number, pagefind: number, idle: number, total: number): CpuSample => ({ t, main, nodeOther, pagefind, idle, total });
	const samples = [at(0, 0, 0, 0, 0, 0), at(1000, 50, 150, 0, 0, 200), at(2000, 150, 150, 0, 100, 400), at(3000, 200, 160, 180, 110, 600), at(3500, 210, 160, 230, 120, 700)];
	const [first, second, third] = phaseCpu(samples, [{ ms: 1500 }, { ms: 1200 }, { ms: 300 }]);
	// First phase: samples at 0 and 1000 ms (100 ticks of one core).
	expect(first).toEqual({ mainPct: 50, otherNodeCores: 1.5, pagefindCores: 0, idlePct: 0 });
	// Second phase: only the sample at 2000 ms falls in 1500-2700 ms: not enough to say.
	expect(second).toBeUndefined();
	// Third phase: 2700-3000 ms holds one sample too.
	expect(third).toBeUndefined();
	const [whole] = phaseCpu(samples, [{ ms: 4000 }]);
	expect(whole).toEqual({ mainPct: 60, otherNodeCores: 0.46, pagefindCores: 0.66, idlePct: 17 });
});

test('rendering splits at Pagefind’s start and at its having read the pages, or stays one phase without them', () => {
	const early = ['config+validate', 'content sync', 'render item pages', 'Pagefind reads item pages', 'render other pages', 'postbuild (Pagefind)', 'exit'];
	expect(phasesFound(early)).toEqual(early);
	// A variant without Pagefind (or a build whose indexer started late) says neither.
	expect(phasesFound(['config+validate', 'content sync', 'render other pages', 'exit'])).toEqual(['config+validate', 'content sync', 'render pages', 'exit']);
});

test('the CPU probe runs its work as many rounds as asked and keeps the fastest', () => {
	// A clock that advances 30, 10 and 20 ms over the three rounds of work.
	const ticks = [0, 30, 100, 110, 200, 220];
	let calls = 0;
	const ms = cpuProbe({ rounds: 3, work: () => calls++, now: () => ticks.shift()! });
	expect(calls).toBe(3);
	expect(ms).toBe(10);
	expect(ticks).toEqual([]);
	// The real work, once: a positive duration.
	expect(cpuProbe({ rounds: 1 })).toBeGreaterThan(0);
});
