/**
 * Every page kind renders from the built site, navigation works both ways, and code blocks are
 * highlighted at build time. Item pages are found through the index pages, not hard-coded, so
 * the specs follow the content.
 */
import { expect, test, type Page } from '@playwright/test';

const indexes = [
	{ path: '/users/', item: /^\/users\/[^/]+\/$/, sections: ['summary', 'timeline', 'security', 'migration', 'related', 'sources', 'cite'] },
	{ path: '/apis/', item: /^\/apis\/[^/]+\/$/, sections: ['summary', 'signatures', 'callers', 'sources', 'cite'] },
	{ path: '/uabi/', item: /^\/uabi\/[^/]+\/$/, sections: ['summary', 'timeline', 'users', 'migration', 'sources', 'cite'] },
	{ path: '/subsystems/', item: /^\/subsystems\/[^/]+\/$/, sections: ['summary', 'users', 'uabis', 'cite'] },
	{ path: '/versions/', item: /^\/versions\/\d+\.\d+(\.\d+)?\/$/, sections: ['summary', 'changes', 'apis', 'cite'] },
	{ path: '/guides/', item: /^\/guides\/[^/]+\/$/, sections: ['summary', 'users', 'sources', 'cite'] },
	{ path: '/cves/', item: /^\/cves\/CVE-\d{4}-\d+\/$/, sections: ['summary', 'fixes', 'users', 'sources', 'cite'] },
	{ path: '/threads/', item: /^\/threads\/[^/]+\/$/, sections: ['summary', 'discussion', 'cited-by', 'cite'] },
];

