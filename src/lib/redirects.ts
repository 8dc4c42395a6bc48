/** Redirects from old ids. Pure (no astro:content), because the validate integration adds them to the config. */
import { routeOf } from './routes.ts';

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
