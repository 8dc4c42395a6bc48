/**
 * The built site (dist/) as a whole: the export validates against its published JSON Schema
 * with an independent validator, and every entry is present in pages, export, sitemap, feed,
 * plain-text views and the search index. Run after `npm run build`.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { validateContent, type LoadedItem } from '../../src/lib/validate.ts';
import { routeOf } from '../../src/lib/routes.ts';
import { exportJson } from '../../src/lib/export-json.ts';

const root = join(import.meta.dirname, '..', '..');
const dist = join(root, 'dist');
const read = (path: string) => readFileSync(join(dist, path), 'utf8');
let items: LoadedItem[] = [];
let kb: Record<string, { id: string; url: string }[]> & { counts: Record<string, number> };
const byCollection = (c: string) => items.filter((i) => i.collection === c).map((i) => i.id).sort();
const exportKey: Record<string, string> = { 'kernel-versions': 'kernelVersions' };
const collections = ['users', 'apis', 'uabis', 'subsystems', 'kernel-versions', 'cves', 'threads', 'guides'] as const;

beforeAll(() => {
	expect(existsSync(join(dist, 'index.html')), 'run `npm run build` first').toBe(true);
	items = validateContent(join(root, 'content'), root).items;
	kb = JSON.parse(read('data/kb.json'));
});

test('kb.json validates against the published kb.schema.json (Ajv, draft 2020-12)', () => {
	const schema = JSON.parse(read('data/kb.schema.json'));
	const ajv = new Ajv2020({ allErrors: true, strict: false });
	const validate = ajv.compile(schema);
	const ok = validate(kb);
	expect(validate.errors ?? []).toEqual([]);
	expect(ok).toBe(true);
	// A broken export must fail: drop a required field and validate again.
	const broken = structuredClone(kb) as unknown as { users: Record<string, unknown>[] };
	delete broken.users[0]!['statusNow'];
	expect(validate(broken)).toBe(false);
});

describe.each(collections)('%s: nothing lost', (collection) => {
	test('the export holds exactly the content ids, and counts agree', () => {
		const key = exportKey[collection] ?? collection;
		expect(kb[key]!.map((i) => i.id).sort()).toEqual(byCollection(collection));
		expect(kb.counts[key]).toBe(byCollection(collection).length);
	});
	test('every id has a page in dist and a URL in the sitemap', () => {
		const sitemap = read('sitemap.xml');
		const missingPages = byCollection(collection).filter((id) => !existsSync(join(dist, routeOf[collection], id, 'index.html')));
		const missingUrls = byCollection(collection).filter((id) => !sitemap.includes(`/${routeOf[collection]}/${id}/</loc>`));
		expect(missingPages).toEqual([]);
		expect(missingUrls).toEqual([]);
	});
});

test('kb.json: each kernel version counts the timeline events in it, and "updated" is the newest review or event date', () => {
	const data = kb as unknown as {
		updated: string;
		kernelVersions: { id: string; events: number }[];
		users: { lastReviewed: string; timeline: { version: string; date?: string }[] }[];
		uabis: { lastReviewed: string; behaviour: { version: string; date?: string }[] }[];
	} & Record<'apis' | 'cves' | 'threads' | 'guides', { lastReviewed: string }[]>;
	const events = [...data.users.flatMap((u) => u.timeline), ...data.uabis.flatMap((u) => u.behaviour)];
	const counted = new Map<string, number>();
	for (const event of events) counted.set(event.version, (counted.get(event.version) ?? 0) + 1);
	expect(data.kernelVersions.map((v) => [v.id, v.events])).toEqual(data.kernelVersions.map((v) => [v.id, counted.get(v.id) ?? 0]));
	// Some version has events, so a count of zero everywhere would fail.
	expect(Math.max(...data.kernelVersions.map((v) => v.events))).toBeGreaterThan(0);
	const reviewed = [data.users, data.apis, data.uabis, data.cves, data.threads, data.guides].flat().map((i) => i.lastReviewed);
	const dated = events.flatMap((e) => (e.date ? [e.date] : []));
	expect(data.updated).toBe([...reviewed, ...dated].sort().at(-1));
});

test('kb.json is the text exportJson writes for its data; an item off the schema is named', async () => {
	const text = read('data/kb.json');
	const data = JSON.parse(text) as Record<string, unknown>;
	expect(await new Response(exportJson(data)).text()).toBe(text);
	const users = data['users'] as Record<string, unknown>[];
	expect(users.length).toBeGreaterThan(2);
	const broken = { ...data, users: users.map((u, at) => (at === 2 ? { ...u, statusNow: 'maybe' } : u)) };
	await expect(new Response(exportJson(broken)).text()).rejects.toThrow(/^\/data\/kb\.json: users\[2\] does not match the export schema:\n.*statusNow/s);
});

test('the sitemap lists every built page and nothing else', () => {
	const locs = [...read('sitemap.xml').matchAll(/<loc>https?:\/\/[^/]+(\/[^<]*)<\/loc>/g)].map((m) => m[1]!).sort();
	const pages = (readdirSync(dist, { recursive: true }) as string[])
		.filter((p) => p.endsWith('index.html') && !p.startsWith('pagefind'))
		.map((p) => `/${p.replace(/index\.html$/, '')}`)
		.filter((p) => !isRedirect(join(dist, p, 'index.html')))
		.sort();
	expect(locs).toEqual(pages);
});

test('the feed has one entry per user, API, uABI, CVE and guide', () => {
	const feed = read('feed.xml');
	const ids = [...feed.matchAll(/<entry><id>https?:\/\/[^/]+\/([^<]+)<\/id>/g)].map((m) => m[1]!).sort();
	const expected = (['users', 'apis', 'uabis', 'cves', 'guides'] as const).flatMap((c) => byCollection(c).map((id) => `${routeOf[c]}/${id}/`)).sort();
	expect(ids).toEqual(expected);
});

test('the search index holds one page per item page', () => {
	const entry = JSON.parse(read('pagefind/pagefind-entry.json')) as { languages: Record<string, { page_count: number }> };
	const indexed = Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0);
	expect(indexed).toBe(items.length);
});

describe.each(['users', 'apis', 'uabis'] as const)('%s plain-text views', (collection) => {
	test('exist for every item, start with the URL and keep to 72 columns', () => {
		for (const id of byCollection(collection)) {
			const text = read(`${routeOf[collection]}/${id}.txt`);
			const lines = text.split('\n');
			expect(lines[0]).toMatch(new RegExp(`^https://.+/${routeOf[collection]}/${id}/$`));
			// Only a lone URL may be longer than 72 columns: it cannot be broken.
			expect(lines.filter((l) => l.length > 72 && !/^\s*(- )?https?:\/\/\S+$/.test(l)), id).toEqual([]);
		}
	});
});

function isRedirect(path: string): boolean {
	return existsSync(path) && /<meta http-equiv="refresh"/i.test(readFileSync(path, 'utf8'));
}
