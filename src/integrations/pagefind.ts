/**
 * Builds the Pagefind index inside `astro build` (astro:build:done), so one build command gives
 * a searchable site. Every response of the Node API is checked, and the number of indexed pages
 * must equal the number of built pages that carry data-pagefind-body: nothing is dropped
 * silently. The service is closed in `finally`.
 */
import type { AstroIntegration } from 'astro';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';

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
					// Pages are added one by one so that only pages with data-pagefind-body enter the
					// index and each one is accounted for.
					let indexed = 0;
					for (const path of pages) {
						const url = `/${relative(dist, path).replace(/(^|\/)index\.html$/, '$1')}`;
						const added = await index.addHTMLFile({ url, content: await readFile(path, 'utf8') });
						check(`addHTMLFile ${url}`, added.errors);
						if (added.file.uniqueWords === 0) throw new Error(`Pagefind found no words in ${url}`);
						indexed++;
					}
					if (indexed !== pages.length) throw new Error(`Pagefind indexed ${indexed} of ${pages.length} searchable pages`);
					const written = await index.writeFiles({ outputPath: join(dist, 'pagefind') });
					check('writeFiles', written.errors);
					logger.info(`indexed ${indexed} pages`);
				} finally {
					await pagefind.close();
				}
			},
		},
	};
}
