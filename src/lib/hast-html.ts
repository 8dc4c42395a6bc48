/**
 * A fast serializer for the syntax trees Shiki gives for code blocks, byte for byte what
 * hast-util-to-html writes for them with its default settings. A code block is hundreds of small
 * `span`s; hast-util-to-html serializes any tree in any HTML or SVG context, looking every
 * attribute up in a schema and escaping through a general entity encoder, and at 5,000 users it
 * spent about 2 s of each body-render worker's CPU time on that (README, Performance, step 18).
 *
 * Whole bodies go through it too (src/lib/render-body.ts): their paragraphs, lists, links and
 * headings cost the single body-render worker about 0.4 s more of hast-util-to-html, and that
 * worker is what the content sync waits for (README, Performance, step 25).
 *
 * What is handled here: HTML elements other than `template`, `script`, `style`, `svg` and `math`
 * (whose serialization depends on context), void elements without children, text, raw HTML when
 * the caller allows it (as hast-util-to-html's `allowDangerousHtml`), and attribute values that
 * are strings, numbers, booleans or lists. For anything else, comments included, `toFastHtml`
 * returns undefined and the caller serializes the tree with hast-util-to-html. Tests compare both
 * on every code block and every body of the content, the fixtures and a generated corpus, and on
 * characters that need escaping (tests/unit/hast-html.test.ts).
 */
import type { ElementContent, Properties } from 'hast';
import { find, html, type Info } from 'property-information';
import { htmlVoidElements } from 'html-void-elements';
import { stringify as commas } from 'comma-separated-tokens';
import { stringify as spaces } from 'space-separated-tokens';

const contextual = new Set(['template', 'script', 'style', 'svg', 'math']);
const voids = new Set(htmlVoidElements);

// Hexadecimal references, as hast-util-to-html writes them (stringify-entities, default options).
const reference = (character: string) => `&#x${character.charCodeAt(0).toString(16).toUpperCase()};`;
const textEscapes = /[<&]/g;
// The double-quoted attribute value state, without parse errors or dangerous characters.
const valueEscapes = /[\0"&'`]/g;
// Attribute names hast-util-to-html would have to escape: left to it.
const nameNeedsEscapes = /[\0\t\n\f\r "&'/<=>`]/;

/** Each property's schema entry, looked up once; null for names left to hast-util-to-html. */
const infos = new Map<string, Info | null>();

function infoOf(key: string): Info | null {
	let info = infos.get(key);
	if (info === undefined) {
		const found = find(html, key);
		info = nameNeedsEscapes.test(found.attribute) ? null : found;
		infos.set(key, info);
	}
	return info;
}

/** One attribute as hast-util-to-html writes it ('' when it is left out), or undefined when not handled here. */
function attribute(key: string, given: Properties[string]): string | undefined {
	const info = infoOf(key);
	if (!info) return undefined;
	let value: unknown = given;
	if (info.overloadedBoolean && (value === info.attribute || value === '')) value = true;
	else if ((info.boolean || info.overloadedBoolean) && (typeof value !== 'string' || value === info.attribute || value === '')) value = Boolean(value);
	if (value === null || value === undefined || value === false || (typeof value === 'number' && Number.isNaN(value))) return '';
	if (value === true) return info.attribute;
	let text: string;
	if (Array.isArray(value)) text = (info.commaSeparated ? commas : spaces)(value as (string | number)[], { padLeft: true });
	else if (typeof value === 'string' || typeof value === 'number') text = String(value);
	else return undefined;
	return `${info.attribute}="${text.replace(valueEscapes, reference)}"`;
}

function serialize(node: ElementContent, out: string[], allowDangerousHtml: boolean): boolean {
	if (node.type === 'text') {
		out.push(node.value.replace(textEscapes, reference));
		return true;
	}
	// A raw node (mdast-util-to-hast's, not in hast's own types) is written as it is, when allowed.
	if ((node as { type: string }).type === 'raw' && allowDangerousHtml) {
		out.push((node as unknown as { value: string }).value);
		return true;
	}
	if (node.type !== 'element') return false;
	const name = node.tagName.toLowerCase();
	// A void element with children is serialized as a normal one by hast-util-to-html: left to it.
	const isVoid = voids.has(name);
	if (contextual.has(name) || (isVoid && node.children.length > 0)) return false;
	const attributes: string[] = [];
	for (const key in node.properties) {
		const value = node.properties[key];
		if (value === null || value === undefined) continue;
		const written = attribute(key, value);
		if (written === undefined) return false;
		if (written) attributes.push(written);
	}
	out.push(attributes.length > 0 ? `<${node.tagName} ${attributes.join(' ')}>` : `<${node.tagName}>`);
	if (isVoid) return true;
	for (const child of node.children) if (!serialize(child, out, allowDangerousHtml)) return false;
	out.push(`</${node.tagName}>`);
	return true;
}

/**
 * `nodes` as hast-util-to-html serializes them by default (with `allowDangerousHtml` as given),
 * or undefined when they hold something not handled here.
 */
export function toFastHtml(nodes: readonly ElementContent[], { allowDangerousHtml = false }: { allowDangerousHtml?: boolean } = {}): string | undefined {
	const out: string[] = [];
	for (const node of nodes) if (!serialize(node, out, allowDangerousHtml)) return undefined;
	return out.join('');
}
