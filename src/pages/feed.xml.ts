/** /feed.xml: Atom feed of entry changes (src/lib/feed.ts). */
import type { APIRoute } from 'astro';
import { getKb } from '../lib/queries.ts';
import { atom } from '../lib/feed.ts';

export const GET: APIRoute = async () => new Response(atom(await getKb()), { headers: { 'content-type': 'application/atom+xml; charset=utf-8' } });
