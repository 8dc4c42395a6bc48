/**
 * Every page URL of the site, from the data: the sitemap, the URL ledger test and the quality
 * gates read this list. Redirects (aliases) and the 404 page are not pages.
 */
import type { Kb } from './queries.ts';
import { urlOf } from './routes.ts';
import { staticPages } from './static-pages.ts';
import { story, storyYears } from './timeline.ts';

export { staticPages };


export function pagePaths(kb: Kb): string[] {
	return [
		...staticPages,
		...kb.subsystems.filter((s) => kb.users.some((u) => u.data.subsystem.id === s.id)).map((s) => `/matrix/${s.id}/`),
		...storyYears(story(kb)).map((year) => `/timeline/${year}/`),
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

