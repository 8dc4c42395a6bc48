/**
 * Runs the content validator before Astro loads any collection, in `astro dev`, `astro build`
 * and `astro check`. Every problem is printed as `file:line: field: message` and the command
 * stops; Astro's own loader errors name neither the file line nor every problem at once.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { formatProblem, validateContent, type ValidationResult } from '../lib/validate.ts';
import { contentDir } from '../lib/content-dir.ts';

export class ContentValidationError extends Error {
	override name = 'ContentValidationError';
}

/** `result` lets astro.config.mjs validate once and share the result (it also reads aliases). */
export function validateIntegration(result?: ValidationResult): AstroIntegration {
	return {
		name: 'uabi-kb:validate',
		hooks: {
			'astro:config:setup': ({ config, logger }) => {
				const root = fileURLToPath(config.root);
				const { problems, items } = result ?? validateContent(contentDir(root), root);
				if (problems.length > 0) {
					const lines = problems.map(formatProblem);
					throw new ContentValidationError(
						`content/ has ${problems.length} problem(s):\n${lines.join('\n')}`,
					);
				}
				logger.info(`content OK: ${items.length} items`);
			},
		},
	};
}
