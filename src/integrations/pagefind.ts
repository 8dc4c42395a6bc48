/**
 * Builds the Pagefind index inside `astro build` (astro:build:done), so one build command gives
 * a searchable site. Every response of the Node API is checked, and the number of indexed pages
 * must equal the number of built pages that carry data-pagefind-body: nothing is dropped
 * silently. The service is closed in `finally`.
 */
import type { AstroIntegration } from 'astro';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';
import { routeOf } from '../lib/routes.ts';

/** Route folders of item pages, the only pages with data-pagefind-body. */
const searchableRoutes = Object.values(routeOf);

function check(step: string, errors: readonly string[]): void {
	if (errors.length > 0) throw new Error(`Pagefind ${step} failed:\n${errors.join('\n')}`);
}

/** Built HTML files that ask to be indexed. */
export async function searchablePages(dist: string): Promise<string[]> {
	const found: string[] = [];
	for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
		if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
		const path = join(entry.parentPath, entry.name);
		if ((await readFile(path, 'utf8')).includes('data-pagefind-body')) found.push(path);
	}
	return found.sort();
}

export function pagefindIntegration(): AstroIntegration {
	return {
		name: 'uabi-kb:pagefind',
		hooks: {
			'astro:build:done': async ({ dir, logger }) => {
				const dist = fileURLToPath(dir);
				const pages = await searchablePages(dist);
				try {
					const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
					check('createIndex', errors);
					if (!index) throw new Error('Pagefind createIndex returned no index');
					// Pagefind reads the item folders itself (in parallel, in its own process); that is
					// faster than handing it each file. Redirect pages there carry no data-pagefind-body
					// and are skipped, so the check is on what the written index holds.
					const added = await index.addDirectory({ path: dist, glob: `{${searchableRoutes.join(',')}}/*/index.html` });
					check('addDirectory', added.errors);
					const written = await index.writeFiles({ outputPath: join(dist, 'pagefind') });
					check('writeFiles', written.errors);
					const entry = JSON.parse(await readFile(join(dist, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
					const indexed = Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
					if (indexed !== pages.length) {
						throw new Error(`Pagefind indexed ${indexed} pages, but ${pages.length} built pages carry data-pagefind-body`);
					}
					logger.info(`indexed ${indexed} pages`);
				} finally {
					await pagefind.close();
				}
			},
		},
	};
}
