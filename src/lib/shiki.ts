/**
 * Shiki transformers for every code block on the site: the notation transformers (diff,
 * highlight, focus) plus our own frame, which labels the block as illustrative, shows its title
 * or language, and adds a copy button (wired by src/scripts/copy.client.ts).
 */
import type { ShikiTransformer } from 'shiki';
import {
	transformerNotationDiff,
	transformerNotationFocus,
	transformerNotationHighlight,
} from '@shikijs/transformers';
import type { Element, ElementContent } from 'hast';

const languageNames: Record<string, string> = {
	c: 'C',
	diff: 'diff',
	sh: 'shell',
	shell: 'shell',
	bash: 'shell',
	text: 'text',
	plaintext: 'text',
	yaml: 'YAML',
	json: 'JSON',
	ts: 'TypeScript',
	js: 'JavaScript',
	make: 'Makefile',
	ini: 'Kconfig',
};

/** Reads `title="…"` from a fence's meta string. */
export function titleFromMeta(meta: string | undefined): string | undefined {
	return meta ? /(?:^|\s)title="([^"]+)"/.exec(meta)?.[1] : undefined;
}

const el = (tagName: string, properties: Element['properties'], children: ElementContent[]): Element => ({
	type: 'element',
	tagName,
	properties,
	children,
});
const txt = (value: string): ElementContent => ({ type: 'text', value });

export function transformerCodeFrame(): ShikiTransformer {
	return {
		name: 'uabi-kb:code-frame',
		root(root) {
			const pre = root.children.find((node): node is Element => node.type === 'element' && node.tagName === 'pre');
			if (!pre) return;
			const lang = this.options.lang;
			const title = titleFromMeta((this.options.meta as { __raw?: string } | undefined)?.__raw);
			pre.properties['tabindex'] = '0';
			pre.properties['data-language'] = lang;
			const label = languageNames[lang] ?? lang;
			// Pagefind joins the text of neighbouring inline elements without a space, so the
			// caption spells its spaces out (a flex container does not show them); the note and
			// the button are the same on every block and stay out of the search index, and so
			// does the language name when the author gave no title.
			const unindexed = { 'data-pagefind-ignore': '' };
			const caption = el('figcaption', { className: ['code-caption'] }, [
				el('span', { className: ['code-title'], ...(title ? {} : unindexed) }, [txt(title ?? label)]),
				txt(' '),
				el('span', { className: ['code-note'], ...unindexed }, [txt(`Illustrative ${label}, written for uabi-kb`)]),
				txt(' '),
				el('button', { type: 'button', className: ['code-copy'], 'data-copy': '', hidden: true, ...unindexed }, [txt('Copy')]),
				txt(' '),
			]);
			root.children = [el('figure', { className: ['code-frame'] }, [caption, pre])];
		},
	};
}

const codeFrame = transformerCodeFrame();

export const shikiTransformers: ShikiTransformer[] = [
	transformerNotationDiff({ matchAlgorithm: 'v3' }),
	transformerNotationHighlight({ matchAlgorithm: 'v3' }),
	transformerNotationFocus({ matchAlgorithm: 'v3' }),
	codeFrame,
];

/**
 * The transformers one block needs. The notation transformers change only comments that hold
 * `[!code <keyword>]` (their patterns ignore case), yet they read every comment token of every
 * block to find out; a block whose text has no `[!code ` gets the frame alone, and the same HTML
 * (tests/unit/shiki.test.ts).
 */
export function transformersFor(source: string): ShikiTransformer[] {
	return /\[!code /i.test(source) ? shikiTransformers : [codeFrame];
}

// High-contrast variants: the plain GitHub themes colour comments and parameters below the
// WCAG AA ratio of 4.5:1 (axe reports 3.0–3.5:1).
export const shikiThemes = { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' } as const;
