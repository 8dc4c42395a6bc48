/**
 * The inner loop of `uabi-kb scan`, shared by the worker threads and the in-thread fallback:
 * reads each file once, drops it after one regular-expression test unless it may hold an
 * identifier, and only then lexes it line by line. Synchronous reads are the fastest way to read
 * many small files from Node; the parallelism comes from running this in several threads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskLine, type LexState } from './lexer.ts';
import { createMatcher, type Matcher } from './matcher.ts';

/** A found identifier, before it is tied to entries of the knowledge base. */
export interface RawSite {
	file: string;
	line: number;
	column: number;
	identifier: string;
}

/** The call sites in the text of one C file or header. */
export function sitesInText(file: string, text: string, matcher: Matcher): RawSite[] {
	const out: RawSite[] = [];
	const state: LexState = { inBlockComment: false };
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const code = maskLine(lines[i]!, 'c', state);
		for (const match of matcher.find(code)) out.push({ file, line: i + 1, column: match.column, identifier: match.identifier });
	}
	return out;
}

export interface FilesResult {
	sites: RawSite[];
	scanned: number;
	matched: number;
}

/**
 * Scans `files` (paths relative to `root`) for `identifiers`. Calls `onProgress` with the number
 * of files done every `every` files; if it returns a promise, waits for it (to let output out).
 */
export async function scanFiles(
	root: string,
	files: readonly string[],
	identifiers: readonly string[],
	onProgress?: (scanned: number, sites: number) => void | Promise<void>,
	every = 500,
): Promise<FilesResult> {
	const matcher = createMatcher(identifiers);
	const result: FilesResult = { sites: [], scanned: 0, matched: 0 };
	for (const file of files) {
		let bytes: Buffer | undefined;
		try {
			bytes = readFileSync(join(root, file));
		} catch {
			// Vanished or unreadable: nothing to report.
		}
		result.scanned += 1;
		if (bytes) {
			// latin1 is the cheapest decoding and keeps ASCII identifiers intact whatever the encoding.
			const text = bytes.toString('latin1');
			if (matcher.mayContain(text)) {
				result.matched += 1;
				result.sites.push(...sitesInText(file, text, matcher));
			}
		}
		if (onProgress && result.scanned % every === 0) await onProgress(result.scanned, result.sites.length);
	}
	return result;
}
