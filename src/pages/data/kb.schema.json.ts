/** /data/kb.schema.json: JSON Schema (draft 2020-12) of /data/kb.json, generated from src/schemas/export.ts. */
import type { APIRoute } from 'astro';
import { z } from 'astro/zod';
import { EXPORT_VERSION, exportSchema } from '../../schemas/export.ts';
import { SITE_URL } from '../../site.ts';

export const GET: APIRoute = () => {
	const schema = { ...z.toJSONSchema(exportSchema, { target: 'draft-2020-12' }), $id: `${SITE_URL}/data/kb.schema.json`, title: `uabi-kb export, version ${EXPORT_VERSION}` };
	return new Response(`${JSON.stringify(schema, null, '\t')}\n`, { headers: { 'content-type': 'application/schema+json' } });
};
