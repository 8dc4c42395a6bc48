/**
 * Worker thread of `uabi-kb scan`: scans its share of the files and posts progress, then the
 * sites it found. Started by scan.ts with { root, files, identifiers } as workerData.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scanFiles, type FilesResult } from './scan-files.ts';

export interface WorkerInput {
	root: string;
	files: string[];
	identifiers: string[];
}

export type WorkerMessage =
	| { type: 'progress'; scanned: number; sites: number }
	| { type: 'done'; result: FilesResult };

const input = workerData as WorkerInput;
const port = parentPort!;
const result = await scanFiles(input.root, input.files, input.identifiers, (scanned, sites) => {
	port.postMessage({ type: 'progress', scanned, sites } satisfies WorkerMessage);
});
port.postMessage({ type: 'done', result } satisfies WorkerMessage);
