/** The fenced code blocks of MDX files, as the MDX parser gives them (tests of highlighting). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Element, Root, RootContent } from 'hast';
import { mdxToHast } from 'satteri';
import { splitFrontmatter } from '../../src/lib/frontmatter.ts';

export function mdxFiles(dir: string): string[] {
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile() && entry.name.endsWith('.mdx'))
		.map((entry) => join(entry.parentPath, entry.name))
		.sort();
}

export type Fence = { source: string; lang: string; meta: string | null | undefined };

/** The `code` element of a fenced block (`<pre><code>`), or undefined. */
export const codeOf = (node: RootContent) => (node.type === 'element' && node.tagName === 'pre' ? node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code') : undefined);

/** A fenced block's text, language and meta, as the MDX parser gives them. */
export function fenceOf(code: Element): Fence {
	const data = (code.data ?? {}) as { lang?: string | null; meta?: string | null };
	const text = code.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
	return { source: text.replace(/\n$/, ''), lang: data.lang ?? 'text', meta: data.meta };
}

/** Every fenced code block of the MDX files under `dir`. */
export function codeBlocks(dir: string): (Fence & { file: string })[] {
	const blocks: (Fence & { file: string })[] = [];
	const visit = (file: string, nodes: RootContent[]) => {
		for (const node of nodes) {
			if (node.type !== 'element' && node.type !== ('mdxJsxFlowElement' as string)) continue;
			const code = codeOf(node);
			if (code) blocks.push({ file, ...fenceOf(code) });
			else visit(file, (node as { children: RootContent[] }).children);
		}
	};
	for (const file of mdxFiles(dir)) {
		const body = splitFrontmatter(readFileSync(file, 'utf8'))?.body ?? '';
		visit(file, (mdxToHast(body, { features: { gfm: true, smartPunctuation: true }, position: false }) as unknown as Root).children);
	}
	return blocks;
}
