/**
 * Status and confidence badges read the same on every built page. The badge markup is written
 * in StatusBadge.astro and ConfidenceBadge.astro, and inline where pages repeat it many times
 * (EventTimeline.astro, ItemList.astro: fewer component instances, faster item pages); this
 * holds the copies to one vocabulary (src/lib/status.ts). Run after `npm run build`.
 */
import { beforeAll, expect, test } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { confidenceNote, statusLabel, statusMeaning } from '../../src/lib/status.ts';

const dist = join(import.meta.dirname, '..', '..', 'dist');
let pages: { file: string; html: string }[] = [];

beforeAll(() => {
	expect(existsSync(join(dist, 'index.html')), 'run `npm run build` first').toBe(true);
	pages = (readdirSync(dist, { recursive: true }) as string[])
		.filter((file) => file.endsWith('.html') && !file.startsWith('pagefind'))
		.map((file) => ({ file, html: readFileSync(join(dist, file), 'utf8') }));
});

const decode = (text: string) => text.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Every element whose class list starts with `badge <kind>-`, as written: tag, attributes, text. */
function badges(kind: 'status' | 'confidence') {
	const found: { file: string; value: string; attributes: string; text: string; markup: string }[] = [];
	const odd: string[] = [];
	for (const { file, html } of pages) {
		for (const match of html.matchAll(new RegExp(`<(\\w+)[^>]*class="badge ${kind}-[^"]*"[^>]*>`, 'g'))) {
			const rest = html.slice(match.index);
			const exact = new RegExp(`^<span class="badge ${kind}-([a-z]+)"((?: title="[^"]*")?)>([^<]*)</span>`).exec(rest);
			if (!exact) odd.push(`${file}: ${rest.slice(0, 160)}`);
			else found.push({ file, value: exact[1]!, attributes: exact[2]!, text: decode(exact[3]!), markup: exact[0] });
		}
	}
	return { found, odd };
}

test('every status badge has the label and explanation of its status, on every page', () => {
	const { found, odd } = badges('status');
	expect(odd).toEqual([]);
	// Badges of the timelines, the related-entry lists and the status lines all appear.
	expect(found.filter((b) => b.file.startsWith('users/')).length).toBeGreaterThan(50);
	const wrong = found
		.filter((b) => !(b.value in statusLabel) || b.text !== statusLabel[b.value as keyof typeof statusLabel] || decode(b.attributes) !== ` title="${statusMeaning[b.value as keyof typeof statusMeaning]}"`)
		.map((b) => `${b.file}: ${b.markup}`);
	expect(wrong).toEqual([]);
	expect(new Set(found.map((b) => b.value)).size).toBeGreaterThan(3);
});

test('every confidence badge says what its confidence means; verified facts have none', () => {
	const { found, odd } = badges('confidence');
	expect(odd).toEqual([]);
	expect(found.length).toBeGreaterThan(0);
	const wrong = found
		.filter((b) => b.value === 'verified' || b.attributes !== '' || b.text !== confidenceNote[b.value as keyof typeof confidenceNote])
		.map((b) => `${b.file}: ${b.markup}`);
	expect(wrong).toEqual([]);
});
