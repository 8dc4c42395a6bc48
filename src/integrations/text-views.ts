/**
 * Tells the item pages where the build writes, so that they write their plain-text views beside
 * themselves (`writeTextView` in src/lib/text-route.ts).
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { setOutDir } from '../lib/out-dir.ts';

export function textViewsIntegration(): AstroIntegration {
	return {
		name: 'uabi-kb:text-views',
		hooks: {
			'astro:config:done': ({ config }) => setOutDir(fileURLToPath(config.outDir)),
		},
	};
}
