/**
 * Keeps Astro's content store out of the server bundle in `astro build`.
 *
 * Astro bundles the whole store into the server bundle as one string literal
 * (`export default JSON.parse("…")` in the virtual module `astro:data-layer-content`): 36.8 M
 * characters at 5,000 users, 2.7 M since the MDX entries' data is kept beside their bodies
 * (src/lib/body.ts). Rolldown copies and writes that string, and V8 parses it again when the
 * prerenderer loads the bundle and keeps it as the module's source. For a static site the server
 * bundle runs only inside this build, right after the content sync wrote the store to the cache
 * folder, so the module can read the same file when it is imported instead of carrying it.
 *
 * Only the form Astro emits for a single-file store is replaced; any other form of the module
 * (no store yet, a chunked store, an adapter's server output) is left to Astro.
 */
import type { AstroIntegration } from 'astro';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The resolved id of Astro's content store module (astro/dist/content/consts.js). */
export const DATA_STORE_MODULE_ID = '\0astro:data-layer-content';

/** Where `astro build` keeps its content store (Astro's getDataStoreFile() for a build). */
export const buildStoreFile = (cacheDir: URL): string => fileURLToPath(new URL('data-store.json', cacheDir));

/** How Astro's module for a single-file store begins. */
const INLINED_STORE = 'export default JSON.parse(';

/** The module that reads the store from `file` when it is imported; same value as Astro's. */
export function storeReaderModule(file: string): string {
	return `import { readFileSync } from 'node:fs';\nexport default JSON.parse(readFileSync(${JSON.stringify(file)}, 'utf8'));\n`;
}

/**
 * What to do with a module: `keep` anything but Astro's store module; `read` the file for the
 * form Astro emits for a single-file store, if the file is there; `unknown` for any other form of
 * Astro's module (an Astro upgrade may have changed it), which stays as Astro made it.
 */
export function storeModulePlan(id: string, code: string, file: string): 'keep' | 'read' | 'unknown' {
	if (id !== DATA_STORE_MODULE_ID) return 'keep';
	// No store was written (a site without collections): Astro exports an empty Map.
	if (!existsSync(file)) return 'keep';
	return code.startsWith(INLINED_STORE) ? 'read' : 'unknown';
}

export function contentStoreIntegration(): AstroIntegration {
	return {
		name: 'uabi-kb:content-store',
		hooks: {
			'astro:config:setup': ({ config, command, logger, updateConfig }) => {
				// A server output runs elsewhere and later, where the cache folder does not exist.
				if (command !== 'build' || config.output !== 'static' || config.adapter) return;
				const file = buildStoreFile(config.cacheDir);
				updateConfig({
					vite: {
						plugins: [
							{
								name: 'uabi-kb:content-store',
								transform: {
									filter: { id: new RegExp(`^${DATA_STORE_MODULE_ID}$`) },
									handler(code: string, id: string) {
										if (this.environment.config.consumer === 'client') return null;
										const plan = storeModulePlan(id, code, file);
										if (plan === 'unknown') logger.warn(`Astro's content store module has a form this integration does not know; it stays inlined in the server bundle (${code.length} characters)`);
										if (plan !== 'read') return null;
										logger.info(`the server bundle reads the content store from ${relative(fileURLToPath(config.root), file)} instead of inlining ${code.length} characters`);
										return { code: storeReaderModule(file), map: { mappings: '' } };
									},
								},
							},
						],
					},
				});
			},
		},
	};
}
