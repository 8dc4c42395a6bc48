/** The URL scheme of the site: one route per collection. Pure, so the config and tools can use it. */

/** The collection keys as they appear in URLs. */
export const routeOf = {
	users: 'users',
	apis: 'apis',
	uabis: 'uabi',
	subsystems: 'subsystems',
	'kernel-versions': 'versions',
	cves: 'cves',
	threads: 'threads',
	guides: 'guides',
} as const;
export type CollectionKey = keyof typeof routeOf;

export function urlOf(collection: CollectionKey, id: string): string {
	return `/${routeOf[collection]}/${id}/`;
}

