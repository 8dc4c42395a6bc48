/**
 * The loader of the MDX collections (users, apis, uabis, guides): reads `<id>.mdx` files, checks
 * the frontmatter with the collection schema (Astro's parseData) and renders the body to HTML
 * (src/lib/render-body.ts).
 *
 * The rendered body is written to its own file under Astro's cache folder
 * (`<cacheDir>/bodies/<collection>/<id>.json`, read back by src/lib/body.ts), and the content
 * store keeps only the frontmatter and that file's path. Astro inlines the whole store into the
 * server bundle as one JavaScript string; with the bodies in it, a 5,000-entry build spent
 * gigabytes of memory bundling and holding HTML that each page needs once (README, Performance).
 *
 * An unchanged file keeps its rendering across builds (content digest, which includes the
 * renderer version and the body file's path; the body file must still exist). In `astro dev` a change reloads it.
 */
import type { Loader } from 'astro/loaders';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { idFromPath } from './ids.ts';
import { RENDER_VERSION, renderBody } from './render-body.ts';
import type { StoredBody } from './body.ts';
import { tableOfContents } from './toc.ts';

const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export function mdxLoader(dir: string): Loader {
	return {
		name: 'uabi-kb:mdx',
		load: async ({ store, parseData, generateDigest, config, collection, watcher, logger }) => {
			const root = fileURLToPath(config.root);
			const bodies = fileURLToPath(new URL(`bodies/${collection}/`, config.cacheDir));
			const sync = async () => {
				await mkdir(bodies, { recursive: true });
				const files = (await readdir(dir)).filter((name) => name.endsWith('.mdx')).sort();
				const seen = new Set<string>();
				for (const name of files) {
					const path = join(dir, name);
					const id = idFromPath(name);
					const source = await readFile(path, 'utf8');
					const bodyFile = join(bodies, `${id}.json`);
					// The body file's path is part of the digest: Astro keeps an entry whose digest is
					// unchanged, so a moved cache folder must change it.
					const digest = generateDigest(`${RENDER_VERSION}\n${bodyFile}\n${source}`);
					seen.add(id);
					if (store.get(id)?.digest === digest && existsSync(bodyFile)) continue;
					const match = frontmatter.exec(source);
					// The validator has already reported files without frontmatter; be strict anyway.
					if (!match) throw new Error(`${relative(root, path)}: no frontmatter`);
					const filePath = relative(root, path);
					const data = await parseData({ id, data: (load(match[1] ?? '') ?? {}) as Record<string, unknown>, filePath });
					const body = source.slice(match[0].length);
					const { html, headings } = await renderBody(body, filePath);
					const rendered: StoredBody = { html, headings, toc: tableOfContents(body, headings) };
					await writeFile(bodyFile, JSON.stringify(rendered));
					// No `body` and an empty `html`: the store holds the path to the rendering only.
					store.set({ id, data, filePath, digest, rendered: { html: '', metadata: { bodyFile } } });
				}
				for (const id of store.keys()) {
					if (seen.has(id)) continue;
					store.delete(id);
					await rm(join(bodies, `${id}.json`), { force: true });
				}
			};
			await sync();
			watcher?.on('all', (_event, changed) => {
				if (changed.startsWith(dir)) sync().catch((error: unknown) => logger.error(String(error)));
			});
		},
	};
}
