/**
 * The loader of the MDX collections (users, apis, uabis, guides): reads `<id>.mdx` files, takes
 * the frontmatter as the validator checked it with the collection schema (or has Astro's
 * parseData check it, when the validator did not read this text) and renders the body to HTML
 * (src/lib/render-body.ts) on worker threads (src/lib/render-pool.ts), while this thread reads
 * and checks the next files. Small files are read and written synchronously: for thousands of
 * them that takes half the CPU time of fs.promises (measured: 5,000 writes and reads of 20 KB,
 * 1.5-2.0 s against 3.9-4.5 s of CPU), which matters while the workers use the other cores.
 *
 * Rendered bodies and the checked frontmatter are appended to a bodies file under Astro's cache
 * folder (src/lib/body.ts), and the content store keeps only where they are. With the bodies in
 * the store, a 5,000-entry build spent gigabytes of memory bundling and holding HTML that each
 * page needs once; with the frontmatter in it, Astro's writing of the store (devalue) held up
 * the build for 2 s (README, Performance).
 *
 * An unchanged file keeps its rendering across builds (content digest, which includes the
 * renderer version and the cache folder; its bodies file must still exist). In `astro dev` a change reloads it.
 */
import type { Loader } from 'astro/loaders';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { idFromPath } from './ids.ts';
import { RENDER_VERSION, type RenderedBody } from './render-body.ts';
import { acquireRenderPool, dropEarlyRenders, takeEarlyRender } from './render-pool.ts';
import { bodiesFile, bodyLocationOf, dataLocationOf } from './body.ts';
import { tableOfContents } from './toc.ts';
import { splitFrontmatter, takeFrontmatter } from './frontmatter.ts';

/** Bodies sent to the render workers and not yet stored. */
const RENDER_AHEAD = 64;

interface Rendering {
	id: string;
	data: Record<string, unknown>;
	filePath: string;
	digest: string;
	body: string;
	result: Promise<RenderedBody>;
}

export function mdxLoader(dir: string): Loader {
	return {
		name: 'uabi-kb:mdx',
		load: async ({ store, parseData, generateDigest, config, collection, watcher, logger }) => {
			const root = fileURLToPath(config.root);
			// `astro dev` keeps its own content store (in .astro/), so it gets its own bodies folder:
			// a build must not delete the files a running dev server points at, nor the reverse.
			const bodies = fileURLToPath(new URL(process.env['NODE_ENV'] === 'development' ? 'bodies-dev/' : 'bodies/', config.cacheDir));
			let syncs = 0;
			const sync = async () => {
				await mkdir(bodies, { recursive: true });
				const files = (await readdir(dir)).filter((name) => name.endsWith('.mdx')).sort();
				const seen = new Set<string>();
				// Whether each bodies file is still there, asked once per file rather than per entry.
				const existing = new Map<string, boolean>();
				const exists = (file: string) => {
					let known = existing.get(file);
					if (known === undefined) existing.set(file, (known = existsSync(file)));
					return known;
				};
				// This sync's bodies go to a file of their own (src/lib/body.ts), opened on first use.
				const output = bodiesFile(join(bodies, `${collection}-${Date.now().toString(36)}-${process.pid}-${syncs++}.bodies`));
				// Bodies render on worker threads (src/lib/render-pool.ts), taken only if one is needed.
				let renderer: ReturnType<typeof acquireRenderPool> | undefined;
				const rendering: Rendering[] = [];
				const finish = async (entry: Rendering) => {
					const { html, headings } = await entry.result;
					const body = output.append({ html, headings, toc: tableOfContents(entry.body, headings) });
					const { id, data, filePath, digest } = entry;
					const dataAt = output.appendData(data);
					// Astro ignores a set whose digest it already has; this entry's body moved.
					store.delete(id);
					// No `body`, an empty `html` and empty data: the store holds where they are, only;
					// src/lib/queries.ts reads the data back (dataOf) when it loads the collection.
					store.set({ id, data: {}, filePath, digest, rendered: { html: '', metadata: { body, data: dataAt } } });
				};
				try {
					for (const name of files) {
						const path = join(dir, name);
						const id = idFromPath(name);
						const source = readFileSync(path, 'utf8');
						// The bodies folder is part of the digest, so a moved cache renders again.
						const digest = generateDigest(`${RENDER_VERSION}\n${bodies}\n${source}`);
						seen.add(id);
						const stored = store.get(id);
						const kept = stored && bodyLocationOf(stored);
						if (stored?.digest === digest && kept && dataLocationOf(stored)?.file === kept.file && exists(kept.file)) continue;
						const split = splitFrontmatter(source);
						// The validator has already reported files without frontmatter; be strict anyway.
						if (!split) throw new Error(`${relative(root, path)}: no frontmatter`);
						const filePath = relative(root, path);
						// The validator has parsed and checked this text already, with this collection's
						// schema (src/lib/frontmatter.ts); otherwise Astro checks it.
						const validated = takeFrontmatter(resolve(path), source);
						const data = (validated?.checked as Record<string, unknown> | undefined) ?? (await parseData({ id, data: (validated?.data ?? load(split.yaml) ?? {}) as Record<string, unknown>, filePath }));
						const { body } = split;
						// A cold build started rendering while it validated (src/integrations/validate.ts).
						let result = takeEarlyRender(resolve(path), body);
						if (!result) {
							renderer ??= acquireRenderPool();
							result = renderer.pool.render(body, filePath);
						}
						// Awaited in order by finish(); this only keeps an error that is never reached
						// (an earlier one stopped the loop) from becoming an unhandled rejection.
						result.catch(() => undefined);
						rendering.push({ id, data, filePath, digest, body, result });
						// Read and check ahead of the workers, but store in order and hold few results.
						if (rendering.length > RENDER_AHEAD) await finish(rendering.shift()!);
					}
					for (const entry of rendering.splice(0)) await finish(entry);
				} finally {
					output.close();
					await renderer?.release();
					// Early renders of this folder that were not needed (or a sync that failed).
					await dropEarlyRenders(resolve(dir));
				}
				for (const id of store.keys()) if (!seen.has(id)) store.delete(id);
				// Delete this collection's bodies files that no entry points at any more.
				const used = new Set(store.values().map((entry) => bodyLocationOf(entry)?.file));
				for (const name of await readdir(bodies)) {
					const file = join(bodies, name);
					if (name.startsWith(`${collection}-`) && name.endsWith('.bodies') && !used.has(file)) await rm(file, { force: true });
				}
			};
			await sync();
			// In `astro dev`, one sync at a time: a sync deletes the bodies files no stored entry
			// points at, which would include those of a sync still running.
			let running = Promise.resolve();
			watcher?.on('all', (_event, changed) => {
				if (!changed.startsWith(dir)) return;
				running = running.then(sync).catch((error: unknown) => logger.error(String(error)));
			});
		},
	};
}
