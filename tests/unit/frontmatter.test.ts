import { describe, expect, test } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serialize } from 'node:v8';
import { createReference } from 'astro/content/runtime';
import type { z } from 'astro/zod';
import { rememberChecked, rememberFrontmatter, splitFrontmatter, takeFrontmatter } from '../../src/lib/frontmatter.ts';
import { validateContent } from '../../src/lib/validate.ts';
import { collectionFormat, schemaFactories, type RefFn } from '../../src/schemas/index.ts';

test('parsed frontmatter is reused only for the same text, and only once', () => {
	const data = { title: 'x' };
	rememberFrontmatter('/c/users/a.mdx', '---\ntitle: x\n---\nbody', data);
	expect(takeFrontmatter('/c/users/a.mdx', '---\ntitle: x\n---\nbody')).toEqual({ data });
	expect(takeFrontmatter('/c/users/a.mdx', '---\ntitle: x\n---\nbody')).toBeUndefined();
	rememberFrontmatter('/c/users/b.mdx', '---\ntitle: old\n---\n', { title: 'old' });
	expect(takeFrontmatter('/c/users/b.mdx', '---\ntitle: new\n---\n')).toBeUndefined();
	expect(takeFrontmatter('/c/users/never.mdx', '')).toBeUndefined();
	rememberFrontmatter('/c/users/c.mdx', '---\ntitle: x\n---\n', data);
	rememberChecked('/c/users/c.mdx', { title: 'X' });
	rememberChecked('/c/users/not-remembered.mdx', { title: 'Y' });
	expect(takeFrontmatter('/c/users/c.mdx', '---\ntitle: x\n---\n')).toEqual({ data, checked: { title: 'X' } });
	expect(takeFrontmatter('/c/users/not-remembered.mdx', '')).toBeUndefined();
});

test('frontmatter ends at the first closing --- line, CRLF or LF, with or without a body', () => {
	expect(splitFrontmatter('---\ntitle: x\n---\nbody\n---\nmore')).toEqual({ yaml: 'title: x', body: 'body\n---\nmore', offset: 1 });
	expect(splitFrontmatter('---\r\na: 1\r\n--- \r\n\r\nText')).toEqual({ yaml: 'a: 1', body: '\r\nText', offset: 1 });
	expect(splitFrontmatter('---\na: 1\n---')).toEqual({ yaml: 'a: 1', body: '', offset: 1 });
	expect(splitFrontmatter('title: x\n---\nbody')).toBeUndefined();
});

describe('the frontmatter the validator checked', () => {
	// Astro's own reference(), as src/content.config.ts gets it from astro:content.
	const reference = createReference() as unknown as RefFn;
	const folders = [join(import.meta.dirname, '..', '..', 'content'), join(import.meta.dirname, '..', 'fixtures', 'valid', 'content')];

	test.each(folders)('is, byte for byte, what Astro checks the same text into: %s', (folder) => {
		const { problems, items } = validateContent(folder, join(folder, '..'));
		expect(problems).toEqual([]);
		const mdx = items.filter((item) => collectionFormat[item.collection] === 'mdx');
		expect(mdx.length).toBeGreaterThan(3);
		let references = 0;
		for (const item of mdx) {
			const path = resolve(folder, '..', item.file);
			const source = readFileSync(path, 'utf8');
			const taken = takeFrontmatter(path, source);
			expect(taken && 'checked' in taken, item.file).toBe(true);
			const schema = (schemaFactories[item.collection] as (ctx: { ref: RefFn }) => z.ZodType)({ ref: reference });
			const astro = schema.parse(taken!.data);
			// Same values, types (Dates) and key order: the loader stores the data serialized.
			expect(serialize(taken!.checked), item.file).toEqual(serialize(astro));
			references += JSON.stringify(astro).split('"collection":').length - 1;
		}
		expect(references).toBeGreaterThan(mdx.length);
	});

	test('is not kept for a file that fails its schema', () => {
		const folder = join(mkdtempSync(join(tmpdir(), 'uabi-kb-checked-')), 'content');
		cpSync(join(import.meta.dirname, '..', 'fixtures', 'valid', 'content'), folder, { recursive: true });
		const [bad, good] = readdirSync(join(folder, 'users')).filter((name) => name.endsWith('.mdx')).map((name) => join(folder, 'users', name));
		writeFileSync(bad!, readFileSync(bad!, 'utf8').replace(/^---\n/, '---\nbogus: 1\n'));
		const { problems } = validateContent(folder, join(folder, '..'));
		expect(problems.map((problem) => problem.message)).toEqual(['unknown key "bogus"']);
		const taken = takeFrontmatter(bad!, readFileSync(bad!, 'utf8'));
		expect(taken?.data).toMatchObject({ bogus: 1 });
		expect(taken && 'checked' in taken).toBe(false);
		expect(takeFrontmatter(good!, readFileSync(good!, 'utf8'))?.checked).toBeDefined();
		rmSync(join(folder, '..'), { recursive: true, force: true });
	});
});
