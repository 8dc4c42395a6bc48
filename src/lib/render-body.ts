/**
 * Renders an entry's MDX body to HTML at content sync, once per entry, with Satteri (the MDX
 * parser Astro itself uses) and one shared Shiki highlighter. No entry becomes a JavaScript
 * module, which is what made large builds slow and memory-hungry (see README, Performance).
 *
 * The author-facing components are syntax-tree transforms, not runtime components:
 * `<H2|H3|H4 id="…">` become headings with a stable id and a `#` link, `<Note kind="…">`
 * becomes a callout. Other lowercase HTML elements pass through with their string attributes
 * (the validator has already refused unsafe ones). Markdown headings get github-slugger ids,
 * as Astro gives them.
 */
import GithubSlugger from 'github-slugger';
import { toHtml } from 'hast-util-to-html';
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { mdxToHast } from 'satteri';
import { bundledThemes, createHighlighter, type Highlighter } from 'shiki';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import { shikiThemes, transformersFor } from './shiki.ts';
import { lightDarkTheme, type LightDarkTheme } from './light-dark-theme.ts';
import { cacheLineTokens } from './line-tokens-cache.ts';
import { toFastHtml } from './hast-html.ts';

/** Bump when the output of this renderer changes, so cached entries are rendered again. */
export const RENDER_VERSION = 7;

/** Fence languages we highlight, by the name authors write. Anything else is an error. */
export const languages: Record<string, string> = {
	c: 'c',
	h: 'c',
	diff: 'diff',
	sh: 'shellscript',
	shell: 'shellscript',
	bash: 'shellscript',
	yaml: 'yaml',
	json: 'json',
	ts: 'typescript',
	js: 'javascript',
	make: 'makefile',
	ini: 'ini',
	text: 'text',
	plaintext: 'text',
	txt: 'text',
};

let highlighter: Promise<{ shiki: Highlighter; colours: LightDarkTheme }> | undefined;
const getHighlighter = () =>
	(highlighter ??= (async () => {
		const [light, dark] = await Promise.all([bundledThemes[shikiThemes.light](), bundledThemes[shikiThemes.dark]()]);
		// One tokenization colours both themes (src/lib/light-dark-theme.ts).
		const colours = lightDarkTheme(light.default, dark.default);
		const shiki = await createHighlighter({
			themes: [colours.theme],
			langs: [...new Set(Object.values(languages).filter((l) => l !== 'text'))],
			engine: createJavaScriptRegexEngine(),
		});
		// Lines repeat across code samples; each is tokenized once per thread (one theme only).
		for (const lang of shiki.getLoadedLanguages()) cacheLineTokens(shiki.getLanguage(lang));
		return { shiki, colours };
	})());

export interface Heading {
	depth: number;
	slug: string;
	text: string;
}

export class BodyError extends Error {
	override name = 'BodyError';
}

interface JsxNode {
	type: 'mdxJsxFlowElement' | 'mdxJsxTextElement';
	name: string | null;
	attributes: { type: string; name?: string; value?: unknown }[];
	children: RootContent[];
}

const textOf = (node: RootContent | Root): string =>
	node.type === 'text' ? node.value : 'children' in node ? (node.children as RootContent[]).map(textOf).join('') : '';

const el = (tagName: string, properties: Element['properties'], children: ElementContent[]): Element => ({ type: 'element', tagName, properties, children });

const noteLabels: Record<string, string> = { note: 'Note', warning: 'Warning', unverified: 'Unverified' };

function stringAttributes(node: JsxNode): Record<string, string> {
	const out: Record<string, string> = {};
	for (const attribute of node.attributes) {
		if (attribute.type !== 'mdxJsxAttribute' || !attribute.name) throw new BodyError(`<${node.name}>: spread attributes are not supported`);
		if (typeof attribute.value !== 'string') throw new BodyError(`<${node.name} ${attribute.name}>: write attribute values as quoted strings`);
		out[attribute.name] = attribute.value;
	}
	return out;
}

/** A fenced code block's Shiki tree: `written` is the fence's language, `meta` the rest of its line. */
export async function highlightToHast(source: string, written: string, meta: string | null | undefined, file: string): Promise<ElementContent[]> {
	const lang = languages[written];
	if (!lang) throw new BodyError(`${file}: code fence language "${written}" is not supported; use one of ${Object.keys(languages).join(', ')}`);
	const { shiki, colours } = await getHighlighter();
	const hast = shiki.codeToHast(source, {
		lang,
		theme: colours.theme.name!,
		// No time limit per line: with one (Shiki's default is 500 ms) a loaded machine leaves
		// the rest of a slow line uncoloured, and two builds of the same content differ.
		tokenizeTimeLimit: 0,
		meta: meta ? { __raw: meta } : {},
		transformers: [
			colours.transformer,
			{
				name: 'uabi-kb:astro-code',
				pre(node) {
					// The class Astro gives its code blocks, so one stylesheet serves both.
					const value = node.properties['class'];
					const classes = Array.isArray(value) ? value.join(' ') : String(value ?? '');
					node.properties['class'] = classes.replace(/shiki/g, 'astro-code');
				},
				line(node) {
					// In a diff, the +/- marker is not part of the line a reader copies.
					if (lang !== 'diff') return;
					const first = node.children[0];
					const text = first?.type === 'element' ? first.children[0] : undefined;
					if (text?.type === 'text' && (text.value.startsWith('+') || text.value.startsWith('-'))) {
						const marker = text.value[0]!;
						text.value = text.value.slice(1);
						(first as Element).children.unshift(el('span', { style: 'user-select: none;' }, [{ type: 'text', value: marker }]));
					}
				},
			},
			...transformersFor(source),
		],
	});
	return hast.children as ElementContent[];
}

