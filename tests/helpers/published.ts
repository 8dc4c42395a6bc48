/** What a built site publishes: page paths from its sitemap, and redirects (path → target). */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function redirectTarget(html: string): string | undefined {
	return /<meta http-equiv="refresh" content="\d+;url=([^"]+)"/i.exec(html)?.[1]?.replace(/&amp;/g, '&');
}

export function publishedPaths(dist: string): { pages: string[]; redirects: Map<string, string> } {
	const sitemap = readFileSync(join(dist, 'sitemap.xml'), 'utf8');
	const pages = [...sitemap.matchAll(/<loc>https?:\/\/[^/]+(\/[^<]*)<\/loc>/g)].map((m) => m[1]!);
	const redirects = new Map<string, string>();
	const files = readdirSync(dist, { recursive: true }) as string[];
	// Plain-text views and machine-readable files are published URLs too.
	pages.push(...files.filter((f) => /^(users|apis|uabi)\/[^/]+\.txt$/.test(f)).map((f) => `/${f}`));
	pages.push(...['/data/kb.json', '/data/kb.schema.json', '/feed.xml', '/sitemap.xml', '/robots.txt'].filter((p) => existsSync(join(dist, p))));
	for (const file of files) {
		if (!file.endsWith('index.html')) continue;
		const target = redirectTarget(readFileSync(join(dist, file), 'utf8'));
		if (target) redirects.set(`/${file.replace(/index\.html$/, '')}`, new URL(target, 'https://site.invalid').pathname);
	}
	return { pages, redirects };
}

/** How a path answers on the built site: a page, a redirect to a path, or nothing. */
export function answer(dist: string, path: string): { kind: 'page' } | { kind: 'redirect'; to: string } | { kind: 'missing' } {
	const file = path.endsWith('/') ? join(dist, path, 'index.html') : join(dist, path);
	if (!existsSync(file)) return { kind: 'missing' };
	if (!file.endsWith('.html')) return { kind: 'page' };
	const to = redirectTarget(readFileSync(file, 'utf8'));
	return to ? { kind: 'redirect', to: new URL(to, 'https://site.invalid').pathname } : { kind: 'page' };
}
