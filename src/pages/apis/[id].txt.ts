/** Plain-text view of an item, 72 columns, for quoting in mail: /apis/<id>.txt */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getKb } from '../../lib/queries.ts';
import { apiText } from '../../lib/plaintext.ts';

export const getStaticPaths = (async () => {
	const kb = await getKb();
	return kb.apis.map((item) => ({ params: { id: item.id } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
	const kb = await getKb();
	const item = kb.byId.apis.get(params.id!)!;
	return new Response(apiText(kb, item), { headers: { 'content-type': 'text/plain; charset=utf-8' } });
};
