/**
 * Renders MDX bodies on worker threads (src/lib/render-worker.ts), so that highlighting and
 * HTML serialization, most of a large content sync, run on the other cores while the loader's
 * own thread reads files and checks frontmatter. Each worker keeps one Shiki highlighter.
 * Results are the same as calling renderBody() directly (tests/unit/render-pool.test.ts).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Heading } from './render-body.ts';

export interface RenderRequest {
	id: number;
	body: string;
	file: string;
}
export type RenderResponse = { id: number; result: { html: string; headings: Heading[] } } | { id: number; error: string };

export interface RenderPool {
	render(body: string, file: string): Promise<{ html: string; headings: Heading[] }>;
	/** Stops the workers; renders still in flight are rejected. */
	close(): Promise<void>;
}

export function renderPool(size = availableParallelism()): RenderPool {
	const waiting = new Map<number, { resolve: (result: { html: string; headings: Heading[] }) => void; reject: (error: Error) => void; worker: number }>();
	const load: number[] = [];
	let nextId = 0;
	let closed = false;
	const workers = Array.from({ length: Math.max(1, size) }, (_unused, index) => {
		load[index] = 0;
		const worker = new Worker(new URL('./render-worker.ts', import.meta.url));
		worker.on('message', (response: RenderResponse) => {
			const job = waiting.get(response.id);
			if (!job) return;
			waiting.delete(response.id);
			load[index]!--;
			if ('error' in response) job.reject(new Error(response.error));
			else job.resolve(response.result);
		});
		worker.on('error', (error) => {
			for (const [id, job] of waiting) {
				if (job.worker !== index) continue;
				waiting.delete(id);
				job.reject(new Error(`body renderer thread failed: ${error.message}`));
			}
		});
		return worker;
	});
	return {
		render(body, file) {
			if (closed) return Promise.reject(new Error(`${file}: the body renderer is closed`));
			// The least busy worker takes the next body.
			const index = load.indexOf(Math.min(...load));
			const id = nextId++;
			load[index]!++;
			return new Promise((resolve, reject) => {
				waiting.set(id, { resolve, reject, worker: index });
				workers[index]!.postMessage({ id, body, file } satisfies RenderRequest);
			});
		},
		async close() {
			closed = true;
			await Promise.all(workers.map((worker) => worker.terminate()));
			for (const job of waiting.values()) job.reject(new Error('body renderer closed before the body was rendered'));
			waiting.clear();
		},
	};
}

let shared: { pool: RenderPool; holders: number } | undefined;

/**
 * One pool for all MDX collections, which Astro loads at the same time; the last holder to
 * release it stops the workers, so they hold no memory while pages are rendered.
 */
export function acquireRenderPool(): { pool: RenderPool; release: () => Promise<void> } {
	shared ??= { pool: renderPool(), holders: 0 };
	const held = shared;
	held.holders++;
	let released = false;
	return {
		pool: held.pool,
		async release() {
			if (released) return;
			released = true;
			if (--held.holders > 0) return;
			if (shared === held) shared = undefined;
			await held.pool.close();
		},
	};
}
