import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { buildOrder, pageCaches, report, summarize, type Run } from '../../scripts/bench/ab.ts';
import { dropPageCache } from '../../scripts/bench/run.ts';

const run = (wallS: number, renderS: number): Run => ({ wallMs: wallS * 1000, phases: [{ name: 'render pages', ms: renderS * 1000 }] });

test('alternating runs are summarised by medians and the median of per-round differences', () => {
	const other = [run(63.5, 21.8), run(53.7, 16.8), run(62.2, 21.9)];
	const current = [run(57.5, 19.5), run(57.1, 18.4), run(57.2, 18.5)];
	const s = summarize(other, current);
	expect(s.other).toBe(62_200);
	expect(s.current).toBe(57_200);
	// Per round: -6.0, +3.4, -5.0 s; the median difference is not the difference of the medians.
	expect(s.difference).toBeCloseTo(-5_000, 6);
	expect(s.faster).toBe(2);
	expect(s.phases).toEqual([{ name: 'render pages', other: 21_800, current: 18_500 }]);
});

test('the report lists every round and names both sides', () => {
	const text = report({ other: '8c234cc', current: 'this tree (437898f)' }, 5000, [run(60, 20), run(58, 19)], [run(55, 18), run(59, 19)]);
	expect(text).toContain('5000 users, 2 alternating rounds (8c234cc built first in odd rounds, this tree (437898f) in even ones):');
	expect(text).toContain('| 1 | 60.0 s | 55.0 s | -5.0 s |');
	expect(text).toContain('| 2 | 58.0 s | 59.0 s | +1.0 s |');
	expect(text).toContain('| median | 59.0 s | 57.0 s | -2.0 s (this tree (437898f) faster in 1 of 2) |');
	expect(text).toContain('| render pages | 19.5 s | 18.5 s |');
});

test('rounds that do not pair up are refused', () => {
	expect(() => summarize([run(1, 1)], [])).toThrow('rounds must pair up');
	expect(() => summarize([], [])).toThrow('rounds must pair up');
});

test('differences below a twentieth of a second read as 0.0, not -0.0', () => {
	expect(report({ other: 'a', current: 'b' }, 200, [run(5.32, 1)], [run(5.3, 1)])).toContain('| 1 | 5.3 s | 5.3 s | 0.0 s |');
});

test('a comparison says when the two sides did not treat the page cache alike', () => {
	const dropped = { ...run(40, 20), pageCache: 'dropped' };
	expect(pageCaches([dropped, dropped], [dropped, dropped])).toBeUndefined();
	// A commit from before the benchmark dropped the cache wrote no pageCache field.
	expect(pageCaches([run(45, 20)], [dropped])).toBe(
		"warning: the page cache was kept (sync only) before the other commit's builds and dropped before this tree's; the two sides did not start from the same state",
	);
	expect(pageCaches([dropped], [{ ...dropped, pageCache: 'kept (--keep-page-cache)' }])).toContain('dropped before the other commit');
});

test('the page cache is dropped through the kernel control file, or kept with the reason', () => {
	const dir = mkdtempSync(join(tmpdir(), 'uabi-kb-drop-'));
	try {
		const control = join(dir, 'drop_caches');
		writeFileSync(control, '');
		expect(dropPageCache(control)).toBe('dropped');
		expect(readFileSync(control, 'utf8')).toBe('3');
		expect(dropPageCache(join(dir, 'missing', 'drop_caches'))).toBe(`kept (ENOENT: ${join(dir, 'missing', 'drop_caches')} is not writable)`);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('each side builds first in every other round, so that a drifting machine weighs on both alike', () => {
	expect([1, 2, 3, 4].map(buildOrder)).toEqual([
		['other', 'current'],
		['current', 'other'],
		['other', 'current'],
		['current', 'other'],
	]);
});
