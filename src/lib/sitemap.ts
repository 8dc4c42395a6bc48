/**
 * Every page URL of the site, from the data: the sitemap, the URL ledger test and the quality
 * gates read this list. Redirects (aliases) and the 404 page are not pages.
 */
import type { Kb } from './queries.ts';
import { routeOf, urlOf } from './routes.ts';
import { staticPages } from './static-pages.ts';

export { staticPages };


export function pagePaths(kb: Kb): string[] {
	return [
		...staticPages,
		...kb.users.map((i) => urlOf('users', i.id)),
		...kb.apis.map((i) => urlOf('apis', i.id)),
		...kb.uabis.map((i) => urlOf('uabis', i.id)),
		...kb.subsystems.map((i) => urlOf('subsystems', i.id)),
		...kb.versions.map((i) => urlOf('kernel-versions', i.id)),
		...kb.cves.map((i) => urlOf('cves', i.id)),
		...kb.threads.map((i) => urlOf('threads', i.id)),
		...kb.guides.map((i) => urlOf('guides', i.id)),
	];
}

/** Old ids kept in `aliases`: each becomes a redirect from its old URL to the current one. */
export function aliasRedirects(items: { collection: string; id: string; aliases: readonly string[] }[]): Record<string, string> {
	const redirects: Record<string, string> = {};
	for (const item of items) {
		const route = routeOf[item.collection as keyof typeof routeOf];
		if (!route) continue;
		for (const alias of item.aliases) redirects[`/${route}/${alias}/`] = `/${route}/${item.id}/`;
	}
	return redirects;
}
