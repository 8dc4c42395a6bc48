/**
 * Rendered MDX bodies and the checked frontmatter of MDX entries, kept out of Astro's content
 * store (see src/lib/loader.ts).
 *
 * Each content sync that renders bodies appends them, as JSON, to one new file per collection
 * (`<cacheDir>/bodies/<collection>-<n>.bodies`); an entry's `rendered.metadata.body` says which
 * file and which bytes. One file instead of one per entry: on this machine's disk creating
 * 5,000 small files cost the content sync's main thread about 5 s, and page rendering then
 * opened each of them again. Unchanged entries keep pointing at the file of the sync that
 * rendered them; files no entry points at are deleted after each sync.
 *
 * The entry's data (its frontmatter as the collection schema returned it) goes to the same file
 * in V8's serialization format, which keeps Dates and everything else the schema can return,
 * and `rendered.metadata.data` says where. Astro writes its store with devalue, walking every
 * value: at 5,000 users that took 2.1 s of the content sync's main thread, all of it before any
 * page could render, and the server bundle then parsed all of it again.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
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

function locationOf(entry: Pick<WithBody, 'rendered'>, key: 'body' | 'data'): BodyLocation | undefined {
	const location = entry.rendered?.metadata?.[key] as Partial<BodyLocation> | undefined;
	return typeof location?.file === 'string' && Number.isInteger(location.offset) && Number.isInteger(location.length)
		? (location as BodyLocation)
		: undefined;
}

export const bodyLocationOf = (entry: Pick<WithBody, 'rendered'>) => locationOf(entry, 'body');
export const dataLocationOf = (entry: Pick<WithBody, 'rendered'>) => locationOf(entry, 'data');

/**
 * Open bodies files, by path: a build reads thousands of bodies from a few files. A long
 * `astro dev` session makes a new file per edit, so the set is emptied when it grows large.
 */
const open = new Map<string, number>();
const OPEN_FILES_LIMIT = 32;

/** The bytes at `location`, read synchronously: a small read at a known place. */
function readRange({ file, offset, length }: BodyLocation): Buffer {
	let fd = open.get(file);
	if (fd === undefined) {
		if (open.size >= OPEN_FILES_LIMIT) {
			for (const stale of open.values()) closeSync(stale);
			open.clear();
		}
		open.set(file, (fd = openSync(file, 'r')));
	}
	const bytes = Buffer.allocUnsafe(length);
	const read = readSync(fd, bytes, 0, length, offset);
	if (read !== length) throw new Error(`read ${read} of ${length} bytes at ${offset}`);
	return bytes;
}

/** Reads what `key` of an entry points at, or fails naming the entry and the file. */
function readStored<T>(entry: WithBody, key: 'body' | 'data', what: string, decode: (bytes: Buffer) => T): T {
	const location = locationOf(entry, key);
	if (!location) throw new Error(`${entry.collection}/${entry.id}: the content store has no ${what} for this entry (was it loaded by src/lib/loader.ts?)`);
	try {
		return decode(readRange(location));
	} catch (error) {
		throw new Error(`${entry.collection}/${entry.id}: cannot read its ${what} from ${location.file}: ${String(error)}; delete the .astro cache folder and build again`);
	}
}

export async function bodyOf(entry: WithBody): Promise<StoredBody> {
	return readStored(entry, 'body', 'rendered body', (bytes) => JSON.parse(bytes.toString('utf8')) as StoredBody);
}

/** The entry's checked frontmatter, as the loader stored it (synchronous: read once per build). */
export function dataOf(entry: WithBody): unknown {
	return readStored(entry, 'data', 'data', (bytes) => deserialize(bytes) as unknown);
}

/** Appends bodies and data to a new file; each append says where they went. */
export function bodiesFile(file: string) {
	let fd: number | undefined;
	let offset = 0;
	const write = (bytes: Uint8Array): BodyLocation => {
		fd ??= openSync(file, 'wx');
		let written = 0;
		while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, offset + written);
		const location = { file, offset, length: bytes.length };
		offset += bytes.length;
		return location;
	};
	return {
		file,
		append: (body: StoredBody): BodyLocation => write(Buffer.from(JSON.stringify(body), 'utf8')),
		appendData: (data: unknown): BodyLocation => write(serialize(data)),
		close() {
			if (fd !== undefined) closeSync(fd);
			fd = undefined;
		},
	};
}
