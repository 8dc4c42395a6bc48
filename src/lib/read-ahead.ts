/**
 * Reads files on a thread of their own, ahead of a synchronous loop that reads them in the same
 * order, so that the loop finds them in the page cache. The validator reads each content file
 * with readFileSync and parses it before it reads the next one; from a cold disk a 5,000-user
 * corpus kept that thread waiting for about 0.9 s of its validation (measured: 6,033 files read
 * in turn with 0.7 ms of work between them, 0.9 s blocked in readFileSync, against 0.14 s with
 * this thread reading ahead; README, Performance, step 20).
 *
 * Async reads on the main thread would not do: fs.readFile opens, reads and closes in steps
 * that each wait for the event loop, which a synchronous loop does not give back. The thread
 * only warms the cache: it reads into one small buffer and keeps nothing, and it ignores
 * errors, which the reading loop reports itself (a file that cannot be read is a problem there).
 */
import { Worker } from 'node:worker_threads';

// CommonJS evaluated in the worker: no module to resolve, in a build, a test or the CLI.
const reader = `
const { openSync, readSync, closeSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const buffer = Buffer.allocUnsafe(1 << 16);
for (const file of workerData) {
	let fd;
	try {
		fd = openSync(file, 'r');
		while (readSync(fd, buffer, 0, buffer.length, null) > 0);
	} catch {
		// The reading loop meets the same error and reports it.
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}
`;

/** Starts reading `files` in order on another thread; the returned function stops it. */
export function readAhead(files: readonly string[]): () => void {
	if (files.length === 0) return () => undefined;
	const worker = new Worker(reader, { eval: true, workerData: files });
	// Never the reason the process stays up, and never an error of the build.
	worker.unref();
	worker.on('error', () => undefined);
	return () => void worker.terminate();
}
