/** /data/kb.json: every item with resolved links and computed backlinks (shape: /data/kb.schema.json). */
import type { APIRoute } from 'astro';
import { getKb } from '../../lib/queries.ts';
import { exportKb } from '../../lib/export.ts';
import { exportSchema } from '../../schemas/export.ts';

export const GET: APIRoute = async () => {
	// Parsing with the published schema's source guarantees the export never drifts from it.
	const data = exportSchema.parse(exportKb(await getKb()));
	return new Response(`${JSON.stringify(data, null, '\t')}\n`, { headers: { 'content-type': 'application/json' } });
};
