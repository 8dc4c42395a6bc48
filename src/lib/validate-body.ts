/**
 * Checks of MDX bodies, on the syntax tree that Satteri (Astro's MDX parser) produces:
 * - the body parses (malformed MDX is reported with its line);
 * - no unsafe markup: <script>, <style>, <iframe> and friends, on* attributes, javascript: URLs,
 *   JavaScript expressions or import/export statements;
 * - heading ids from <H2 id>/<H3 id>/<H4 id> are well formed, unique on the page and not taken
 *   by the page template;
 * - internal links point at pages that exist and at fragments those pages have (item pages;
 *   fragments of index pages are checked on the built site by tests/built/links.test.ts).
 */
import GithubSlugger from 'github-slugger';
import { mdxToMdast } from 'satteri';
import { eventAnchor } from './anchors.ts';
import { routeOf } from './routes.ts';
import { staticPages } from './static-pages.ts';
import { templateIds } from './template-ids.ts';
import type { LoadedItem, Problem } from './validate.ts';

interface Node {
	type: string;
	name?: string | null;
	url?: string;
	value?: unknown;
	depth?: number;
	attributes?: { type: string; name?: string; value?: unknown }[];
	children?: Node[];
	position?: { start: { line: number } };
}

const forbiddenElements = new Set(['script', 'style', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'link', 'meta', 'base', 'frame', 'frameset', 'svg', 'math', 'template']);
const headingComponents = new Set(['H2', 'H3', 'H4']);

function text(node: Node): string {
	if (node.type === 'text' || node.type === 'inlineCode') return String(node.value ?? '');
	return (node.children ?? []).map(text).join('');
}

function walk(node: Node, visit: (node: Node) => void): void {
	visit(node);
	for (const child of node.children ?? []) walk(child, visit);
}

interface ParsedBody {
	item: LoadedItem;
	tree?: Node;
	firstLine: number;
	ids: Map<string, number>;
}

function parse(item: LoadedItem, problems: Problem[]): ParsedBody {
	const bodyLines = item.body.split('\n').length;
	const firstLine = (item.rawLineCount ?? bodyLines) - bodyLines + 1;
	const parsed: ParsedBody = { item, firstLine, ids: new Map() };
	try {
		parsed.tree = mdxToMdast(item.body) as unknown as Node;
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		const at = /^(\d+):(\d+): /.exec(message);
		problems.push({
			file: item.file,
			line: firstLine + (at ? Number(at[1]) - 1 : 0),
			field: 'body',
			message: `malformed MDX: ${message.replace(/^\d+:\d+: /, '').replace(/ \(mdx[^)]*\)$/, '')}`,
		});
	}
	return parsed;
}

/** Ids that readers can link to on an item's page: template sections, body headings, events. */
function anchorsOf(parsed: ParsedBody): Set<string> {
	const { item } = parsed;
	const anchors = new Set<string>([...(templateIds[item.collection] ?? []), ...parsed.ids.keys()]);
	const data = item.data as { timeline?: { version: { id: string } }[]; behaviour?: { version: { id: string } }[] };
	const events = data.timeline ?? data.behaviour ?? [];
	events.forEach((_, i) => anchors.add(eventAnchor(events, i)));
	return anchors;
}

