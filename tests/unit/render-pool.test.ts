import { afterAll, describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderBody } from '../../src/lib/render-body.ts';
import { acquireRenderPool, renderPool } from '../../src/lib/render-pool.ts';
import { splitFrontmatter } from '../../src/lib/frontmatter.ts';

const folder = 'content/users';
const bodies = readdirSync(folder)
	.filter((name) => name.endsWith('.mdx'))
	.map((name) => {
		const source = readFileSync(join(folder, name), 'utf8');
		return { file: join(folder, name), body: splitFrontmatter(source)!.body };
	});

describe('bodies rendered on worker threads', () => {
	const pool = renderPool(2);
	afterAll(() => pool.close());

	test('give the same HTML and headings as rendering on this thread, for every user entry', async () => {
		expect(bodies.length).toBeGreaterThan(10);
		const [inPool, direct] = await Promise.all([
			Promise.all(bodies.map(({ body, file }) => pool.render(body, file))),
			Promise.all(bodies.map(({ body, file }) => renderBody(body, file))),
		]);
		expect(inPool).toEqual(direct);
		expect(inPool.filter((r) => r.html.includes('--shiki-dark:')).length).toBeGreaterThan(0);
	});

	test('report a body error with its file, as renderBody does', async () => {
		const bad = 'Text\n\n```cobol\nDISPLAY "x".\n```\n';
		await expect(pool.render(bad, 'content/users/bad.mdx')).rejects.toThrow('content/users/bad.mdx: code fence language "cobol" is not supported');
		await expect(renderBody(bad, 'content/users/bad.mdx')).rejects.toThrow('content/users/bad.mdx: code fence language "cobol" is not supported');
	});
});

test('the shared pool is one pool while held, and a new one after the last release', async () => {
	const a = acquireRenderPool();
	const b = acquireRenderPool();
	expect(b.pool).toBe(a.pool);
	await a.release();
	await a.release(); // twice is once
	expect((await b.pool.render('# Still here\n', 'x.mdx')).headings).toEqual([]);
	await b.release();
	await expect(b.pool.render('x', 'x.mdx')).rejects.toThrow();
	const c = acquireRenderPool();
	expect(c.pool).not.toBe(a.pool);
	expect((await c.pool.render('## A heading\n', 'x.mdx')).headings).toEqual([{ depth: 2, slug: 'a-heading', text: 'A heading' }]);
	await c.release();
});
