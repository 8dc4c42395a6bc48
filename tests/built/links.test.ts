/**
 * Every built HTML page: internal links and fragments resolve, no internal link lands on a
 * redirect, and nothing (script, style, font, image, frame) is loaded from another origin.
 */
import { beforeAll, expect, test } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dist = join(import.meta.dirname, '..', '..', 'dist');
interface Page {
	path: string;
	html: string;
	ids: Set<string>;
	redirect: boolean;
}
const pages = new Map<string, Page>();

const attr = (html: string, name: string) => [...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => m[1]!.replace(/&amp;/g, '&'));

beforeAll(() => {
	expect(existsSync(join(dist, 'index.html')), 'run `npm run build` first').toBe(true);
	for (const file of readdirSync(dist, { recursive: true }) as string[]) {
		if (!file.endsWith('.html') || file.startsWith('pagefind')) continue;
		const html = readFileSync(join(dist, file), 'utf8');
		const path = `/${file.replace(/index\.html$/, '')}`;
		pages.set(path, { path, html, ids: new Set(attr(html, 'id')), redirect: /<meta http-equiv="refresh"/i.test(html) });
	}
	expect(pages.size).toBeGreaterThan(10);
});

/** The page a site path serves, or undefined. */
function target(path: string): Page | undefined {
	return pages.get(path) ?? pages.get(path.endsWith('/') ? path : `${path}/`);
}

test('every internal href resolves, with its fragment, and never through a redirect', () => {
	const problems: string[] = [];
	for (const page of pages.values()) {
		if (page.redirect) continue;
		for (const href of attr(page.html, 'href')) {
			if (/^(https?:|mailto:)/.test(href)) continue;
			const url = new URL(href, `http://site${page.path}`);
			const file = url.pathname;
			if (/\.(txt|json|xml|svg|css|js)$/.test(file)) {
				if (!existsSync(join(dist, decodeURIComponent(file)))) problems.push(`${page.path}: ${href} (no file)`);
				continue;
			}
			const linked = target(decodeURIComponent(file));
			if (!linked) problems.push(`${page.path}: ${href} (no page)`);
			else if (linked.redirect) problems.push(`${page.path}: ${href} (links to a redirect)`);
			else if (url.hash && !linked.ids.has(decodeURIComponent(url.hash.slice(1)))) problems.push(`${page.path}: ${href} (no id ${url.hash})`);
		}
	}
	expect(problems).toEqual([]);
});

test('no page loads anything from another origin', () => {
	const problems: string[] = [];
	const external = /^(https?:)?\/\//;
	for (const page of pages.values()) {
		for (const tag of page.html.match(/<(script|link|img|iframe|source|video|audio|embed|object)\b[^>]*>/g) ?? []) {
			const isLink = tag.startsWith('<link');
			// <link rel="canonical"> and friends name URLs; they load nothing.
			if (isLink && !/rel="(stylesheet|preload|modulepreload|icon|manifest|prefetch)"/.test(tag)) continue;
			for (const url of [...attr(tag, 'src'), ...attr(tag, 'href'), ...attr(tag, 'data')]) {
				if (external.test(url)) problems.push(`${page.path}: ${tag}`);
			}
		}
		if (/@import\s+url\(\s*['"]?https?:/.test(page.html) || /url\(\s*['"]?https?:/.test(page.html)) problems.push(`${page.path}: external url() in inline style`);
	}
	for (const file of readdirSync(join(dist, '_astro'))) {
		if (file.endsWith('.css') && /url\(\s*['"]?(https?:)?\/\//.test(readFileSync(join(dist, '_astro', file), 'utf8'))) problems.push(`_astro/${file}: external url()`);
	}
	expect(problems).toEqual([]);
});

test('every page carries the strict Content-Security-Policy', () => {
	for (const page of pages.values()) {
		if (page.redirect) continue;
		const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page.html)?.[1];
		expect(csp, page.path).toBeDefined();
		const script = csp!.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
		expect(script, page.path).toBe("script-src 'self' 'wasm-unsafe-eval'");
		expect(csp).toContain("object-src 'none'");
		expect(csp).toContain("base-uri 'none'");
		// No inline scripts other than JSON data blocks, which are never executed.
		const inline = (page.html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).filter((tag) => !/type="application\/(ld\+)?json"/.test(tag));
		expect(inline, page.path).toEqual([]);
	}
});
