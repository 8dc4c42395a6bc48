/** One factory for the plain-text endpoints /users|apis|uabi/<id>.txt (src/lib/plaintext.ts). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getKb, type Kb } from './queries.ts';

type Key = 'users' | 'apis' | 'uabis';

export function textRoute<K extends Key>(key: K, render: (kb: Kb, item: Kb[K][number]) => string): { getStaticPaths: GetStaticPaths; GET: APIRoute } {
	return {
		getStaticPaths: async () => (await getKb())[key].map((item) => ({ params: { id: item.id } })),
		GET: async ({ params }) => {
			const kb = await getKb();
			const item = (kb.byId[key] as Map<string, Kb[K][number]>).get(params['id']!)!;
			return new Response(render(kb, item), { headers: { 'content-type': 'text/plain; charset=utf-8' } });
		},
	};
}
