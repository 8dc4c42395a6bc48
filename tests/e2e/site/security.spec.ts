/**
 * The Content-Security-Policy holds in a real browser: one page of every kind, plus a search,
 * raise no securitypolicyviolation event, and no request leaves the origin.
 */
import { expect, test, type Page } from '@playwright/test';

const kinds = ['/users/', '/apis/', '/uabi/', '/subsystems/', '/versions/', '/guides/', '/cves/', '/threads/'];

async function watch(page: Page, origin: string) {
	const violations: string[] = [];
	const foreign: string[] = [];
	await page.exposeFunction('__reportCsp', (text: string) => violations.push(text));
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			(window as unknown as { __reportCsp: (t: string) => void }).__reportCsp(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
		});
	});
	await page.route('**/*', (route) => {
		const url = route.request().url();
		if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
		foreign.push(url);
		return route.abort();
	});
	return { violations, foreign };
}

test('no CSP violation and no foreign request on any page kind or during a search', async ({ page, baseURL }) => {
	const { violations, foreign } = await watch(page, baseURL!);
	const visited: string[] = ['/', '/timeline/', '/matrix/', '/404.html'];
	for (const index of kinds) {
		await page.goto(index);
		visited.push(index);
		const first = await page.locator('main article ul.item-list a, main article table a').first().getAttribute('href');
		if (first) visited.push(first);
	}
	for (const path of visited) {
		await page.goto(path);
		await page.waitForLoadState('networkidle');
	}
	await page.goto('/search/?q=follow_pfn');
	await expect(page.locator('#search-status')).toHaveText(/result/);
	await page.locator('fieldset[data-facet="kind"] input').first().check();
	await expect(page.locator('#search-status')).toHaveText(/result|No results/);
	// The copy buttons run script too.
	await page.goto(visited[5]!);
	await page.waitForLoadState('networkidle');
	expect(violations).toEqual([]);
	expect(foreign).toEqual([]);
});

test('an inline script injected into a page is blocked by the policy', async ({ page, baseURL }) => {
	// Guards against the policy being weakened: the same check must see a real violation.
	const { violations } = await watch(page, baseURL!);
	await page.goto('/');
	await page.evaluate(() => {
		const script = document.createElement('script');
		script.textContent = 'window.__ran = true';
		document.body.append(script);
	});
	await expect.poll(() => violations.length).toBeGreaterThan(0);
	expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBeUndefined();
});
