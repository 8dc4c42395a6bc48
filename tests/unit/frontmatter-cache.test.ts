import { expect, test } from 'vitest';
import { rememberFrontmatter, takeFrontmatter } from '../../src/lib/frontmatter-cache.ts';

test('parsed frontmatter is reused only for the same text, and only once', () => {
	const data = { title: 'x' };
	rememberFrontmatter('/c/users/a.mdx', '---\ntitle: x\n---\nbody', data);
	expect(takeFrontmatter('/c/users/a.mdx', '---\ntitle: x\n---\nbody')).toEqual({ data });
	expect(takeFrontmatter('/c/users/a.mdx', '---\ntitle: x\n---\nbody')).toBeUndefined();
	rememberFrontmatter('/c/users/b.mdx', '---\ntitle: old\n---\n', { title: 'old' });
	expect(takeFrontmatter('/c/users/b.mdx', '---\ntitle: new\n---\n')).toBeUndefined();
	expect(takeFrontmatter('/c/users/never.mdx', '')).toBeUndefined();
});
