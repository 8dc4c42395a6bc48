/**
 * A worker thread of src/lib/render-pool.ts: renders MDX bodies with src/lib/render-body.ts and
 * answers each request with its id, the result or the error message.
 */
import { parentPort } from 'node:worker_threads';
import { renderBody } from './render-body.ts';
import type { RenderRequest, RenderResponse } from './render-pool.ts';

const port = parentPort;
if (!port) throw new Error('src/lib/render-worker.ts runs as a worker thread of src/lib/render-pool.ts');
port.on('message', (request: RenderRequest) => {
	renderBody(request.body, request.file).then(
		(result) => port.postMessage({ id: request.id, result } satisfies RenderResponse),
		(error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies RenderResponse),
	);
});
