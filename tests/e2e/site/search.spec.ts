/**
 * Search against the real build: facets narrow to exactly what the data says, identifiers rank
 * their own page first, URL state round-trips, and everything works from the keyboard.
 * Expected sets come from the built index pages (which render the data), never from constants.
 */
import { expect, test, type Page } from '@playwright/test';

async function results(page: Page): Promise<string[]> {
	await expect(page.locator('#search-status')).toHaveText(/result|No results/);
	return page.locator('#search-results .search-result h2 a').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

async function usersBySubsystem(page: Page): Promise<Map<string, string[]>> {
	await page.goto('/users/');
	const groups = await page.locator('main section:has(h2[id^="group-"])').evaluateAll((sections) =>
		sections.map((s) => ({
			subsystem: s.querySelector('h2')!.id.replace(/^group-/, ''),
			users: [...s.querySelectorAll('ul.item-list > li > a')].map((a) => a.getAttribute('href')!),
		})),
	);
	return new Map(groups.map((g) => [g.subsystem, g.users]));
}

test('subsystem facet returns exactly the users of that subsystem', async ({ page }) => {
	const groups = await usersBySubsystem(page);
	expect(groups.size).toBeGreaterThan(1);
	for (const [subsystem, users] of groups) {
		await page.goto(`/search/?kind=user&subsystem=${subsystem}`);
		expect((await results(page)).sort(), subsystem).toEqual([...users].sort());
	}
});

test('status facet returns exactly the users with that status now', async ({ page }) => {
	await page.goto('/users/');
	const rows = await page.locator('ul.item-list > li').evaluateAll((items) =>
		items.map((li) => ({ href: li.querySelector('a')!.getAttribute('href')!, status: li.querySelector('.badge')!.className.match(/status-(\w+)/)![1]! })),
	);
	const statuses = [...new Set(rows.map((r) => r.status))];
	expect(statuses.length).toBeGreaterThan(1);
	for (const status of statuses) {
		await page.goto(`/search/?kind=user&status=${status}`);
		expect((await results(page)).sort(), status).toEqual(rows.filter((r) => r.status === status).map((r) => r.href).sort());
	}
});

test('choosing two values of one facet widens, two facets narrow; counts match results', async ({ page }) => {
	const groups = [...(await usersBySubsystem(page))].slice(0, 2);
	await page.goto('/search/?kind=user');
	await results(page);
	for (const [subsystem] of groups) await page.locator(`fieldset[data-facet="subsystem"] input[value="${subsystem}"]`).check();
	const both = await results(page);
	expect(both.sort()).toEqual(groups.flatMap(([, users]) => users).sort());
	const count = await page.locator(`fieldset[data-facet="subsystem"] input[value="${groups[0]![0]}"] + label .facet-count`).textContent();
	expect(count).toBe(` (${groups[0]![1].length})`);
});

test('an API identifier ranks its own page first', async ({ page }) => {
	await page.goto('/apis/');
	const apis = await page.locator('ul.item-list > li > a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
	expect(apis.length).toBeGreaterThan(0);
	for (const href of apis) {
		const symbol = decodeURIComponent(href.split('/')[2]!);
		if (!/^[a-z_]+$/.test(symbol)) continue; // ids that are not symbols (dma-buf-import) are searched by title elsewhere
		await page.goto(`/search/?q=${symbol}`);
		expect((await results(page))[0], symbol).toBe(href);
	}
});

test('a uABI identifier and a CVE id rank their own page first', async ({ page }) => {
	await page.goto('/uabi/');
	const rows = await page.locator('ul.item-list > li').evaluateAll((items) =>
		items.map((li) => ({ href: li.querySelector('a')!.getAttribute('href')!, ids: (li.querySelector('.item-meta')?.textContent ?? '').split(', ') })),
	);
	const counts = new Map<string, number>();
	for (const row of rows) for (const id of row.ids) counts.set(id, (counts.get(id) ?? 0) + 1);
	let checked = 0;
	for (const row of rows) {
		const unique = row.ids.find((id) => counts.get(id) === 1 && /^[A-Z][A-Z0-9_]+$/.test(id));
		if (!unique) continue;
		await page.goto(`/search/?q=${unique}`);
		expect((await results(page))[0], unique).toBe(row.href);
		checked++;
	}
	expect(checked).toBeGreaterThan(0);
	await page.goto('/cves/');
	const cves = await page.locator('ul.item-list > li > a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
	for (const href of cves) {
		const id = href.split('/')[2]!;
		await page.goto(`/search/?q=${id}`);
		expect((await results(page))[0], id).toBe(href);
	}
});

test('URL state round-trips: typing and ticking update the URL, reloading restores the view', async ({ page }) => {
	await page.goto('/search/');
	await page.locator('#search-input').fill('pfn');
	const before = await results(page);
	expect(before.length).toBeGreaterThan(0);
	const box = page.locator('fieldset[data-facet="kind"] input[value="user"]');
	await box.check();
	const narrowed = await results(page);
	await expect(page).toHaveURL(/\?q=pfn&kind=user$/);
	await page.reload();
	await expect(page.locator('#search-input')).toHaveValue('pfn');
	await expect(page.locator('fieldset[data-facet="kind"] input[value="user"]')).toBeChecked();
	expect(await results(page)).toEqual(narrowed);
});

test('keyboard only: / focuses, typing searches, arrows move through results, Enter opens', async ({ page }) => {
	await page.goto('/');
	await page.keyboard.press('/');
	await expect(page.locator('#site-search')).toBeFocused();
	await page.keyboard.type('vfio');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/search\/\?q=vfio$/);
	const found = await results(page);
	expect(found.length).toBeGreaterThan(1);
	await page.keyboard.press('/');
	await expect(page.locator('#search-input')).toBeFocused();
	await page.keyboard.press('ArrowDown');
	await expect(page.locator('#search-results .search-result h2 a').first()).toBeFocused();
	await page.keyboard.press('ArrowDown');
	await expect(page.locator('#search-results .search-result h2 a').nth(1)).toBeFocused();
	await page.keyboard.press('ArrowUp');
	await page.keyboard.press('ArrowUp');
	await expect(page.locator('#search-input')).toBeFocused();
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(new RegExp(`${found[0]}$`));
});

test('results link to sections such as #security and #migration', async ({ page }) => {
	await page.goto('/search/?q=security&kind=user');
	await results(page);
	const sections = await page.locator('.result-sections a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).hash));
	expect(sections.some((hash) => ['#security', '#migration', '#timeline'].includes(hash))).toBe(true);
});
