/** /data/kb.json: every item with resolved links and computed backlinks (shape: /data/kb.schema.json). */
import type { APIRoute } from 'astro';
import { getKb } from '../../lib/queries.ts';
import { exportKb } from '../../lib/export.ts';
import { exportJson } from '../../lib/export-json.ts';

export const GET: APIRoute = async () => new Response(exportJson(exportKb(await getKb())), { headers: { 'content-type': 'application/json' } });
