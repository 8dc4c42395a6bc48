/**
 * src/lib/hast-html.ts writes code blocks as hast-util-to-html would, byte for byte: on every
 * code block of the site's content, of the valid fixtures and of a generated benchmark corpus,
 * on trees built to hold every character that needs escaping, and it declines (undefined) what
 * it does not handle, so that hast-util-to-html serializes that instead.
 */
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { mdxToHast } from 'satteri';
import { toFastHtml } from '../../src/lib/hast-html.ts';
import { bodyTree, highlightToHast, renderBody } from '../../src/lib/render-body.ts';
import { generate } from '../../scripts/bench/generate.ts';
import { codeBlocks, codeOf, fenceOf, mdxFiles } from '../helpers/code-blocks.ts';
import { splitFrontmatter } from '../../src/lib/frontmatter.ts';

const root = join(import.meta.dirname, '..', '..');
const slow = (nodes: ElementContent[]) => toHtml({ type: 'root', children: nodes });

describe('code blocks serialize as hast-util-to-html serializes them', () => {
	const corpus = mkdtempSync(join(tmpdir(), 'uabi-kb-hast-html-'));
	const sources = [
		['the site content', join(root, 'content'), 50],
		['the valid fixtures', join(root, 'tests', 'fixtures', 'valid', 'content'), 4],
		['a generated 40-user corpus', corpus, 50],
	] as const;

	test.each(sources)('every code block of %s', async (_, dir, atLeast) => {
		if (dir === corpus) generate({ users: 40, out: corpus, seed: 7, realContent: join(root, 'content') });
		try {
			const blocks = codeBlocks(dir);
			expect(blocks.length).toBeGreaterThanOrEqual(atLeast);
			for (const block of blocks) {
				const hast = await highlightToHast(block.source, block.lang, block.meta, block.file);
				const fast = toFastHtml(hast);
				// Defined: the fast path is taken for Shiki's trees, not silently skipped.
				expect(fast, `${block.file}: ${block.lang} block`).toBeDefined();
				expect(fast, `${block.file}: ${block.lang} block`).toBe(slow(hast));
			}
		} finally {
			if (dir === corpus) rmSync(corpus, { recursive: true, force: true });
		}
	});

	test.each(sources)('every body of %s', async (_, dir) => {
		if (dir === corpus) generate({ users: 40, out: corpus, seed: 7, realContent: join(root, 'content') });
		try {
			const files = mdxFiles(dir);
			expect(files.length).toBeGreaterThan(3);
			let fastBodies = 0;
			for (const file of files) {
				const { children } = await bodyTree(splitFrontmatter(readFileSync(file, 'utf8'))!.body, file);
				const options = { allowDangerousHtml: true };
				const fast = toFastHtml(children, options);
				if (fast === undefined) continue;
				fastBodies++;
				expect(fast, file).toBe(toHtml({ type: 'root', children }, options));
			}
			// The fast path is taken for whole bodies, not silently skipped.
			expect(fastBodies).toBe(files.length);
		} finally {
			if (dir === corpus) rmSync(corpus, { recursive: true, force: true });
		}
	});

	test('a highlighted body is the same with and without the fast path', async () => {
		const body = ['Text with **bold** & "quotes" < here.', '', '```c title="a <b> & \'c\'.c"', 'if (a < b && c > "d" || \'e\' == `f`) return; // [!code highlight]', '```', '', '```diff', '-old & <x>', '+new', '```'].join('\n');
		const { html } = await renderBody(body, 'inline.mdx');
		const tree = mdxToHast(body, { features: { gfm: true, smartPunctuation: true }, position: false }) as unknown as Root;
		expect(html).toContain('&#x3C;');
		expect(html).not.toMatch(/"type":"raw"|\[object Object\]/);
		// The same page through hast-util-to-html alone: its code blocks highlighted, serialized slowly.
		const parts: string[] = [];
		for (const node of tree.children) {
			const code = codeOf(node);
			if (!code) {
				parts.push(toHtml(node as ElementContent));
				continue;
			}
			const { source, lang, meta } = fenceOf(code);
			parts.push(slow(await highlightToHast(source, lang, meta, 'inline.mdx')));
		}
		expect(html).toBe(parts.join(''));
	});
});

describe('characters and attributes', () => {
	const span = (properties: Element['properties'], children: ElementContent[] = []): Element => ({ type: 'element', tagName: 'span', properties, children });
	const cases: [string, ElementContent[]][] = [
		['text that needs escaping', [{ type: 'text', value: `a < b && c > "d" 'e' \`f\` \0 é 😀 &amp;` }]],
		['attribute values that need escaping', [span({ title: `<x> & "y" 'z' \`w\` \0`, style: 'color:#fff;--a:"b"' })]],
		['class lists and numbers', [span({ className: ['a', 'b c'], tabIndex: 0, dataLine: 3, 'data-x': '' })]],
		['comma-separated lists', [span({ accept: ['.c', '.h'] }, [{ type: 'text', value: 'x' }])]],
		['boolean and left-out attributes', [{ type: 'element', tagName: 'button', properties: { hidden: true, disabled: false, title: null as unknown as string, lang: undefined, type: 'button' }, children: [] }]],
		['nested elements and empty ones', [span({}, [span({ style: 'a' }, [{ type: 'text', value: 'x' }]), span({})])]],
		['void elements, with and without attributes', [{ type: 'text', value: 'a' }, { type: 'element', tagName: 'br', properties: {}, children: [] }, { type: 'element', tagName: 'img', properties: { src: 'x.png', alt: 'a "b"' }, children: [] }, { type: 'element', tagName: 'HR', properties: {}, children: [] }]],
	];
	test.each(cases)('%s', (_, nodes) => {
		const fast = toFastHtml(nodes);
		expect(fast).toBeDefined();
		expect(fast).toBe(slow(nodes));
	});

	const raw = [span({}, [{ type: 'raw', value: '<b>as <i>is</i></b> &' } as unknown as ElementContent])];
	test('raw HTML is written as it is when allowed, as hast-util-to-html writes it, and declined otherwise', () => {
		expect(toFastHtml(raw, { allowDangerousHtml: true })).toBe('<span><b>as <i>is</i></b> &</span>');
		expect(toFastHtml(raw, { allowDangerousHtml: true })).toBe(toHtml({ type: 'root', children: raw }, { allowDangerousHtml: true }));
		expect(toFastHtml(raw)).toBeUndefined();
	});

	const declined: [string, ElementContent[]][] = [
		['a void element with children', [{ type: 'element', tagName: 'br', properties: {}, children: [{ type: 'text', value: 'x' }] }]],
		['svg', [{ type: 'element', tagName: 'svg', properties: { viewBox: '0 0 1 1' }, children: [] }]],
		['script', [{ type: 'element', tagName: 'script', properties: {}, children: [{ type: 'text', value: 'a<b' }] }]],
		['a comment', [{ type: 'comment', value: 'x' }]],
		['an attribute name that needs escaping', [span({ 'a"b': 'x' })]],
		['an object as attribute value', [span({ title: { a: 1 } as unknown as string })]],
	];
	test.each(declined)('declines %s', (_, nodes) => {
		expect(toFastHtml(nodes)).toBeUndefined();
	});
});
