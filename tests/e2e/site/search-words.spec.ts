/**
 * Words a reader sees apart stay apart in the search index. Pagefind reads a page's text the way
 * this test walks it: text nodes in order, with a break only around block elements (p, li, div,
 * td, headings…) and <br>, skipping data-pagefind-ignore and the elements it drops. Two texts
 * that meet without whitespace become one word in the index ("v6.0unsafe", "uabi-kbCopystatic"),
 * and neither can be found on its own. Where they meet, the rendered page is the judge: if the
 * second starts on another line or after a visible gap, the reader sees two words, so the page
 * must put whitespace between them (a flex row or a margin does not count).
 */
import { expect, test } from '@playwright/test';
import { routeOf } from '../../../src/lib/routes.ts';

const itemPage = new RegExp(`^/(${Object.values(routeOf).join('|')})/[^/]+/$`);

test('every item page keeps visibly separate words apart for the search index', async ({ page, request }) => {
	test.setTimeout(120_000);
	const sitemap = await (await request.get('/sitemap.xml')).text();
	const paths = [...sitemap.matchAll(/<loc>https?:\/\/[^/]+(\/[^<]*)<\/loc>/g)].map((m) => m[1]!).filter((p) => itemPage.test(p));
	expect(paths.length).toBeGreaterThan(50);
	await page.setViewportSize({ width: 1400, height: 900 });
	const glued: string[] = [];
	for (const path of paths) {
		await page.goto(path);
		const found = await page.evaluate(() => {
			const sentence = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'P', 'TD', 'DIV', 'UL', 'LI', 'DL', 'DT', 'DD', 'ARTICLE', 'SECTION', 'BR']);
			const dropped = new Set(['HEAD', 'STYLE', 'SCRIPT', 'NOSCRIPT', 'LABEL', 'FORM', 'SVG', 'FOOTER', 'NAV', 'IFRAME', 'TEMPLATE']);
			const body = document.querySelector('[data-pagefind-body]');
			if (!body) return ['no data-pagefind-body'];
			const stream: (Text | 'break')[] = [];
			const walk = (parent: Node) => {
				for (const child of parent.childNodes) {
					if (child instanceof Text) {
						if (child.data) stream.push(child);
					} else if (child instanceof Element && !child.hasAttribute('data-pagefind-ignore') && !dropped.has(child.tagName.toUpperCase())) {
						const breaks = sentence.has(child.tagName.toUpperCase());
						if (breaks) stream.push('break');
						walk(child);
						if (breaks) stream.push('break');
					}
				}
			};
			walk(body);
			const box = (text: Text, at: number) => {
				const range = document.createRange();
				range.setStart(text, at);
				range.setEnd(text, at + 1);
				const rects = range.getClientRects();
				return rects.length > 0 ? rects[rects.length - 1]! : undefined;
			};
			const out: string[] = [];
			for (let i = 1; i < stream.length; i++) {
				const [a, b] = [stream[i - 1]!, stream[i]!];
				if (a === 'break' || b === 'break' || /\s$/.test(a.data) || /^\s/.test(b.data)) continue;
				const [end, start] = [box(a, a.data.length - 1), box(b, 0)];
				// Text that is not drawn (hidden, clipped to nothing) cannot be judged by its look.
				if (!end || !start || end.width === 0 || start.width === 0) continue;
				const otherLine = Math.abs(start.top - end.top) > end.height / 2;
				if (otherLine || start.left - end.right > 2) out.push(`"${a.data.slice(-24)}" + "${b.data.slice(0, 24)}"`);
			}
			return out;
		});
		glued.push(...found.map((f) => `${path}: ${f}`));
	}
	expect(glued).toEqual([]);
});
