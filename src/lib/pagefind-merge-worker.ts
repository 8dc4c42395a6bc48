/**
 * Runs mergeWords (one range of the words of a Pagefind merge) on its own thread
 * (src/lib/pagefind-merge.ts). workerData: the WordMergeInput; posts { result } or { error }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { mergeWords, type WordMergeInput } from './pagefind-merge.ts';

mergeWords(workerData as WordMergeInput).then(
	(result) => parentPort?.postMessage({ result }),
	(error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
