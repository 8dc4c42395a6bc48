/**
 * The two overlaps of a cold build stay in place: bodies are rendered while the content is
 * validated (src/integrations/validate.ts), and Pagefind starts while the pages other than
 * item pages are rendered (src/integrations/pagefind.ts). The server bundle reads the content
 * store instead of inlining it (src/integrations/content-store.ts). Each can silently stop
 * working, for example after an Astro upgrade, without changing the output; the build log says
 * which ran.
 */
import { expect, test } from 'vitest';
import { join } from 'node:path';
import { phaseMarks, searchIndexBuild } from '../../scripts/bench/run.ts';
import { ownFixtureContent } from '../helpers/own-build.ts';

test('a cold build renders bodies while validating, indexes while rendering, and reads the store unbundled', { timeout: 120_000 }, () => {
	const own = ownFixtureContent('early');
	try {
		const { status, log } = own.build(join(own.work, 'dist'));
		expect(status, log).toBe(0);
		expect(log).toMatch(/\[uabi-kb:validate\] content OK: \d+ items; rendering bodies while loading/);
		expect(log).toMatch(/\[uabi-kb:pagefind\] Pagefind starts on the \d+ item pages; the other pages wait until it has read them/);
		expect(log).toMatch(/\[uabi-kb:pagefind\] the other pages render now: Pagefind has read the item pages/);
		expect(log).toMatch(/\[uabi-kb:pagefind\] indexed \d+ pages \(started while the other pages rendered\)/);
		expect(log).toMatch(/\[uabi-kb:content-store\] the server bundle reads the content store from \S+data-store\.json instead of inlining \d+ characters/);
		expect(searchIndexBuild(log)).toEqual({ parts: 1, partS: [] });
		// The benchmark splits the build into phases at these lines.
		expect(phaseMarks.filter(([, pattern]) => log.split('\n').some((line) => pattern.test(line))).map(([name]) => name)).toEqual(phaseMarks.map(([name]) => name));
	} finally {
		own.remove();
	}
});

test('a cold build with more item pages than a part holds indexes them in parts as they are written, and joins the parts', { timeout: 120_000 }, () => {
	const own = ownFixtureContent('parts');
	try {
		const { status, log } = own.build(join(own.work, 'dist'), { UABI_KB_PAGEFIND_PART_PAGES: '4' });
		expect(status, log).toBe(0);
		const parts = Number(/Pagefind starts on the first part of the \d+ item pages \((\d+) parts\)/.exec(log)?.[1]);
		expect(parts, log).toBeGreaterThan(2);
		expect(log).toMatch(/\[uabi-kb:pagefind\] the other pages render now: the item pages are written, and Pagefind indexes them in parts meanwhile/);
		for (let k = 1; k <= parts; k++) expect(log).toMatch(new RegExp(`\\[uabi-kb:pagefind\\] Pagefind indexed part ${k} of ${parts} \\(\\d+ item pages`));
		expect(log).toMatch(new RegExp(`\\[uabi-kb:pagefind\\] joined the ${parts} parts in [\\d.]+ s: \\d+ pages`));
		expect(log).toMatch(new RegExp(`\\[uabi-kb:pagefind\\] indexed \\d+ pages \\(in ${parts} parts, joined; started while the other pages rendered\\)`));
		// The benchmark reads the runs and the join from these lines.
		const index = searchIndexBuild(log);
		expect(index.parts).toBe(parts);
		expect(index.partS).toHaveLength(parts);
		expect(index.joinS).toBeGreaterThanOrEqual(0);
		// The benchmark's phases in this mode: no line says Pagefind has read the pages.
		const found = phaseMarks.filter(([, pattern]) => log.split('\n').some((line) => pattern.test(line))).map(([name]) => name);
		expect(found).toEqual(phaseMarks.map(([name]) => name).filter((name) => name !== 'Pagefind reads item pages'));
	} finally {
		own.remove();
	}
});
