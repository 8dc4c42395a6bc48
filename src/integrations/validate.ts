/**
 * Runs the content validator before Astro loads any collection, in `astro dev`, `astro build`
 * and `astro check`. Every problem is printed as `file:line: field: message` and the command
 * stops; Astro's own loader errors name neither the file line nor every problem at once.
 *
 * Old ids kept in `aliases` become static redirect pages (added to the config here, from the
 * validated items). In a cold build, one without a content store yet, every MDX body will be
 * rendered: the validator hands each body to the render workers as it reads the file, so the
 * workers render on the other cores while this thread validates (src/lib/render-pool.ts).
 */
import type { AstroIntegration } from 'astro';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatProblem, validateContent } from '../lib/validate.ts';
import { contentDir } from '../lib/content-dir.ts';
import { aliasRedirects } from '../lib/redirects.ts';
import { abandonEarlyRenders, dropEarlyRenders, renderEarly } from '../lib/render-pool.ts';
import { buildStoreFile } from './content-store.ts';

export class ContentValidationError extends Error {
	override name = 'ContentValidationError';
}

export function validateIntegration(): AstroIntegration {
	return {
		name: 'uabi-kb:validate',
		hooks: {
			'astro:config:setup': async ({ config, command, logger, updateConfig }) => {
				const root = fileURLToPath(config.root);
				// A build without a content store yet renders every body.
				const cold = command === 'build' && !existsSync(buildStoreFile(config.cacheDir));
				const { problems, items } = validateContent(contentDir(root), root, { readAhead: true, ...(cold ? { onMdxBody: renderEarly } : {}) });
				if (problems.length > 0) {
					await abandonEarlyRenders();
					const lines = problems.map(formatProblem);
					throw new ContentValidationError(`content/ has ${problems.length} problem(s):\n${lines.join('\n')}`);
				}
				const aliases = items.map((item) => ({ collection: item.collection, id: item.id, aliases: (item.data as { aliases?: string[] }).aliases ?? [] }));
				updateConfig({ redirects: { ...config.redirects, ...aliasRedirects(aliases) } });
				logger.info(`content OK: ${items.length} items${cold ? '; rendering bodies while loading' : ''}`);
			},
			// Content is loaded by now; early renders no loader took are dropped and the workers stop.
			'astro:build:start': async () => {
				await dropEarlyRenders();
			},
		},
	};
}
