/**
 * A worker thread of src/lib/render-pool.ts: renders MDX bodies with src/lib/render-body.ts and
 * answers each request with its id, the result or the error message.
 *
 * It runs ten nice levels below the thread that hands it bodies. In a cold build that thread is
 * validating every entry, the step everything else waits for, while the workers render the
 * bodies the content sync will need a few seconds later. On two cores two workers (one per core
 * then; one since step 24) took most of the CPU (the validating thread had 55-58 % of a core,
 * 13-17 % of both cores idle) and the content sync, which runs on one thread, left 35-37 % idle.
 * Yielding moves some rendering into the content sync: validation 8.0-9.2 -> 6.8-6.9 s, idle
 * 7-8 % and 18-20 % (README, Performance, step 17). With nothing else to run, a lower priority
 * costs nothing.
 */
import { parentPort } from 'node:worker_threads';
import { renderBody } from './render-body.ts';
import type { RenderRequest, RenderResponse } from './render-pool.ts';
import { lowerThreadPriority } from './thread-priority.ts';

lowerThreadPriority(10);

const port = parentPort;
if (!port) throw new Error('src/lib/render-worker.ts runs as a worker thread of src/lib/render-pool.ts');
port.on('message', (request: RenderRequest) => {
	renderBody(request.body, request.file).then(
		(result) => port.postMessage({ id: request.id, result } satisfies RenderResponse),
		(error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies RenderResponse),
	);
});
