/**
 * axe-core (WCAG 2.0–2.2 A/AA and best practices) on every URL of the sitemap, in light and
 * dark colour schemes, and on /search/ with results and facets showing: zero violations.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const sitemap = readFileSync(join(import.meta.dirname, '..', '..', '..', 'dist', 'sitemap.xml'), 'utf8');
const paths = [...sitemap.matchAll(/<loc>https?:\/\/[^/]+(\/[^<]*)<\/loc>/g)].map((m) => m[1]!);

// axe is injected through the DevTools protocol; the page's CSP is checked in security.spec.ts.
test.use({ bypassCSP: true });

async function violations(page: Page): Promise<string[]> {
	await page.evaluate(axeSource);
	const result = await page.evaluate(async (runTags) => {
		const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
		return axe.run(document, { runOnly: { type: 'tag', values: runTags }, resultTypes: ['violations'] });
	}, tags);
	return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

/** Sitemap paths grouped by their first segment, one test per group and colour scheme. */
const groups = new Map<string, string[]>();
for (const path of paths) {
	const key = path.split('/')[1] || 'home';
	groups.set(key, [...(groups.get(key) ?? []), path]);
}

for (const scheme of ['light', 'dark'] as const) {
	test.describe(`${scheme} scheme`, () => {
		test.use({ colorScheme: scheme });
		for (const [group, list] of groups) {
			test(`axe: ${group} (${list.length} pages)`, async ({ page }) => {
				test.setTimeout(30_000 + list.length * 2_000);
				const found: string[] = [];
				for (const path of list) {
					await page.goto(path);
					found.push(...(await violations(page)).map((v) => `${path}: ${v}`));
				}
				expect(found).toEqual([]);
			});
		}
		test('axe: /search/ with results and facets', async ({ page }) => {
			await page.goto('/search/?q=pfn&kind=user');
			await expect(page.locator('#search-status')).toHaveText(/result/);
			await expect(page.locator('fieldset[data-facet="subsystem"]')).toBeVisible();
			expect(await violations(page)).toEqual([]);
		});
	});
}
