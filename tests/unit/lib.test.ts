import { describe, expect, test } from 'vitest';
import { compareVersions, sortVersions } from '../../src/lib/kernel-version.ts';
import { idFromPath } from '../../src/lib/ids.ts';
import { loreUrl, sourceFileUrl, viewSource } from '../../src/lib/links.ts';
import { citation } from '../../src/lib/cite.ts';
import { tableOfContents } from '../../src/lib/toc.ts';
import { bodiesFile, bodyOf, dataOf, type BodyLocation } from '../../src/lib/body.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelVersion } from '../../src/schemas/shared.ts';

describe('kernel versions compare as numbers, not strings', () => {
	test('5.9 < 5.10 < 6.1 and 2.6.28 < 3.0', () => {
		expect(sortVersions(['6.1', '5.10', '2.6.28', '5.9', '4.20', '3.3'], (v) => v)).toEqual(['2.6.28', '3.3', '4.20', '5.9', '5.10', '6.1']);
		expect(compareVersions('5.10', '5.9')).toBeGreaterThan(0);
		expect(compareVersions('6.12', '6.12')).toBe(0);
	});
	test.each(['5.12', '6.1', '2.6.28', '10.0'])('%s is a valid release id', (v) => expect(kernelVersion.safeParse(v).success).toBe(true));
	test.each(['5', 'v5.12', '5.12-rc1', '5.x', '2.6', '5.12.1'])('%s is not', (v) => expect(kernelVersion.safeParse(v).success).toBe(false));
});

test('ids keep dots and case: the file name without its extension', () => {
	expect(idFromPath('content/kernel-versions/5.12.yaml')).toBe('5.12');
	expect(idFromPath('CVE-2021-22543.yaml')).toBe('CVE-2021-22543');
	expect(idFromPath('follow_pfn.mdx')).toBe('follow_pfn');
});

describe('source links', () => {
	test('lore links keep the characters lore expects and escape the rest', () => {
		expect(loreUrl('CAHk-=wjNv9izaVO5+1n5zk01zP3mndqdd2zKsX_syq9ntgY2YQ@mail.gmail.com')).toBe(
			'https://lore.kernel.org/r/CAHk-=wjNv9izaVO5+1n5zk01zP3mndqdd2zKsX_syq9ntgY2YQ@mail.gmail.com',
		);
		expect(loreUrl('a b#c@d')).toBe('https://lore.kernel.org/r/a%20b%23c@d');
	});
	test('a file at a version links to that tag', () => {
		expect(sourceFileUrl('mm/memory.c', '5.12')).toBe('https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/mm/memory.c?h=v5.12');
	});
	test('a commit source is shown with its subject and id', () => {
		expect(viewSource({ type: 'commit', commit: '6647e76ab623', subject: 'v4l2: don\'t fall back to follow_pfn() if pin_user_pages_fast() fails' })).toMatchObject({
			href: 'https://git.kernel.org/torvalds/c/6647e76ab623',
			kind: 'commit',
			detail: '6647e76ab623',
		});
	});
});

test('citations: URL, Markdown with escaped brackets, Link: trailer, summary', () => {
	const c = citation('/users/x/', 'vfio [type1]', 'is unsafe.');
	expect(c.url).toMatch(/^https:\/\/.+\/users\/x\/$/);
	expect(c.markdown).toBe(`[vfio \\[type1\\] (uabi-kb)](${c.url})`);
	expect(c.trailer).toBe(`Link: ${c.url}`);
	expect(c.summary).toBe(`vfio [type1]: is unsafe. <${c.url}>`);
});

test('the table of contents follows the body order and skips code fences', () => {
	const body = ['<H2 id="first">First `step`</H2>', '```md', '## not a heading', '```', '## Second', '<H2 id="third">Third</H2>'].join('\n');
	expect(tableOfContents(body, [{ depth: 2, slug: 'second', text: 'Second' }])).toEqual([
		{ id: 'first', text: 'First step' },
		{ id: 'second', text: 'Second' },
		{ id: 'third', text: 'Third' },
	]);
});