export function checkBodies(items: readonly LoadedItem[]): Problem[] {
	const problems: Problem[] = [];
	const parsed = items.filter((item) => item.body.trim()).map((item) => parse(item, problems));

	// Pass 1: heading ids, unsafe markup.
	for (const body of parsed) {
		if (!body.tree) continue;
		const { item } = body;
		const reserved = templateIds[item.collection] ?? [];
		const slugger = new GithubSlugger();
		walk(body.tree, (node) => {
			const line = body.firstLine + (node.position?.start.line ?? 1) - 1;
			const at = (field: string, message: string) => problems.push({ file: item.file, line, field, message });
			if (node.type === 'heading') body.ids.set(slugger.slug(text(node)), line);
			if (node.type === 'mdxjsEsm') at('body', 'import/export statements are not allowed; H2, H3 and Note are available without an import');
			if (node.type === 'mdxFlowExpression' || node.type === 'mdxTextExpression') at('body', 'JavaScript expressions {…} are not allowed in content; escape a literal brace as \\{');
			if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') return;
			const name = node.name ?? '';
			if (forbiddenElements.has(name.toLowerCase())) at(`body <${name}>`, `unsafe HTML: <${name}> is not allowed in content`);
			for (const attribute of node.attributes ?? []) {
				if (attribute.type !== 'mdxJsxAttribute') {
					at(`body <${name}>`, 'spread attributes are not allowed in content');
					continue;
				}
				const attrName = attribute.name ?? '';
				if (/^on/i.test(attrName)) at(`body <${name} ${attrName}>`, `unsafe HTML: event handler attribute ${attrName} is not allowed`);
				if (typeof attribute.value === 'object' && attribute.value !== null) at(`body <${name} ${attrName}>`, 'JavaScript expressions are not allowed in attributes; write a quoted string');
				if (typeof attribute.value === 'string' && /^\s*(javascript|vbscript|data):/i.test(attribute.value)) at(`body <${name} ${attrName}>`, `unsafe URL: ${attribute.value.split(':')[0]}: is not allowed`);
			}
			if (headingComponents.has(name)) {
				const id = (node.attributes ?? []).find((a) => a.name === 'id')?.value;
				const field = `body <${name} id="${String(id ?? '')}">`;
				if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9.-]*$/.test(id)) at(field, 'heading ids are lowercase letters, digits, dots and dashes');
				else if (reserved.includes(id)) at(field, `"${id}" is an id of the ${item.collection} page template; choose another`);
				else if (body.ids.has(id)) at(field, `duplicate heading id; line ${body.ids.get(id)} uses it already`);
				else body.ids.set(id, line);
			}
		});
	}

	// Pass 2: internal links, now that every page's anchors are known.
	const pages = new Map<string, Set<string> | undefined>(staticPages.map((path) => [path, undefined]));
	const parsedOf = new Map(parsed.map((body) => [body.item, body]));
	for (const item of items) {
		const route = routeOf[item.collection];
		const body = parsedOf.get(item) ?? { item, firstLine: 1, ids: new Map<string, number>() };
		pages.set(`/${route}/${item.id}/`, anchorsOf(body));
		if (['users', 'apis', 'uabis'].includes(item.collection)) pages.set(`/${route}/${item.id}.txt`, new Set());
	}
	for (const extra of ['/data/kb.json', '/data/kb.schema.json', '/feed.xml', '/sitemap.xml']) pages.set(extra, new Set());
	for (const body of parsed) {
		if (!body.tree) continue;
		walk(body.tree, (node) => {
			const href =
				node.type === 'link' ? node.url : node.type.startsWith('mdxJsx') ? ((node.attributes ?? []).find((a) => a.name === 'href')?.value as string | undefined) : undefined;
			if (typeof href !== 'string') return;
			const line = body.firstLine + (node.position?.start.line ?? 1) - 1;
			const at = (message: string): void => {
				problems.push({ file: body.item.file, line, field: `body link ${href}`, message });
			};
			if (/^\s*(javascript|vbscript|data):/i.test(href)) {
				at('unsafe URL scheme');
				return;
			}
			if (!href.startsWith('/') || href.startsWith('//')) return;
			const url = new URL(href, 'https://site.invalid');
			if (!pages.has(url.pathname)) {
				const hint = url.pathname.endsWith('/') || /\.\w+$/.test(url.pathname) ? '' : ' (page URLs end with a slash)';
				at(`broken internal link: no page at ${url.pathname}${hint}`);
				return;
			}
			const anchors = pages.get(url.pathname);
			const fragment = decodeURIComponent(url.hash.slice(1));
			if (fragment && anchors && anchors.size > 0 && !anchors.has(fragment)) at(`broken anchor: ${url.pathname} has no #${fragment}`);
		});
	}
	return problems;
}