/** Links inside the article that match a route pattern, in document order, without duplicates. */
async function itemLinks(page: Page, pattern: RegExp): Promise<string[]> {
	const hrefs = await page.locator('main article a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
	return [...new Set(hrefs.filter((href) => pattern.test(href)))];
}

for (const index of indexes) {
	test(`${index.path} lists items and every item page renders`, async ({ page }) => {
		const response = await page.goto(index.path);
		expect(response?.status()).toBe(200);
		await expect(page.locator('h1')).toBeVisible();
		const links = await itemLinks(page, index.item);
		expect(links.length, `items linked from ${index.path}`).toBeGreaterThan(0);
		for (const href of links) {
			const itemResponse = await page.goto(href);
			expect(itemResponse?.status(), href).toBe(200);
			await expect(page.locator('h1'), href).not.toBeEmpty();
			for (const id of index.sections) await expect(page.locator(`[id="${id}"]`), `${href}#${id}`).toHaveCount(1);
			// Breadcrumbs lead back to the index.
			await expect(page.locator('nav.crumbs a').first()).toHaveAttribute('href', index.path);
		}
	});
}

test('home page tells the story and links every index with a count', async ({ page }) => {
	await page.goto('/');
	await expect(page.locator('h1')).toContainText('Unsafe PFN lookups');
	for (const href of indexes.map((i) => i.path)) {
		const link = page.locator(`ul.counts a[href="${href}"]`);
		await expect(link).toHaveCount(1);
		expect(Number(await link.locator('.count').textContent())).toBeGreaterThan(0);
	}
});

test('timeline page lists dated events with links to their entries', async ({ page }) => {
	await page.goto('/timeline/');
	const items = page.locator('ol.story > li');
	expect(await items.count()).toBeGreaterThan(0);
	const dates = await page.locator('ol.story > li > time').evaluateAll((t) => t.map((e) => e.getAttribute('datetime') ?? ''));
	expect(dates).toEqual([...dates].sort());
});

test('an unknown URL gets the 404 page with a way back', async ({ page }) => {
	const response = await page.goto('/users/no-such-entry/');
	expect(response?.status()).toBe(404);
	await expect(page.locator('h1')).toHaveText('Page not found');
	await expect(page.locator('main a[href="/search/"]')).toHaveCount(1);
});

test('click-through: user → API → back → uABI → version → back to the event', async ({ page }) => {
	await page.goto('/users/');
	const users = await itemLinks(page, /^\/users\/[^/]+\/$/);
	// The first user that serves a uABI (internal users have none).
	let userPath = '';
	for (const href of users) {
		await page.goto(href);
		if ((await page.locator('#summary a[href^="/uabi/"]').count()) > 0) {
			userPath = href;
			break;
		}
	}
	expect(userPath, 'a user entry with a uABI').not.toBe('');
	const userTitle = await page.locator('h1').textContent();

	await page.locator('#summary a[href^="/apis/"]').first().click();
	await expect(page).toHaveURL(/\/apis\/[^/]+\/$/);
	await expect(page.locator(`#callers ~ ul a[href="${userPath}"], section:has(#callers) a[href="${userPath}"]`).first()).toBeVisible();
	await page.goBack();
	await expect(page).toHaveURL(new RegExp(`${userPath}$`));

	await page.locator('#summary a[href^="/uabi/"]').first().click();
	await expect(page).toHaveURL(/\/uabi\/[^/]+\/$/);
	const uabiPath = new URL(page.url()).pathname;
	await expect(page.locator(`section:has(#users) a[href="${userPath}"]`)).toHaveText(userTitle ?? '');

	const firstEvent = page.locator('ol.timeline > li.event').first();
	const eventId = await firstEvent.getAttribute('id');
	await firstEvent.locator('a.event-version').click();
	await expect(page).toHaveURL(/\/versions\/[\d.]+\/$/);
	const back = page.locator(`section:has(#changes) a[href="${uabiPath}#${eventId}"]`);
	await expect(back).toHaveCount(1);
	await back.click();
	await expect(page).toHaveURL(new RegExp(`${uabiPath}#${eventId}$`));
	await expect(page.locator(`[id="${eventId}"]`)).toBeInViewport();
});

test('code blocks carry Shiki markup from the build, labelled and copyable', async ({ page }) => {
	await page.goto('/guides/');
	const guides = await itemLinks(page, /^\/guides\/[^/]+\/$/);
	let found = false;
	for (const href of guides) {
		await page.goto(href);
		const block = page.locator('figure.code-frame').first();
		if ((await block.count()) === 0) continue;
		found = true;
		await expect(block.locator('pre.astro-code')).toHaveAttribute('data-language', /.+/);
		expect(await block.locator('pre.astro-code span[style*="--shiki-light"]').count()).toBeGreaterThan(0);
		await expect(block.locator('figcaption')).toContainText('Illustrative');
		// The copy button is revealed by the script and reachable from the keyboard.
		const button = block.locator('button.code-copy');
		await expect(button).toBeVisible();
		await button.focus();
		await expect(button).toBeFocused();
		break;
	}
	expect(found, 'at least one guide with a code block').toBe(true);
	// No highlighter runs in the browser: no Shiki or Prism script is shipped.
	const scripts = await page.locator('script[src]').evaluateAll((s) => s.map((e) => e.getAttribute('src') ?? ''));
	expect(scripts.filter((src) => /shiki|prism|highlight/i.test(src))).toEqual([]);
});

test('copy button copies the code without removed diff lines, from the keyboard', async ({ page, context }) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.goto('/guides/');
	const guides = await itemLinks(page, /^\/guides\/[^/]+\/$/);
	for (const href of guides) {
		await page.goto(href);
		const block = page.locator('figure.code-frame').first();
		if ((await block.count()) === 0) continue;
		const expected = await block.locator('pre .line:not(.remove)').evaluateAll((lines) => lines.map((l) => l.textContent ?? '').join('\n'));
		await block.locator('button.code-copy').focus();
		await page.keyboard.press('Enter');
		await expect(block.locator('button.code-copy')).toHaveText('Copied');
		expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
		return;
	}
	throw new Error('no guide with a code block');
});

test('"/" focuses the search box from any page', async ({ page }) => {
	await page.goto('/apis/');
	await page.keyboard.press('/');
	await expect(page.locator('#site-search')).toBeFocused();
});

test('on a phone, no page scrolls sideways: wide tables scroll inside their own box', async ({ page }) => {
	// Guards against absolutely positioned text inside the matrix escaping its scroller.
	await page.setViewportSize({ width: 390, height: 800 });
	const paths = ['/', '/matrix/', '/timeline/', '/search/?q=vfio', '/versions/'];
	await page.goto('/users/');
	paths.push((await page.locator('main ul.item-list > li > a').first().getAttribute('href'))!);
	await page.goto('/matrix/');
	paths.push(...(await page.locator('main a[href^="/matrix/"]').evaluateAll((links) => links.slice(0, 2).map((a) => a.getAttribute('href')!))));
	for (const path of paths) {
		await page.goto(path);
		expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
	}
});
