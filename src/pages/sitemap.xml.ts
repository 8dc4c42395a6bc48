/** /sitemap.xml: every page, from the data (src/lib/sitemap.ts); no redirects, no 404. */
import type { APIRoute } from 'astro';
import { getKb } from '../lib/queries.ts';
import { pagePaths } from '../lib/sitemap.ts';
import { SITE_URL } from '../site.ts';

export const GET: APIRoute = async () => {
	const urls = pagePaths(await getKb()).map((path) => `<url><loc>${SITE_URL}${path}</loc></url>`);
	const body = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', ...urls, '</urlset>', ''].join('\n');
	return new Response(body, { headers: { 'content-type': 'application/xml; charset=utf-8' } });
};
