/**
 * Renders MDX bodies on worker threads (src/lib/render-worker.ts), so that highlighting and
 * HTML serialization, most of a large content sync, run on the other cores while the loader's
 * own thread reads files and checks frontmatter. Each worker keeps one Shiki highlighter.
 * Results are the same as calling renderBody() directly (tests/unit/render-pool.test.ts).
 */
import { availableParallelism } from 'node:os';
import { sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RenderedBody } from './render-body.ts';

export interface RenderRequest {
	id: number;
	body: string;
	file: string;
}
export type RenderResponse = { id: number; result: RenderedBody } | { id: number; error: string };

export interface RenderPool {
	render(body: string, file: string): Promise<RenderedBody>;
	/** Stops the workers; renders still in flight are rejected. */
	close(): Promise<void>;
}

/**
 * `size` workers; by default one per core but one, as the thread that validates and loads the
 * content keeps a core busy beside them. On two cores, one worker rather than two shortened
 * validation and content sync at 5,000 users in 7 of 8 alternating rounds (medians 11.1 → 10.3 s
 * and 9.5 → 8.8 s in two runs of four) and used 2.3 s less user CPU in the second run: one
 * highlighter and one set of compiled grammars, not two (README, Performance, step 24).
 */
export function renderPool(size = Math.max(1, availableParallelism() - 1)): RenderPool {
	const waiting = new Map<number, { resolve: (result: RenderedBody) => void; reject: (error: Error) => void; worker: number }>();
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

/**
 * Process-wide slots: the validator (the validate integration, loaded with astro.config.mjs)
 * and the loader (loaded through Vite) run in different module graphs of one process, and must
 * share one pool and its early renders.
 */
const slots = globalThis as { [key: symbol]: unknown };
const sharedKey = Symbol.for('uabi-kb.render-pool');
const earlyKey = Symbol.for('uabi-kb.early-renders');

/**
 * One pool for all MDX collections, which Astro loads at the same time; the last holder to
 * release it stops the workers, so they hold no memory while pages are rendered.
 */
export function acquireRenderPool(): { pool: RenderPool; release: () => Promise<void> } {
	const held = (slots[sharedKey] ??= { pool: renderPool(), holders: 0 }) as { pool: RenderPool; holders: number };
	held.holders++;
	let released = false;
	return {
		pool: held.pool,
		async release() {
			if (released) return;
			released = true;
			if (--held.holders > 0) return;
			if (slots[sharedKey] === held) slots[sharedKey] = undefined;
			await held.pool.close();
		},
	};
}

interface EarlyRenders {
	holder: ReturnType<typeof acquireRenderPool>;
	/** Not yet taken, by absolute path. */
	waiting: Map<string, { body: string; result: Promise<RenderedBody> }>;
	/** Every early render, taken or not: the pool stays until all have settled. */
	all: Promise<unknown>[];
}

const early = () => slots[earlyKey] as EarlyRenders | undefined;

/**
 * Starts rendering a body before the loader asks for it. A cold build (no content store yet)
 * renders every body, so the validator hands each one over as it reads the file and the workers
 * render while the validator's thread checks the rest (src/integrations/validate.ts).
 */
export function renderEarly(path: string, file: string, body: string): void {
	const renders = (slots[earlyKey] ??= { holder: acquireRenderPool(), waiting: new Map(), all: [] } satisfies EarlyRenders) as EarlyRenders;
	const result = renders.holder.pool.render(body, file);
	// Rejections reach the loader when it takes the result; one never taken must not be unhandled.
	result.catch(() => undefined);
	renders.waiting.set(path, { body, result });
	renders.all.push(result);
}

/** The early render of `path` if it was made from this `body`; forgets it either way. */
export function takeEarlyRender(path: string, body: string): Promise<RenderedBody> | undefined {
	const renders = early();
	const found = renders?.waiting.get(path);
	if (!renders || !found) return undefined;
	renders.waiting.delete(path);
	if (renders.waiting.size === 0) void finishEarlyRenders();
	return found.body === body ? found.result : undefined;
}

/**
 * Forgets the early renders not taken under `dir` (all when omitted); once none is left, the
 * pool is released after the renders in flight settle.
 */
export async function dropEarlyRenders(dir?: string): Promise<void> {
	const renders = early();
	if (!renders) return;
	const prefix = dir === undefined || dir.endsWith(sep) ? dir : dir + sep;
	for (const path of renders.waiting.keys()) if (prefix === undefined || path.startsWith(prefix)) renders.waiting.delete(path);
	if (renders.waiting.size === 0) await finishEarlyRenders();
}

/** Forgets every early render and stops the workers at once (a build whose validation failed). */
export async function abandonEarlyRenders(): Promise<void> {
	const renders = early();
	if (!renders) return;
	slots[earlyKey] = undefined;
	await renders.holder.release();
}

async function finishEarlyRenders(): Promise<void> {
	const renders = early();
	if (!renders) return;
	slots[earlyKey] = undefined;
	await Promise.allSettled(renders.all);
	await renders.holder.release();
}
