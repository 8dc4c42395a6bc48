/** The citation forms of a page: what the cite box shows and the copy buttons copy. */
import { SITE_NAME, SITE_URL } from '../site.ts';

export interface Citation {
	url: string;
	markdown: string;
	trailer: string;
	summary: string;
}

export function citation(path: string, title: string, summary: string): Citation {
	const url = `${SITE_URL}${path}`;
	return {
		url,
		markdown: `[${title.replace(/([[\]])/g, '\\$1')} (${SITE_NAME})](${url})`,
		trailer: `Link: ${url}`,
		summary: `${title}: ${summary} <${url}>`,
	};
}
