/**
 * A code block whose text has no `[!code ` skips the notation transformers
 * (`transformersFor` in src/lib/shiki.ts) and must come out exactly as with them: checked on
 * every code block of the content, the fixtures and a generated corpus, and on notations in
 * other cases, forms and comment styles.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHighlighter, type Highlighter } from 'shiki';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import { shikiTransformers, transformersFor } from '../../src/lib/shiki.ts';
import { languages } from '../../src/lib/render-body.ts';
import { generate } from '../../scripts/bench/generate.ts';
import { codeBlocks, type Fence } from '../helpers/code-blocks.ts';

const root = join(import.meta.dirname, '..', '..');
const corpus = mkdtempSync(join(tmpdir(), 'uabi-kb-shiki-'));
let shiki: Highlighter;

beforeAll(async () => {
	generate({ users: 40, out: corpus, seed: 11, realContent: join(root, 'content') });
	shiki = await createHighlighter({ themes: ['github-light'], langs: [...new Set(Object.values(languages).filter((lang) => lang !== 'text'))], engine: createJavaScriptRegexEngine() });
});
afterAll(() => rmSync(corpus, { recursive: true, force: true }));

const html = (block: Fence, transformers: typeof shikiTransformers) =>
	shiki.codeToHtml(block.source, { lang: languages[block.lang] ?? 'text', theme: 'github-light', meta: block.meta ? { __raw: block.meta } : {}, transformers });

test('every code block of the content, the fixtures and a generated corpus is the same without the notation transformers it skips', () => {
	const blocks = [join(root, 'content'), join(root, 'tests', 'fixtures', 'valid', 'content'), corpus].flatMap(codeBlocks);
	const skipping = blocks.filter((block) => transformersFor(block.source).length < shikiTransformers.length);
	// Both kinds are there: blocks that skip them and blocks with notations that need them.
	expect(skipping.length).toBeGreaterThan(50);
	expect(blocks.length - skipping.length).toBeGreaterThan(10);
	for (const block of blocks) expect(html(block, transformersFor(block.source)), `${block.file}: ${block.lang} block`).toBe(html(block, shikiTransformers));
});

test('a notation in any case, form or comment style keeps every transformer', () => {
	const cases: Fence[] = [
		{ source: 'int a; // [!CODE ++]\nint b; /* [!Code --] */', lang: 'c', meta: undefined },
		{ source: 'x = 1 # [!code hl]\ny = 2 # [!code focus:2]', lang: 'sh', meta: undefined },
		{ source: '// [!code highlight:3]\nconst a = 1;\nconst b = 2;', lang: 'js', meta: undefined },
	];
	for (const block of cases) {
		expect(transformersFor(block.source)).toBe(shikiTransformers);
		// And the notations did something: the output differs from the frame alone.
		expect(html(block, shikiTransformers)).not.toBe(html(block, transformersFor('')));
	}
	expect(transformersFor('int a; // no notation here, not even [!cod')).toHaveLength(1);
});
