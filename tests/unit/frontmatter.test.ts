import { expect, test } from 'vitest';
import { rememberFrontmatter, splitFrontmatter, takeFrontmatter } from '../../src/lib/frontmatter.ts';

test('parsed frontmatter is reused only for the same text, and only once', () => {
	const data = { title: 'x' };
	rememberFrontmatter('/c/users/a.mdx', '---\ntitle: x\n---\nbody', data);
	expect(takeFrontmatter('/c/users/a.mdx', '---\ntitle: x\n---\nbody')).toEqual({ data });
	expect(takeFrontmatter('/c/users/a.mdx', '---\ntitle: x\n---\nbody')).toBeUndefined();
	rememberFrontmatter('/c/users/b.mdx', '---\ntitle: old\n---\n', { title: 'old' });
	expect(takeFrontmatter('/c/users/b.mdx', '---\ntitle: new\n---\n')).toBeUndefined();
	expect(takeFrontmatter('/c/users/never.mdx', '')).toBeUndefined();
});

test('frontmatter ends at the first closing --- line, CRLF or LF, with or without a body', () => {
	expect(splitFrontmatter('---\ntitle: x\n---\nbody\n---\nmore')).toEqual({ yaml: 'title: x', body: 'body\n---\nmore', offset: 1 });
	expect(splitFrontmatter('---\r\na: 1\r\n--- \r\n\r\nText')).toEqual({ yaml: 'a: 1', body: '\r\nText', offset: 1 });
	expect(splitFrontmatter('---\na: 1\n---')).toEqual({ yaml: 'a: 1', body: '', offset: 1 });
	expect(splitFrontmatter('title: x\n---\nbody')).toBeUndefined();
});
