/**
 * The built sites' search indexes, checked against the other way of building them: dist/ (the
 * real content, indexed in one run, as its item pages fit one part) indexed again in parts and
 * joined must describe alike, and dist-fixture/ (indexed in parts by its build, see the
 * build:fixture script) indexed again in one run must too. Run after `npm run build` and
 * `npm run build:fixture`.
 */
import { afterAll, expect, test } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexItemPages, listItemPages, pagefindArgs, partCount, runPagefind } from '../../src/integrations/pagefind.ts';
import { routeOf } from '../../src/lib/routes.ts';
import { describeBundle } from '../helpers/pagefind-bundle.ts';

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'uabi-kb-built-parts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of a built site's item folders (the indexer writes its bundle next to them). */
function copyOfItems(dist: string, name: string): string {
	const copy = join(work, name);
	for (const folder of Object.values(routeOf)) {
		if (existsSync(join(dist, folder))) cpSync(join(dist, folder), join(copy, folder), { recursive: true });
	}
	return copy;
}

test('dist/: the index of one run equals the same pages indexed in three parts and joined', async () => {
	const dist = join(root, 'dist');
	expect(existsSync(join(dist, 'pagefind', 'pagefind-entry.json')), 'run `npm run build` first').toBe(true);
	const copy = copyOfItems(dist, 'site');
	const pages = await listItemPages(copy);
	expect(pages.length).toBeGreaterThan(100);
	const pagesPerPart = Math.ceil(pages.length / 3);
	const output = await indexItemPages(copy, pages, { pagesPerPart });
	expect(output).toContain(`Joined ${partCount(pages.length, pagesPerPart)} parts: ${pages.length} pages`);
	expect(await describeBundle(join(copy, 'pagefind'))).toEqual(await describeBundle(join(dist, 'pagefind')));
});

test('dist-fixture/: its build joined parts, and one run over its pages gives the same index', async () => {
	const dist = join(root, 'dist-fixture');
	expect(existsSync(join(dist, 'pagefind', 'pagefind-entry.json')), 'run `npm run build:fixture` first').toBe(true);
	const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['build:fixture'];
	const perPart = Number(/UABI_KB_PAGEFIND_PART_PAGES=(\d+)/.exec(script ?? '')?.[1]);
	const copy = copyOfItems(dist, 'fixture');
	const pages = await listItemPages(copy);
	// The fixture build is what the browser tests search: it must have been cut into parts.
	expect(partCount(pages.length, perPart)).toBeGreaterThan(1);
	await runPagefind(pagefindArgs(copy));
	expect(await describeBundle(join(dist, 'pagefind'))).toEqual(await describeBundle(join(copy, 'pagefind')));
});
