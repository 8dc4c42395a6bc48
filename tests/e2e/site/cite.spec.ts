/**
 * Citing: the cite box copies exactly the URL, Markdown link, Link: trailer and summary of the
 * page (keyboard only), section anchors show on hover and focus and can be cited, and every
 * matrix cell leads to the event behind it.
 */
import { expect, test } from '@playwright/test';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

async function firstUser(page: import('@playwright/test').Page): Promise<string> {
	await page.goto('/users/');
	return (await page.locator('main ul.item-list > li > a').first().getAttribute('href'))!;
}

test('cite box: each form copies exactly, from the keyboard', async ({ page }) => {
	await page.goto(await firstUser(page));
	const canonical = (await page.locator('link[rel="canonical"]').getAttribute('href'))!;
	const title = (await page.locator('h1').textContent())!.trim();
	const summary = (await page.locator('.lede').textContent())!.trim();
	const expected: Record<string, string> = {
		'cite-url': canonical,
		'cite-markdown': `[${title.replace(/([[\]])/g, '\\$1')} (uabi-kb)](${canonical})`,
		'cite-trailer': `Link: ${canonical}`,
		'cite-summary': `${title}: ${summary} <${canonical}>`,
	};
	for (const [id, text] of Object.entries(expected)) {
		const button = page.locator(`button[data-copy="${id}"]`);
		await button.focus();
		await page.keyboard.press('Enter');
		await expect(button).toHaveText('Copied');
		expect(await page.evaluate(() => navigator.clipboard.readText()), id).toBe(text);
		await page.keyboard.press('Tab');
	}
});

test('section anchors: visible on hover and focus, and the cite box cites the section', async ({ page }) => {
	const path = await firstUser(page);
	await page.goto(path);
	const anchor = page.locator('#security a.anchor');
	await expect(anchor).toHaveCSS('opacity', '0');
	await page.locator('#security').hover();
	await expect(anchor).toHaveCSS('opacity', '1');
	await page.mouse.move(0, 0);
	await anchor.focus();
	await expect(anchor).toHaveCSS('opacity', '1');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(new RegExp(`${path}#security$`));
	const canonical = (await page.locator('link[rel="canonical"]').getAttribute('href'))!;
	await expect(page.locator('#cite-section')).toHaveText(`${canonical}#security`);
	await page.locator('button[data-copy="cite-section"]').focus();
	await page.keyboard.press('Enter');
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${canonical}#security`);
});

test('a cited event anchor lands on the event', async ({ page }) => {
	const path = await firstUser(page);
	await page.goto(path);
	const id = (await page.locator('ol.timeline > li.event').last().getAttribute('id'))!;
	await page.goto(`${path}#${id}`);
	await expect(page.locator(`[id="${id}"]`)).toBeInViewport();
});

test('matrix: real table semantics, and cells link to the event behind them', async ({ page }) => {
	await page.goto('/matrix/');
	const table = page.locator('table.matrix').first();
	await expect(table.locator('caption')).not.toBeEmpty();
	expect(await table.locator('thead th[scope="col"]').count()).toBeGreaterThan(3);
	expect(await table.locator('tbody th[scope="row"]').count()).toBeGreaterThan(0);
	const cells = await page.locator('table.matrix td a.cell-status').evaluateAll((links) =>
		links.map((a) => ({ href: a.getAttribute('href')!, status: a.className.match(/status-(\w+)/)![1]! })),
	);
	expect(cells.length).toBeGreaterThan(10);
	// Every distinct event linked from the matrix exists and shows the same status.
	const events = [...new Map(cells.map((c) => [c.href, c])).values()];
	for (const cell of events) {
		await page.goto(cell.href);
		const id = decodeURIComponent(cell.href.split('#')[1]!);
		const event = page.locator(`[id="${id}"]`);
		await expect(event, cell.href).toHaveCount(1);
		await expect(event.locator('.event-head .badge').first(), cell.href).toHaveClass(new RegExp(`status-${cell.status}`));
	}
});
