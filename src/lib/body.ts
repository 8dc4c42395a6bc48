/**
 * Rendered MDX bodies, kept out of Astro's content store (see src/lib/loader.ts).
 *
 * Each content sync that renders bodies appends them, as JSON, to one new file per collection
 * (`<cacheDir>/bodies/<collection>-<n>.bodies`); an entry's `rendered.metadata.body` says which
 * file and which bytes. One file instead of one per entry: on this machine's disk creating
 * 5,000 small files cost the content sync's main thread about 5 s, and page rendering then
 * opened each of them again. Unchanged entries keep pointing at the file of the sync that
 * rendered them; files no entry points at are deleted after each sync.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import type { Heading } from './render-body.ts';
import type { TocEntry } from './toc.ts';

export interface StoredBody {
	/** The body as HTML, code highlighted; trusted (built by render-body.ts from validated MDX). */
	html: string;
	/** Markdown headings (h2–h4) with their slugs. */
	headings: Heading[];
	/** The "On this page" list: `<H2 id>` components and `##` headings, in order. */
	toc: TocEntry[];
}

/** Where an entry's rendered body is: a byte range of a bodies file. */
export interface BodyLocation {
	file: string;
	offset: number;
	length: number;
}

interface WithBody {
	id: string;
	collection: string;
	rendered?: { metadata?: Record<string, unknown> } | undefined;
}

export function bodyLocationOf(entry: Pick<WithBody, 'rendered'>): BodyLocation | undefined {
	const location = entry.rendered?.metadata?.['body'] as Partial<BodyLocation> | undefined;
	return typeof location?.file === 'string' && Number.isInteger(location.offset) && Number.isInteger(location.length)
		? (location as BodyLocation)
		: undefined;
}

/**
 * Open bodies files, by path: a build reads thousands of bodies from a few files. A long
 * `astro dev` session makes a new file per edit, so the set is emptied when it grows large.
 */
const open = new Map<string, number>();
const OPEN_FILES_LIMIT = 32;

export async function bodyOf(entry: WithBody): Promise<StoredBody> {
	const location = bodyLocationOf(entry);
	if (!location) throw new Error(`${entry.collection}/${entry.id}: the content store has no rendered body for this entry (was it loaded by src/lib/loader.ts?)`);
	const { file, offset, length } = location;
	try {
		let fd = open.get(file);
		if (fd === undefined) {
			if (open.size >= OPEN_FILES_LIMIT) {
				for (const stale of open.values()) closeSync(stale);
				open.clear();
			}
			open.set(file, (fd = openSync(file, 'r')));
		}
		const bytes = Buffer.allocUnsafe(length);
		// Synchronous: a small read at a known place, cheaper than a thread-pool round trip.
		const read = readSync(fd, bytes, 0, length, offset);
		if (read !== length) throw new Error(`read ${read} of ${length} bytes at ${offset}`);
		return JSON.parse(bytes.toString('utf8')) as StoredBody;
	} catch (error) {
		throw new Error(`${entry.collection}/${entry.id}: cannot read its rendered body from ${file}: ${String(error)}; delete the .astro cache folder and build again`);
	}
}

/** Appends bodies to a new file; each append says where the body went. */
export function bodiesFile(file: string) {
	let fd: number | undefined;
	let offset = 0;
	return {
		file,
		append(body: StoredBody): BodyLocation {
			fd ??= openSync(file, 'wx');
			const bytes = Buffer.from(JSON.stringify(body), 'utf8');
			let written = 0;
			while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, offset + written);
			const location = { file, offset, length: bytes.length };
			offset += bytes.length;
			return location;
		},
		close() {
			if (fd !== undefined) closeSync(fd);
			fd = undefined;
		},
	};
}
