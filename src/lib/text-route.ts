/**
 * The plain-text views /users|apis|uabi/<id>.txt (src/lib/plaintext.ts).
 *
 * In `astro build` each view is written by its item page's render (`writeTextView`), not built as
 * an Astro route: as 5,450 routes at 5,000 users they cost Astro's per-page work (a request, a
 * response read back as bytes, a folder check and a log line per file), about 3 core-seconds
 * more than writing the same files from the pages (README, Performance, step 32). The routes stay
 * for `astro dev`, which renders on request and writes nothing; in a build they list no page.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getKb, type Kb } from './queries.ts';
import { routeOf } from './routes.ts';
import { outDir } from './out-dir.ts';

type Key = 'users' | 'apis' | 'uabis';

export function textRoute<K extends Key>(key: K, render: (kb: Kb, item: Kb[K][number]) => string): { getStaticPaths: GetStaticPaths; GET: APIRoute } {
	return {
		getStaticPaths: async () => (import.meta.env.DEV ? (await getKb())[key].map((item) => ({ params: { id: item.id } })) : []),
		GET: async ({ params }) => {
			const kb = await getKb();
			const item = (kb.byId[key] as Map<string, Kb[K][number]>).get(params['id']!)!;
			return new Response(render(kb, item), { headers: { 'content-type': 'text/plain; charset=utf-8' } });
		},
	};
}

const folders = new Map<string, Promise<unknown>>();

/**
 * Writes an item's plain-text view beside its page during `astro build` (nothing in `astro dev`,
 * where the route above serves it). A build without the integration that names the output folder
 * stops here rather than leave the views out.
 */
export async function writeTextView(collection: Key, id: string, render: () => string): Promise<void> {
	if (import.meta.env.DEV) return;
	const dist = outDir();
	if (!dist) throw new Error(`text views: the output folder is unknown, so /${routeOf[collection]}/${id}.txt cannot be written (add textViewsIntegration() to astro.config.mjs)`);
	const folder = join(dist, routeOf[collection]);
	let made = folders.get(folder);
	if (!made) folders.set(folder, (made = mkdir(folder, { recursive: true })));
	await made;
	await writeFile(join(folder, `${id}.txt`), render());
}
