/**
 * The loader of the MDX collections (users, apis, uabis, guides): reads `<id>.mdx` files, checks
 * the frontmatter with the collection schema (Astro's parseData) and stores the body rendered to
 * HTML (src/lib/render-body.ts). An unchanged file keeps its stored rendering across builds
 * (content digest, which includes the renderer version). In `astro dev` a change reloads it.
 */
import type { Loader } from 'astro/loaders';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { idFromPath } from './ids.ts';
import { RENDER_VERSION, renderBody } from './render-body.ts';

const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export function mdxLoader(dir: string): Loader {
	return {
		name: 'uabi-kb:mdx',
		load: async ({ store, parseData, generateDigest, config, watcher, logger }) => {
			const root = fileURLToPath(config.root);
			const sync = async () => {
				const files = (await readdir(dir)).filter((name) => name.endsWith('.mdx')).sort();
				const seen = new Set<string>();
				for (const name of files) {
					const path = join(dir, name);
					const id = idFromPath(name);
					const source = await readFile(path, 'utf8');
					const digest = generateDigest(`${RENDER_VERSION}\n${source}`);
					seen.add(id);
					if (store.get(id)?.digest === digest) continue;
					const match = frontmatter.exec(source);
					// The validator has already reported files without frontmatter; be strict anyway.
					if (!match) throw new Error(`${relative(root, path)}: no frontmatter`);
					const filePath = relative(root, path);
					const data = await parseData({ id, data: (load(match[1] ?? '') ?? {}) as Record<string, unknown>, filePath });
					const body = source.slice(match[0].length);
					const { html, headings } = await renderBody(body, filePath);
					store.set({ id, data, body, filePath, digest, rendered: { html, metadata: { headings } } });
				}
				for (const id of store.keys()) if (!seen.has(id)) store.delete(id);
			};
			await sync();
			watcher?.on('all', (_event, changed) => {
				if (changed.startsWith(dir)) sync().catch((error: unknown) => logger.error(String(error)));
			});
		},
	};
}
