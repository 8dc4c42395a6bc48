/**
 * What the search index holds for a page: the page's own entry, not the lists of other entries
 * that point at it (sections marked `ignoreSearch`: an API's callers and what it replaces, a
 * subsystem's members, a uABI's kernel code, a version's changes, a CVE's affected entries, a
 * thread's citers; and a guide's entries, which its summary lists too). Indexed, such a list
 * made a page match every listed entry's words: a user's summary matched each API it calls and
 * its subsystem too, and at 5,000 users the lists were a fifth of the indexer's work (README,
 * Performance, step 29). Every entry's text stays searchable on its own page. Run after
 * `npm run build`.
 */
import { beforeAll, expect, test } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateContent, type LoadedItem } from '../../src/lib/validate.ts';
import { readPagefindFile } from '../../src/lib/pagefind-merge.ts';

const root = join(import.meta.dirname, '..', '..');
const fragments = join(root, 'dist', 'pagefind', 'fragment');
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Indexed text by page URL, as Pagefind stored it in the fragments. */
const indexed = new Map<string, string>();
let users: { id: string; summary: string; changes: string[] }[] = [];

beforeAll(async () => {
	expect(existsSync(fragments), 'run `npm run build` first').toBe(true);
	for (const name of readdirSync(fragments)) {
		const { url, content } = JSON.parse((await readPagefindFile(join(fragments, name))).toString()) as { url: string; content: string };
		indexed.set(url, squash(content));
	}
	users = validateContent(join(root, 'content'), root)
		.items.filter((item: LoadedItem) => item.collection === 'users')
		.map(({ id, data }) => {
			const d = data as { summary: string; timeline: { change: string }[] };
			return { id, summary: squash(d.summary), changes: d.timeline.map((e) => squash(e.change)) };
		});
	expect(users.length).toBeGreaterThan(10);
});

/** Pages other than `own` whose indexed text contains `text`. */
const elsewhere = (text: string, own: string) => [...indexed].filter(([url, content]) => url !== own && content.includes(text)).map(([url]) => url);

test('a user summary is indexed on the user page and on no page that only lists the user', () => {
	for (const user of users) {
		const own = `/users/${user.id}/`;
		expect(indexed.get(own), own).toContain(user.summary);
		expect(elsewhere(user.summary, own), user.id).toEqual([]);
	}
});

test('a kernel version page is not indexed by the changes it lists; each change is, on its own page', () => {
	const versions = [...indexed].filter(([url]) => url.startsWith('/versions/'));
	expect(versions.length).toBeGreaterThan(10);
	let checked = 0;
	for (const user of users) {
		const own = `/users/${user.id}/`;
		for (const change of user.changes) {
			expect(indexed.get(own), own).toContain(change);
			expect(versions.filter(([, content]) => content.includes(change)).map(([url]) => url), `${user.id}: ${change}`).toEqual([]);
			checked++;
		}
	}
	expect(checked).toBeGreaterThan(50);
});