test('a page whose entry has no readable rendered body fails, naming the entry and the file', async () => {
	await expect(bodyOf({ id: 'x', collection: 'users' })).rejects.toThrow(/^users\/x: the content store has no rendered body/);
	const missing = { file: '/nonexistent/users-1.bodies', offset: 0, length: 10 };
	await expect(bodyOf({ id: 'x', collection: 'users', rendered: { metadata: { body: missing } } })).rejects.toThrow(
		/^users\/x: cannot read its rendered body from \/nonexistent\/users-1\.bodies: .*ENOENT.*; delete the \.astro cache folder/,
	);
});

test('bodies appended to one file read back by their location, and a short file is an error', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'uabi-kb-bodies-'));
	try {
		const output = bodiesFile(join(dir, 'users-test.bodies'));
		const first = { html: '<p>first</p>', headings: [], toc: [] };
		const second = { html: '<h2 id="é">é – “quoted”</h2>', headings: [{ depth: 2, slug: 'é', text: 'é' }], toc: [{ id: 'é', text: 'é' }] };
		const a = output.append(first);
		const b = output.append(second);
		output.close();
		expect(b.offset).toBe(a.length);
		const entry = (body: BodyLocation) => ({ id: 'x', collection: 'users', rendered: { metadata: { body } } });
		expect(await bodyOf(entry(b))).toEqual(second);
		expect(await bodyOf(entry(a))).toEqual(first);
		await expect(bodyOf(entry({ ...b, length: b.length + 5 }))).rejects.toThrow(/cannot read its rendered body .*read \d+ of \d+ bytes/);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('entry data stored beside the bodies reads back as the schema returned it, Dates included', () => {
	const dir = mkdtempSync(join(tmpdir(), 'uabi-kb-data-'));
	try {
		const output = bodiesFile(join(dir, 'users-test.bodies'));
		const body = output.append({ html: '<p>x</p>', headings: [], toc: [] });
		const data = {
			title: 'vfio type1 – “quoted” é',
			subsystem: { collection: 'subsystems', id: 'vfio' },
			timeline: [{ version: { collection: 'kernel-versions', id: '5.12' }, status: 'unsafe', date: new Date('2021-03-04T00:00:00Z') }],
			optional: undefined,
			count: 3,
		};
		const stored = output.appendData(data);
		output.close();
		expect(stored.offset).toBe(body.length);
		const entry = { id: 'x', collection: 'users', rendered: { metadata: { body, data: stored } } };
		const read = dataOf(entry) as typeof data;
		expect(read).toEqual(data);
		expect(read.timeline[0]!.date).toBeInstanceOf(Date);
		expect(Object.keys(read)).toEqual(Object.keys(data));
		expect(() => dataOf({ id: 'x', collection: 'users', rendered: { metadata: { body } } })).toThrow(/^users\/x: the content store has no data for this entry/);
		expect(() => dataOf({ ...entry, rendered: { metadata: { data: { ...stored, length: stored.length + 5 } } } })).toThrow(/^users\/x: cannot read its data from .*read \d+ of \d+ bytes/);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('bodies stay readable when more bodies files are in use than are kept open', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'uabi-kb-bodies-many-'));
	try {
		const entries = Array.from({ length: 40 }, (_unused, i) => {
			const output = bodiesFile(join(dir, `users-${i}.bodies`));
			const body = output.append({ html: `<p>${i}</p>`, headings: [], toc: [] });
			output.close();
			return { id: `u${i}`, collection: 'users', rendered: { metadata: { body } } };
		});
		for (const [i, entry] of entries.entries()) expect((await bodyOf(entry)).html).toBe(`<p>${i}</p>`);
		expect((await bodyOf(entries[0]!)).html).toBe('<p>0</p>');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