async function highlight(code: Element, file: string): Promise<ElementContent[]> {
	const data = (code.data ?? {}) as { lang?: string | null; meta?: string | null };
	const children = await highlightToHast(textOf(code).replace(/\n$/, ''), data.lang ?? 'text', data.meta, file);
	// Serialized here, where the tree is known to be Shiki's: the same bytes as hast-util-to-html
	// in a fraction of the time (src/lib/hast-html.ts), even in a body that the fast serializer
	// declines as a whole (one holding a comment) and hast-util-to-html writes.
	const html = toFastHtml(children);
	return html === undefined ? children : [{ type: 'raw', value: html } as unknown as ElementContent];
}

async function transform(nodes: RootContent[], file: string, slugger: GithubSlugger, headings: Heading[]): Promise<ElementContent[]> {
	const out: ElementContent[] = [];
	for (const node of nodes) {
		if (node.type === 'element') {
			const code = node.tagName === 'pre' ? node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code') : undefined;
			if (code) {
				out.push(...(await highlight(code, file)));
				continue;
			}
			const children = await transform(node.children as RootContent[], file, slugger, headings);
			const depth = /^h([2-4])$/.exec(node.tagName)?.[1];
			if (depth) {
				const slug = slugger.slug(textOf(node));
				headings.push({ depth: Number(depth), slug, text: textOf(node) });
				out.push({ ...node, properties: { ...node.properties, id: slug }, children });
			} else {
				out.push({ ...node, children });
			}
			continue;
		}
		if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
			const jsx = node as unknown as JsxNode;
			const attributes = stringAttributes(jsx);
			const children = await transform(jsx.children, file, slugger, headings);
			const level = /^H([2-4])$/.exec(jsx.name ?? '')?.[1];
			if (level) {
				const id = attributes['id'] ?? '';
				if (!/^[a-z0-9][a-z0-9.-]*$/.test(id)) throw new BodyError(`${file}: <${jsx.name} id="${id}">: heading ids are lowercase letters, digits, dots and dashes`);
				out.push(
					el(`h${level}`, { id, className: ['anchored'] }, [
						...children,
						el('a', { className: ['anchor'], href: `#${id}`, ariaLabel: 'Link to this section', dataPagefindIgnore: '' }, [{ type: 'text', value: '#' }]),
					]),
				);
			} else if (jsx.name === 'Note') {
				const kind = attributes['kind'] ?? 'note';
				const label = noteLabels[kind];
				if (!label) throw new BodyError(`${file}: <Note kind="${kind}">: kind must be note, warning or unverified`);
				out.push(el('div', { className: ['note', `note-${kind}`], role: 'note' }, [el('p', { className: ['note-label'] }, [{ type: 'text', value: label }]), ...children]));
			} else if (jsx.name && /^[a-z][a-z0-9]*$/.test(jsx.name)) {
				out.push(el(jsx.name, attributes, children));
			} else {
				throw new BodyError(`${file}: <${jsx.name ?? ''}> is not a component of this site (H2, H3, H4, Note)`);
			}
			continue;
		}
		if (node.type === 'text' || node.type === 'comment') {
			out.push(node);
			continue;
		}
		throw new BodyError(`${file}: ${node.type} is not allowed in content (JavaScript expressions, imports and exports)`);
	}
	return out;
}

/** A body rendered to HTML, with the headings it holds. */
export interface RenderedBody {
	html: string;
	headings: Heading[];
}

/** A body's tree as it is serialized, code blocks already HTML (raw nodes), and its headings. */
export async function bodyTree(body: string, file: string): Promise<{ children: ElementContent[]; headings: Heading[] }> {
	// GFM and smart punctuation, as Astro's own Markdown and MDX pipeline has them by default.
	const tree = mdxToHast(body, { features: { gfm: true, smartPunctuation: true }, position: false }) as unknown as Root;
	const headings: Heading[] = [];
	const children = await transform(tree.children, file, new GithubSlugger(), headings);
	return { children, headings };
}

export async function renderBody(body: string, file: string): Promise<RenderedBody> {
	const { children, headings } = await bodyTree(body, file);
	// Raw nodes are only the code blocks serialized by highlight(); the content cannot make one
	// (transform() refuses every node type but elements, text and comments). The fast serializer
	// writes what hast-util-to-html would, and declines what it does not handle (comments).
	const options = { allowDangerousHtml: true };
	return { html: toFastHtml(children, options) ?? toHtml({ type: 'root', children }, options), headings };
}
