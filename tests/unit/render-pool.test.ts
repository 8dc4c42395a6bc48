import { afterAll, describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getPriority } from 'node:os';
import { renderBody } from '../../src/lib/render-body.ts';
import { abandonEarlyRenders, acquireRenderPool, dropEarlyRenders, renderEarly, renderPool, takeEarlyRender } from '../../src/lib/render-pool.ts';
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

	// Linux only: elsewhere the workers keep their priority (src/lib/thread-priority.ts).
	test.runIf(process.platform === 'linux')('run ten nice levels below this thread, which keeps its own', async () => {
		await Promise.all(bodies.slice(0, 4).map(({ body, file }) => pool.render(body, file)));
		const niceOf = (task: string) => {
			const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
			return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
		};
		const here = getPriority();
		const threads = readdirSync('/proc/self/task').map(niceOf);
		expect(niceOf(String(process.pid))).toBe(here);
		expect(threads.filter((nice) => nice === Math.min(19, here + 10)).length).toBeGreaterThanOrEqual(2);
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

describe('early renders (a cold build renders while it validates)', () => {
	test('are taken once, by path and only for the same body, from the shared pool', async () => {
		renderEarly('/c/users/a.mdx', 'content/users/a.mdx', '## Alpha\n');
		renderEarly('/c/users/b.mdx', 'content/users/b.mdx', '## Beta\n');
		const holder = acquireRenderPool();
		const a = takeEarlyRender('/c/users/a.mdx', '## Alpha\n');
		expect((await a!).headings).toEqual([{ depth: 2, slug: 'alpha', text: 'Alpha' }]);
		expect(takeEarlyRender('/c/users/a.mdx', '## Alpha\n')).toBeUndefined();
		// The file changed after validation: the loader renders it again.
		expect(takeEarlyRender('/c/users/b.mdx', '## Beta, edited\n')).toBeUndefined();
		expect(takeEarlyRender('/c/users/missing.mdx', 'x')).toBeUndefined();
		// The early holder is gone once all were taken; the pool lives on for its other holder.
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect((await holder.pool.render('## Gamma\n', 'g.mdx')).headings[0]?.slug).toBe('gamma');
		await holder.release();
		await expect(holder.pool.render('x', 'x.mdx')).rejects.toThrow();
	});

	test('keep a body error for the loader, with its file', async () => {
		renderEarly('/c/users/bad.mdx', 'content/users/bad.mdx', '```cobol\nx\n```\n');
		await expect(takeEarlyRender('/c/users/bad.mdx', '```cobol\nx\n```\n')!).rejects.toThrow('content/users/bad.mdx: code fence language "cobol"');
	});

	test('not taken are dropped by folder, and the workers stop once all have settled', async () => {
		renderEarly('/c/users/x.mdx', 'content/users/x.mdx', 'x');
		renderEarly('/c/users-old/y.mdx', 'content/users-old/y.mdx', 'y');
		await dropEarlyRenders('/c/users');
		// users-old is another folder, even though its name starts the same.
		expect(takeEarlyRender('/c/users/x.mdx', 'x')).toBeUndefined();
		const y = takeEarlyRender('/c/users-old/y.mdx', 'y');
		expect((await y!).html).toBe('<p>y</p>');
		// Taking the last one let the early holder go once its renders settle (asynchronously).
		await new Promise((resolve) => setTimeout(resolve, 50));
		renderEarly('/c/apis/z.mdx', 'content/apis/z.mdx', 'z');
		const pool = acquireRenderPool();
		await pool.release();
		await dropEarlyRenders();
		await expect(pool.pool.render('x', 'x.mdx')).rejects.toThrow('closed');
	});

	test('abandoned stop at once (a build whose validation failed)', async () => {
		renderEarly('/c/users/slow.mdx', 'content/users/slow.mdx', '```c\nint x;\n```\n');
		const pool = acquireRenderPool();
		await pool.release();
		await abandonEarlyRenders();
		expect(takeEarlyRender('/c/users/slow.mdx', '```c\nint x;\n```\n')).toBeUndefined();
		await expect(pool.pool.render('x', 'x.mdx')).rejects.toThrow('closed');
	});
});
