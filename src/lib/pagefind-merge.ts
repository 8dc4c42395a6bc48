/**
 * Joins Pagefind bundles that were indexed from disjoint sets of pages into one bundle, the same
 * index (up to page numbering) that one indexer run over all the pages writes. Pagefind's indexer
 * keeps every page's word map until it has merged them, so its memory follows the pages it reads:
 * 2.3 GB for the 6,033 item pages of the 5,000-user benchmark, 0.7 GB for a third of them (README,
 * Performance, step 26). Indexing in parts and joining them here bounds that peak without splitting
 * the search index, which would change rankings (stop 15, `npm run bench:shards`).
 *
 * Pagefind 1.6's files, as read from its output (this module checks the version and the shapes it
 * relies on, and stops with an error on anything else):
 *
 * - every `.pf_meta`, `.pf_index`, `.pf_filter` and `.pf_fragment` file is gzip of the bytes
 *   `pagefind_dcd` followed by the payload: CBOR for the first three, JSON for fragments;
 * - `pagefind.<hash>.pf_meta`: `[version, pages, chunks, filters, sorts, metaFields]`, where a page
 *   is `[fragmentHash, wordCount, string]`, a chunk `[from, to, hash]` (word prefixes, in order), a
 *   filter `[name, hash]`, a sort `[name, pageNumbers]` and metaFields the sorted names of the
 *   metadata fields that word positions refer to;
 * - `index/<hash>.pf_index`: `[[word...]]`, words in UTF-8 byte order, a word being
 *   `[text, pages, variants]`, a variant (the same stem spelt with diacritics) `[text, pages]`, and
 *   a page `[pageNumberDelta, locations, metaLocations]`: page numbers ascend and each is stored
 *   as its distance from the one before; in metaLocations a negative number `-(i + 1)` starts the
 *   positions in metadata field `i`;
 * - `filter/<hash>.pf_filter`: `[name, [[value, pageNumbers]...]]`, page numbers absolute;
 * - `pagefind-entry.json`: per language the meta file's hash and the page count.
 */
import { createHash } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { gunzip, gzip } from 'node:zlib';

const gunzipAsync = promisify(gunzip);
const gzipAsync = promisify(gzip);

/** The Pagefind version whose file layout this module knows. */
export const PAGEFIND_FORMAT_VERSION = '1.6.0';
const SIGNATURE = Buffer.from('pagefind_dcd');
/** Pagefind closes an index chunk once its pages and locations add up to this many. */
const CHUNK_SIZE = 20_000;

// ---------------------------------------------------------------------------------------------
// CBOR, the part of it Pagefind writes: unsigned and negative integers, text and arrays.

export type Cbor = number | string | Cbor[];

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** How many bytes after a CBOR head hold its number, from the head's low five bits (-1: not one we read). */
const argumentBytes = (info: number) => (info < 24 ? 0 : info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : -1);

/** Reads CBOR items one at a time, so that callers can keep parts of it as bytes. */
export class CborReader {
	readonly #bytes: Uint8Array;
	readonly #view: DataView;
	readonly #what: string;
	/** The number that goes with the last head `#head` read: a value, a length, or -1. */
	#argument = 0;
	at = 0;

	constructor(bytes: Uint8Array, what = 'CBOR data') {
		this.#bytes = bytes;
		this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		this.#what = what;
	}

	fail(message: string): never {
		throw new Error(`${this.#what}: ${message} at byte ${this.at}`);
	}

	get done(): boolean {
		return this.at >= this.#bytes.length;
	}

	/**
	 * The next item's type; its number (a value, a length, or -1 for an indefinite array) is left
	 * in `#argument`. Not returned as a pair: one array per item was most of the join's garbage.
	 */
	#head(): number {
		if (this.at >= this.#bytes.length) this.fail('data ends early');
		const head = this.#bytes[this.at++]!;
		const info = head & 31;
		if (info < 24) {
			this.#argument = info;
			return head >> 5;
		}
		if (info === 31 && head >> 5 === 4) {
			this.#argument = -1;
			return 4;
		}
		const size = argumentBytes(info);
		if (size < 0) this.fail(`unsupported length encoding ${info}`);
		if (this.at + size > this.#bytes.length) this.fail('data ends inside a number');
		const view = this.#view;
		const at = this.at;
		this.at += size;
		this.#argument = size === 1 ? view.getUint8(at) : size === 2 ? view.getUint16(at) : size === 4 ? view.getUint32(at) : Number(view.getBigUint64(at));
		return head >> 5;
	}

	#expect(major: number, what: string): number {
		if (this.#head() !== major) this.fail(`expected ${what}`);
		return this.#argument;
	}

	/** An array's length (-1: ends at a break byte, see `more`). */
	array(): number {
		return this.#expect(4, 'an array');
	}

	/** For an array of length `length` read up to item `index`: whether another item follows. */
	more(length: number, index: number): boolean {
		if (length >= 0) return index < length;
		if (this.#bytes[this.at] !== 0xff) return true;
		this.at++;
		return false;
	}

	int(): number {
		const type = this.#head();
		if (type === 0) return this.#argument;
		if (type === 1) return -1 - this.#argument;
		return this.fail('expected an integer');
	}

	text(): string {
		const length = this.#expect(3, 'a text');
		if (this.at + length > this.#bytes.length) this.fail('data ends inside a text');
		const value = utf8.decode(this.#bytes.subarray(this.at, this.at + length));
		this.at += length;
		return value;
	}

	/**
	 * Steps over an array of integers; returns how many it holds. Only each integer's first byte
	 * is read (it says how many follow): the join skips millions of word positions this way.
	 */
	skipIntArray(): number {
		const length = this.array();
		const bytes = this.#bytes;
		let count = 0;
		for (;;) {
			if (length >= 0 ? count === length : bytes[this.at] === 0xff) break;
			if (this.at >= bytes.length) this.fail('data ends early');
			const head = bytes[this.at]!;
			if (head >> 5 > 1) this.fail('expected an integer');
			const info = head & 31;
			const size = argumentBytes(info);
			if (size < 0) this.fail(`unsupported length encoding ${info}`);
			if (this.at + 1 + size > bytes.length) {
				this.at++;
				this.fail('data ends inside a number');
			}
			this.at += 1 + size;
			count++;
		}
		if (length < 0) this.at++;
		return count;
	}

	/** Any item Pagefind writes. */
	item(): Cbor {
		const start = this.at;
		const type = this.#head();
		if (type === 0) return this.#argument;
		if (type === 1) return -1 - this.#argument;
		this.at = start;
		if (type === 3) return this.text();
		if (type === 4) {
			const length = this.array();
			const items: Cbor[] = [];
			while (this.more(length, items.length)) items.push(this.item());
			return items;
		}
		return this.fail(`unexpected CBOR type ${type}`);
	}
}

export function decodeCbor(bytes: Uint8Array, what = 'CBOR data'): Cbor {
	const reader = new CborReader(bytes, what);
	const value = reader.item();
	if (!reader.done) reader.fail('data continues after the value');
	return value;
}

/** Writes CBOR into one growing buffer: definite lengths, shortest numbers, as Pagefind's encoder. */
export class CborWriter {
	#bytes = new Uint8Array(1 << 16);
	#view = new DataView(this.#bytes.buffer);
	#at = 0;

	#room(n: number): void {
		if (this.#at + n <= this.#bytes.length) return;
		let size = this.#bytes.length * 2;
		while (size < this.#at + n) size *= 2;
		const bytes = new Uint8Array(size);
		bytes.set(this.#bytes.subarray(0, this.#at));
		this.#bytes = bytes;
		this.#view = new DataView(bytes.buffer);
	}

	head(major: number, n: number): this {
		this.#room(9);
		const type = major << 5;
		if (n < 24) this.#bytes[this.#at++] = type | n;
		else if (n < 0x100) {
			this.#bytes[this.#at++] = type | 24;
			this.#bytes[this.#at++] = n;
		} else if (n < 0x10000) {
			this.#bytes[this.#at++] = type | 25;
			this.#view.setUint16(this.#at, n);
			this.#at += 2;
		} else if (n < 0x100000000) {
			this.#bytes[this.#at++] = type | 26;
			this.#view.setUint32(this.#at, n);
			this.#at += 4;
		} else {
			this.#bytes[this.#at++] = type | 27;
			this.#view.setBigUint64(this.#at, BigInt(n));
			this.#at += 8;
		}
		return this;
	}

	array(length: number): this {
		return this.head(4, length);
	}

	int(value: number): this {
		if (!Number.isSafeInteger(value)) throw new Error(`CBOR: cannot encode ${value}`);
		return value >= 0 ? this.head(0, value) : this.head(1, -1 - value);
	}

	text(value: string): this {
		// Written in place: the length head first (from the longest the text can take in UTF-8),
		// moved up if the text turns out shorter.
		this.#room(value.length * 3 + 9);
		const at = this.#at;
		this.head(3, value.length * 3);
		const headSize = this.#at - at;
		const { written } = utf8Encoder.encodeInto(value, this.#bytes.subarray(this.#at));
		this.#at = at;
		this.head(3, written);
		if (this.#at - at !== headSize) this.#bytes.copyWithin(this.#at, at + headSize, at + headSize + written);
		this.#at += written;
		return this;
	}

	/** Copies `bytes[start, end)`, most often a few bytes: a loop, without a view for each. */
	copy(bytes: Uint8Array, start: number, end: number): this {
		this.#room(end - start);
		const to = this.#bytes;
		let at = this.#at;
		for (let i = start; i < end; i++) to[at++] = bytes[i]!;
		this.#at = at;
		return this;
	}

	item(value: Cbor): this {
		if (typeof value === 'number') return this.int(value);
		if (typeof value === 'string') return this.text(value);
		this.array(value.length);
		for (const item of value) this.item(item);
		return this;
	}

	/** The bytes written so far (a copy). */
	bytes(): Buffer {
		return Buffer.from(this.#bytes.subarray(0, this.#at));
	}
}

export function encodeCbor(value: Cbor): Buffer {
	return new CborWriter().item(value).bytes();
}

// ---------------------------------------------------------------------------------------------
// Pagefind's compressed files.

export async function readPagefindFile(path: string): Promise<Buffer> {
	const bytes = await gunzipAsync(await readFile(path), { chunkSize: 1 << 18 });
	if (!bytes.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error(`${path}: not a Pagefind data file (no pagefind_dcd signature)`);
	return bytes.subarray(SIGNATURE.length);
}

/**
 * Pagefind compresses at level 9; zlib's level 5 gives files 1.6 % larger in a fifth of the time
 * (the 5,000-user index's 33.8 MB of chunks: 15.97 MB in 0.79 s of CPU at level 5, 15.87 MB in
 * 1.26 s at 6, 15.72 MB in 3.9 s at 9; levels 3 and 4 save 0.04-0.07 s more for 2-3 % more bytes).
 */
async function packPagefindFile(payload: Buffer): Promise<Buffer> {
	return gzipAsync(Buffer.concat([SIGNATURE, payload]), { level: 5, chunkSize: 1 << 18 });
}

/** Orders words as Pagefind does (Rust compares strings by their UTF-8 bytes, i.e. by code point). */
export function compareWords(a: string, b: string): number {
	const length = Math.min(a.length, b.length);
	for (let i = 0; i < length; i++) {
		const x = a.charCodeAt(i);
		const y = b.charCodeAt(i);
		if (x === y) continue;
		// Surrogates (code points above U+FFFF) sort after every other UTF-16 unit by code point.
		const surrogate = (c: number) => c >= 0xd800 && c <= 0xdfff;
		if (surrogate(x) !== surrogate(y)) return surrogate(x) ? 1 : -1;
		return x - y;
	}
	return a.length - b.length;
}

// ---------------------------------------------------------------------------------------------
// Shapes.

/** One page's entry under a word: absolute page number, locations and metadata locations. */
interface Posting {
	page: number;
	/** The unpacked chunk file the entry was read from. */
	bytes: Uint8Array;
	/** Where the encoded list of word locations is in `bytes`, and how many it holds. */
	start: number;
	end: number;
	count: number;
	metaLocs: number[];
}
interface Meta {
	pages: [string, number, Cbor][];
	chunks: [string, string, string][];
	filters: [string, string][];
	sorts: Cbor[];
	metaFields: string[];
}

const isArray = (value: Cbor | undefined): value is Cbor[] => Array.isArray(value);
const isString = (value: Cbor | undefined): value is string => typeof value === 'string';
const isNumber = (value: Cbor | undefined): value is number => typeof value === 'number';

function shapeError(file: string, what: string): never {
	throw new Error(`${file}: ${what} is not in the layout of Pagefind ${PAGEFIND_FORMAT_VERSION} that the merge knows`);
}

function parseMeta(value: Cbor, file: string): Meta {
	if (!isArray(value) || value.length !== 6) return shapeError(file, 'the meta index');
	const [version, pages, chunks, filters, sorts, metaFields] = value;
	if (version !== PAGEFIND_FORMAT_VERSION) throw new Error(`${file}: written by Pagefind ${String(version)}, but the merge knows the files of Pagefind ${PAGEFIND_FORMAT_VERSION}`);
	const triple = (x: Cbor) => isArray(x) && x.length === 3;
	if (!isArray(pages) || !pages.every((p) => triple(p) && isString((p as Cbor[])[0]) && isNumber((p as Cbor[])[1]))) return shapeError(file, 'the page list');
	if (!isArray(chunks) || !chunks.every((c) => triple(c) && (c as Cbor[]).every(isString))) return shapeError(file, 'the chunk list');
	if (!isArray(filters) || !filters.every((f) => isArray(f) && f.length === 2 && f.every(isString))) return shapeError(file, 'the filter list');
	if (!isArray(sorts)) return shapeError(file, 'the sort list');
	if (!isArray(metaFields) || !metaFields.every(isString)) return shapeError(file, 'the metadata field list');
	return { pages: pages as Meta['pages'], chunks: chunks as Meta['chunks'], filters: filters as Meta['filters'], sorts, metaFields: metaFields as string[] };
}

/** Most page entries have no metadata locations; they share this (never changed) list. */
const noMetaLocs: number[] = Object.freeze([]) as unknown as number[];

/** Page entries of one word or variant, their page numbers made absolute. */
function readPostings(reader: CborReader, bytes: Uint8Array): Posting[] {
	const postings: Posting[] = [];
	let page = 0;
	for (let n = reader.array(), i = 0; reader.more(n, i); i++) {
		if (reader.array() !== 3) reader.fail('expected a page entry of three items');
		page += reader.int();
		const start = reader.at;
		const count = reader.skipIntArray();
		const end = reader.at;
		let metaLocs = noMetaLocs;
		for (let m = reader.array(), j = 0; reader.more(m, j); j++) (metaLocs === noMetaLocs ? (metaLocs = []) : metaLocs).push(reader.int());
		postings.push({ page, bytes, start, end, count, metaLocs });
	}
	return postings;
}

function writePostings(writer: CborWriter, postings: Posting[]): void {
	writer.array(postings.length);
	let previous = 0;
	for (const { page, bytes, start, end, metaLocs } of postings) {
		writer.array(3).int(page - previous).copy(bytes, start, end).array(metaLocs.length);
		for (const n of metaLocs) writer.int(n);
		previous = page;
	}
}

const postingsSize = (postings: Posting[]) => postings.reduce((sum, p) => sum + p.count + p.metaLocs.length + 1, 0);

// ---------------------------------------------------------------------------------------------
// One part: a bundle written by one indexer run.

interface Part {
	dir: string;
	entry: PagefindEntry;
}
export interface PagefindEntry {
	version: string;
	languages: Record<string, { hash: string; wasm: string | null; page_count: number }>;
	[other: string]: unknown;
}

async function readEntry(dir: string): Promise<PagefindEntry> {
	const file = join(dir, 'pagefind-entry.json');
	const entry = JSON.parse(await readFile(file, 'utf8')) as PagefindEntry;
	if (entry.version !== PAGEFIND_FORMAT_VERSION) throw new Error(`${file}: written by Pagefind ${entry.version}, but the merge knows the files of Pagefind ${PAGEFIND_FORMAT_VERSION}`);
	return entry;
}

async function readCbor(path: string): Promise<Cbor> {
	return decodeCbor(await readPagefindFile(path), path);
}

/**
 * Walks one part's words in index order without building objects for them: the current word's
 * text, and where its page list and variants are in the unpacked chunk file, with what the merge
 * needs to copy them (the first page's number, the last page's, the list's size). Chunk files are
 * read and unpacked a few ahead; only moving past a chunk's last word waits for a file.
 */
class WordCursor {
	readonly #files: string[];
	readonly #pending: (Promise<Buffer> | undefined)[];
	readonly #ahead: number;
	readonly #range: WordRange;
	#next = 0;
	#reader: CborReader | undefined;
	#length = 0;
	#index = 0;
	/** The current word; undefined once the part has no more in range. */
	word: string | undefined;
	/** The unpacked chunk file it was read from. */
	bytes: Uint8Array = new Uint8Array();
	/** Its page entries: how many, where the first starts and where its page number ends, where the last ends. */
	count = 0;
	firstStart = 0;
	firstDeltaEnd = 0;
	end = 0;
	/** The first page's number and the last one's, within the part. */
	firstPage = 0;
	lastPage = 0;
	/** Locations, metadata locations and entries, Pagefind's measure of a chunk's size. */
	size = 0;
	/** Whether any entry has metadata locations (which may need new field numbers). */
	hasMeta = false;
	/** Its variants (the same stem spelt with diacritics; rare, so read as objects). */
	variants: { word: string; postings: Posting[] }[] = [];

	/**
	 * The part's words in `range`: only the chunk files that can hold such words are read (a
	 * chunk holds the words from its own `from` up to the next chunk's).
	 */
	constructor(dir: string, chunks: Meta['chunks'], range: WordRange = {}, ahead = 4) {
		const { from, to } = range;
		this.#files = chunks
			.filter(([start], j) => (to === undefined || compareWords(start, to) < 0) && (from === undefined || j + 1 === chunks.length || compareWords(chunks[j + 1]![0], from) > 0))
			.map(([, , hash]) => join(dir, 'index', `${hash}.pf_index`));
		this.#range = range;
		this.#ahead = ahead;
		this.#pending = this.#files.slice(0, ahead).map((file) => readPagefindFile(file));
	}

	/** Moves to the next word in range: a promise when a chunk file must be read first, else nothing. */
	advance(): Promise<void> | undefined {
		return this.#advance(this.word);
	}

	#advance(last: string | undefined): Promise<void> | undefined {
		const { from, to } = this.#range;
		for (;;) {
			const reader = this.#reader;
			if (!reader || !reader.more(this.#length, this.#index)) {
				if (reader && !reader.done) reader.fail('data continues after the word list');
				this.#reader = undefined;
				this.word = undefined;
				if (this.#next >= this.#files.length) return undefined;
				return this.#load().then(() => this.#advance(last));
			}
			this.#read(reader);
			const word = this.word!;
			if (last !== undefined && compareWords(last, word) >= 0) throw new Error(`${this.#files[this.#next - 1]}: words out of order ("${last}" before "${word}")`);
			if (to !== undefined && compareWords(word, to) >= 0) {
				// Past the range: this part has no more words for this merge.
				this.word = undefined;
				this.#reader = undefined;
				this.#next = this.#files.length;
				return undefined;
			}
			if (from === undefined || compareWords(word, from) >= 0) return undefined;
			last = word;
		}
	}

	async #load(): Promise<void> {
		const i = this.#next++;
		const bytes = await this.#pending[i]!;
		this.#pending[i] = undefined;
		if (i + this.#ahead < this.#files.length) this.#pending.push(readPagefindFile(this.#files[i + this.#ahead]!));
		const reader = new CborReader(bytes, this.#files[i]!);
		if (reader.array() !== 1) reader.fail('expected a chunk of one word list');
		this.#length = reader.array();
		this.#index = 0;
		this.#reader = reader;
		this.bytes = bytes;
	}

	/** Reads the next word's fields, stepping over its page list and variants. */
	#read(reader: CborReader): void {
		this.#index++;
		if (reader.array() !== 3) reader.fail('expected a word of three items');
		this.word = reader.text();
		const count = reader.array();
		if (count < 0) reader.fail(`expected a page list of known length for "${this.word}"`);
		this.count = count;
		let page = 0;
		let size = 0;
		let hasMeta = false;
		for (let i = 0; i < count; i++) {
			if (i === 0) this.firstStart = reader.at;
			if (reader.array() !== 3) reader.fail('expected a page entry of three items');
			page += reader.int();
			if (i === 0) {
				this.firstPage = page;
				this.firstDeltaEnd = reader.at;
			}
			size += reader.skipIntArray() + 1;
			const metaLocs = reader.skipIntArray();
			size += metaLocs;
			if (metaLocs > 0) hasMeta = true;
		}
		this.end = reader.at;
		this.lastPage = page;
		this.hasMeta = hasMeta;
		const variants = reader.array();
		if (variants < 0) reader.fail(`expected a variant list of known length for "${this.word}"`);
		this.variants = [];
		for (let v = 0; v < variants; v++) {
			if (reader.array() !== 2) reader.fail(`expected a variant of "${this.word}" of two items`);
			const variant = { word: reader.text(), postings: readPostings(reader, this.bytes) };
			size += postingsSize(variant.postings);
			this.variants.push(variant);
		}
		this.size = size;
	}
}

/** Words from `from` (inclusive) up to `to` (exclusive); either end may be open. */
export interface WordRange {
	from?: string;
	to?: string;
}

/** What a word merge needs of each part: its folder, chunk list, first page number and field numbers. */
export interface WordSource {
	dir: string;
	chunks: [string, string, string][];
	offset: number;
	fields: number[];
}

export interface WordMergeInput {
	language: string;
	out: string;
	sources: WordSource[];
	range: WordRange;
}

/** Chunks written by a word merge: first word, last word, file name; and how many words. */
export interface WordMergeResult {
	chunks: [string, string, string][];
	words: number;
}

/**
 * Merges the parts' words in `range` into chunk files in `out`/index/ (their page numbers moved
 * by each part's offset, metadata fields renumbered), cut as Pagefind cuts them.
 */
export async function mergeWords({ language, out, sources, range }: WordMergeInput): Promise<WordMergeResult> {
	const taken = new Set<string>();
	// Parts whose metadata fields keep their numbers in the joined index copy their entries as they are.
	const renumbered = sources.map(({ fields }) => fields.some((field, i) => field !== i));
	const fieldNumber = (n: number, part: number) => {
		const field = sources[part]!.fields[-n - 1];
		if (field === undefined) throw new Error(`${sources[part]!.dir}: a word position refers to metadata field ${-n - 1}, which the meta index does not list`);
		return -field - 1;
	};
	/** A variant's page entries (objects: variants are rare) moved to the joined index. */
	const shift = (postings: Posting[], part: number): Posting[] => {
		for (const posting of postings) {
			posting.page += sources[part]!.offset;
			if (renumbered[part]) posting.metaLocs = posting.metaLocs.map((n) => (n < 0 ? fieldNumber(n, part) : n));
		}
		return postings;
	};
	await mkdir(join(out, 'index'), { recursive: true });
	const cursors = sources.map((source) => new WordCursor(source.dir, source.chunks, range));
	// Start before the first word: advancing once reads the first chunk.
	await Promise.all(cursors.map((cursor) => cursor.advance()));
	const chunks: WordMergeResult['chunks'] = [];
	let body = new CborWriter();
	let inChunk = 0;
	let first = '';
	let last = '';
	let size = 0;
	let words = 0;
	const writes: Promise<void>[] = [];
	const flush = () => {
		if (inChunk === 0) return;
		const cbor = Buffer.concat([new CborWriter().array(1).array(inChunk).bytes(), body.bytes()]);
		const name = nameFor(language, cbor, taken);
		chunks.push([first, last, name]);
		writes.push(packPagefindFile(cbor).then((bytes) => writeFile(join(out, 'index', `${name}.pf_index`), bytes)));
		body = new CborWriter();
		inChunk = 0;
		size = 0;
	};
	const here: number[] = [];
	for (;;) {
		let next: string | undefined;
		for (const cursor of cursors) {
			const word = cursor.word;
			if (word !== undefined && (next === undefined || compareWords(word, next) < 0)) next = word;
		}
		if (next === undefined) break;
		here.length = 0;
		let total = 0;
		let variants = 0;
		for (const [i, cursor] of cursors.entries()) {
			if (cursor.word !== next) continue;
			here.push(i);
			total += cursor.count;
			variants += cursor.variants.length;
			size += cursor.size;
		}
		body.array(3).text(next).array(total);
		// Page numbers are stored as distances from the one before: only each part's first entry
		// changes, the rest are copied as bytes (unless metadata fields need new numbers).
		let previous = 0;
		for (const i of here) {
			const cursor = cursors[i]!;
			if (cursor.count === 0) continue;
			const { offset } = sources[i]!;
			const firstDelta = offset + cursor.firstPage - previous;
			if (cursor.hasMeta && renumbered[i]) copyRenumbered(body, cursor, firstDelta, (n) => fieldNumber(n, i));
			else body.array(3).int(firstDelta).copy(cursor.bytes, cursor.firstDeltaEnd, cursor.end);
			previous = offset + cursor.lastPage;
		}
		if (variants === 0) body.array(0);
		else {
			const merged = new Map<string, Posting[]>();
			for (const i of here) {
				for (const variant of cursors[i]!.variants) merged.set(variant.word, [...(merged.get(variant.word) ?? []), ...shift(variant.postings, i)]);
			}
			body.array(merged.size);
			for (const [word, postings] of [...merged].sort(([a], [b]) => compareWords(a, b))) {
				body.array(2).text(word);
				writePostings(body, postings);
			}
		}
		if (inChunk === 0) first = next;
		last = next;
		inChunk++;
		words++;
		for (const i of here) {
			const moving = cursors[i]!.advance();
			if (moving) await moving;
		}
		if (size >= CHUNK_SIZE) flush();
	}
	flush();
	await Promise.all(writes);
	return { chunks, words };
}

/** Copies a word's page entries from `cursor`, giving metadata locations their new field numbers. */
function copyRenumbered(writer: CborWriter, cursor: WordCursor, firstDelta: number, field: (n: number) => number): void {
	const reader = new CborReader(cursor.bytes, 'page entries');
	reader.at = cursor.firstStart;
	for (let i = 0; i < cursor.count; i++) {
		reader.array();
		const delta = reader.int();
		writer.array(3).int(i === 0 ? firstDelta : delta);
		const locs = reader.at;
		reader.skipIntArray();
		writer.copy(cursor.bytes, locs, reader.at);
		const metaLocs = reader.array();
		writer.array(metaLocs);
		for (let j = 0; j < metaLocs; j++) {
			const n = reader.int();
			writer.int(n < 0 ? field(n) : n);
		}
	}
}

/** Runs `mergeWords` on a worker thread. */
function mergeWordsOffThread(input: WordMergeInput): Promise<WordMergeResult> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./pagefind-merge-worker.ts', import.meta.url), { workerData: input });
		let settled = false;
		worker.once('message', (message: { result?: WordMergeResult; error?: string }) => {
			settled = true;
			if (message.result) resolve(message.result);
			else reject(new Error(`Pagefind merge failed: ${message.error}`));
		});
		worker.once('error', (error) => {
			settled = true;
			reject(error);
		});
		worker.once('exit', (code) => {
			if (!settled) reject(new Error(`Pagefind merge: the worker exited (code ${code}) without a result`));
		});
	});
}

/**
 * Where to cut the words into `count` ranges of about the same work: at quantiles of the parts'
 * chunk starts (Pagefind cuts chunks of about the same number of word positions).
 */
export function wordRanges(sources: readonly Pick<WordSource, 'chunks'>[], count: number): WordRange[] {
	const starts = sources.flatMap((source) => source.chunks.map(([from]) => from)).sort(compareWords);
	const cuts = [...new Set(Array.from({ length: count - 1 }, (_, i) => starts[Math.floor(((i + 1) * starts.length) / count)]).filter((cut): cut is string => cut !== undefined))];
	return Array.from({ length: cuts.length + 1 }, (_, i) => ({ ...(i > 0 ? { from: cuts[i - 1] } : {}), ...(i < cuts.length ? { to: cuts[i] } : {}) }));
}

// ---------------------------------------------------------------------------------------------
// The merge.

/** A content hash in Pagefind's naming, `<language>_<hex>`, made longer until it is unused. */
function nameFor(language: string, bytes: Uint8Array, taken: Set<string>, length = 7): string {
	const hex = createHash('sha256').update(bytes).digest('hex');
	for (let n = length; n <= hex.length; n++) {
		const name = `${language}_${hex.slice(0, n)}`;
		if (!taken.has(name)) {
			taken.add(name);
			return name;
		}
	}
	throw new Error(`Pagefind merge: two different files hash to ${language}_${hex}`);
}

/** Hard-links a file, copying it where a link cannot be made (another disk, a file system without links). */
export async function linkOrCopy(from: string, to: string): Promise<void> {
	try {
		await link(from, to);
	} catch {
		await copyFile(from, to, fsConstants.COPYFILE_FICLONE);
	}
}

/** Which page numbers each part's pages take in the joined index. */
function offsetsOf(counts: number[]): number[] {
	let next = 0;
	return counts.map((count) => {
		const offset = next;
		next += count;
		return offset;
	});
}

export interface MergeStats {
	pages: number;
	words: number;
	chunks: number;
}

async function mergeLanguage(language: string, parts: Part[], out: string, taken: Set<string>, threads: number): Promise<{ hash: string; pages: number; words: number; chunks: number }> {
	const present = parts.filter((part) => part.entry.languages[language]);
	const metas = await Promise.all(
		present.map(async (part) => {
			const file = join(part.dir, `pagefind.${part.entry.languages[language]!.hash}.pf_meta`);
			return parseMeta(await readCbor(file), file);
		}),
	);
	for (const [i, meta] of metas.entries()) {
		if (meta.sorts.length > 0) throw new Error(`${present[i]!.dir}: Pagefind wrote sort orders (data-pagefind-sort), which the merge cannot join: index these pages in one part`);
	}
	const offsets = offsetsOf(metas.map((meta) => meta.pages.length));

	// Metadata fields: the union, sorted as Pagefind sorts them; positions refer to them by index.
	const metaFields = [...new Set(metas.flatMap((meta) => meta.metaFields))].sort(compareWords);
	const fieldMaps = metas.map((meta) => meta.metaFields.map((field) => metaFields.indexOf(field)));

	// Words: a merge of the parts' sorted word lists, re-cut into chunks of Pagefind's size, on
	// `threads` worker threads (one range of words each) or here.
	const sources = metas.map((meta, i) => ({ dir: present[i]!.dir, chunks: meta.chunks, offset: offsets[i]!, fields: fieldMaps[i]! }));
	const ranges = threads > 0 ? wordRanges(sources, threads) : [{}];
	const merging = Promise.all(ranges.map((range) => (threads > 0 ? mergeWordsOffThread : mergeWords)({ language, out, sources, range })));
	// Awaited once the fragments and filters are done; a failure meanwhile is not unhandled.
	merging.catch(() => undefined);

	const T0 = performance.now(); const lg = (m: string) => process.env['MT'] && console.log(m, (performance.now() - T0).toFixed(0));
	// Fragments keep their files and names (Pagefind names them by their content, so one name in
	// two parts is the same page, kept once, unless the short names collide: then a longer one).
	await mkdir(join(out, 'fragment'), { recursive: true });
	const fragmentFrom = new Map<string, string>();
	const renamed = new Map<string, string>();
	const pages: Meta['pages'] = [];
	const links: Promise<void>[] = [];
	for (const [i, meta] of metas.entries()) {
		for (const [hash, wordCount, extra] of meta.pages) {
			const from = join(present[i]!.dir, 'fragment', `${hash}.pf_fragment`);
			let name = hash;
			const earlier = fragmentFrom.get(hash);
			if (earlier === undefined && !taken.has(hash)) {
				taken.add(hash);
				fragmentFrom.set(hash, from);
				links.push(linkOrCopy(from, join(out, 'fragment', `${hash}.pf_fragment`)));
				// A few hundred at a time: enough to keep the disk busy, few enough open files.
				if (links.length >= 256) await Promise.all(links.splice(0));
			} else if (earlier !== from) {
				const bytes = await readFile(from);
				if (earlier === undefined || !bytes.equals(await readFile(earlier))) {
					const key = `${hash}\0${createHash('sha256').update(bytes).digest('hex')}`;
					name = renamed.get(key) ?? nameFor(language, bytes, taken, hash.length - language.length);
					if (!renamed.has(key)) await linkOrCopy(from, join(out, 'fragment', `${name}.pf_fragment`));
					renamed.set(key, name);
				}
			}
			pages.push([name, wordCount, extra]);
		}
	}
	await Promise.all(links);
	lg('fragments');

	// Filters: each value's pages, in page order.
	const writes: Promise<void>[] = [];
	await mkdir(join(out, 'filter'), { recursive: true });
	const filterValues = new Map<string, Map<string, number[]>>();
	for (const [i, meta] of metas.entries()) {
		for (const [name, hash] of meta.filters) {
			const file = join(present[i]!.dir, 'filter', `${hash}.pf_filter`);
			const value = await readCbor(file);
			if (!isArray(value) || value.length !== 2 || value[0] !== name || !isArray(value[1])) return shapeError(file, `filter "${name}"`);
			const values = filterValues.get(name) ?? new Map<string, number[]>();
			filterValues.set(name, values);
			for (const pair of value[1]) {
				if (!isArray(pair) || pair.length !== 2 || !isString(pair[0]) || !isArray(pair[1]) || !pair[1].every(isNumber)) return shapeError(file, `a value of filter "${name}"`);
				const list = values.get(pair[0]) ?? [];
				list.push(...(pair[1] as number[]).map((page) => page + offsets[i]!));
				values.set(pair[0], list);
			}
		}
	}
	const filters: Meta['filters'] = [];
	for (const name of [...filterValues.keys()].sort(compareWords)) {
		const values = [...filterValues.get(name)!].sort(([a], [b]) => compareWords(a, b));
		const cbor = encodeCbor([name, values.map(([value, list]) => [value, list])]);
		const hash = nameFor(language, cbor, taken);
		filters.push([name, hash]);
		writes.push(packPagefindFile(cbor).then((bytes) => writeFile(join(out, 'filter', `${hash}.pf_filter`), bytes)));
	}

	lg('filters'); const results = await merging; lg('words');
	const chunks: Meta['chunks'] = [];
	let words = 0;
	for (const result of results) {
		words += result.words;
		for (const [first, last, name] of result.chunks) {
			// Names are content hashes, each range's unique; one two ranges share gets a longer one.
			let unique = name;
			if (taken.has(name)) {
				const file = join(out, 'index', `${name}.pf_index`);
				unique = nameFor(language, await readPagefindFile(file), taken, name.length - language.length);
				await rename(file, join(out, 'index', `${unique}.pf_index`));
			}
			taken.add(unique);
			chunks.push([first, last, unique]);
		}
	}
	// Chunk bounds are the shortest prefixes that tell neighbouring chunks apart, as Pagefind writes them.
	for (let i = 0; i + 1 < chunks.length; i++) {
		const [left, right] = [chunks[i]!, chunks[i + 1]!];
		const [a, b] = [[...left[1]], [...right[0]]];
		let common = 0;
		while (common < a.length && common < b.length && a[common] === b[common]) common++;
		left[1] = a.slice(0, common + 1).join('');
		right[0] = b.slice(0, common + 1).join('');
	}

	const meta = encodeCbor([PAGEFIND_FORMAT_VERSION, pages, chunks, filters, [], metaFields]);
	const hash = nameFor(language, meta, taken, 10);
	writes.push(packPagefindFile(meta).then((bytes) => writeFile(join(out, `pagefind.${hash}.pf_meta`), bytes)));
	await Promise.all(writes);
	return { hash, pages: pages.length, words, chunks: chunks.length };
}

/**
 * Writes into `out` (emptied first) one bundle holding the pages of every bundle in `parts`, in
 * that order. The scripts, styles and WebAssembly files are copied from the parts (the same
 * file in every part that has it). `threads`: worker threads that merge the words, each a range
 * of them (0: on this thread).
 */
export async function mergePagefindBundles(parts: string[], out: string, { threads = 0 }: { threads?: number } = {}): Promise<MergeStats> {
	if (parts.length === 0) throw new Error('Pagefind merge: no bundles to merge');
	const read = await Promise.all(parts.map(async (dir) => ({ dir, entry: await readEntry(dir) })));
	await rm(out, { recursive: true, force: true });
	await mkdir(out, { recursive: true });
	const copied = new Set<string>();
	for (const part of read) {
		for (const entry of await readdir(part.dir, { withFileTypes: true })) {
			const bundleData = entry.isDirectory() || entry.name === 'pagefind-entry.json' || entry.name.endsWith('.pf_meta');
			if (bundleData || copied.has(entry.name)) continue;
			copied.add(entry.name);
			await copyFile(join(part.dir, entry.name), join(out, entry.name));
		}
	}
	const languages = [...new Set(read.flatMap((part) => Object.keys(part.entry.languages)))].sort();
	const taken = new Set<string>();
	const stats: MergeStats = { pages: 0, words: 0, chunks: 0 };
	const entryLanguages: PagefindEntry['languages'] = {};
	for (const language of languages) {
		const merged = await mergeLanguage(language, read, out, taken, threads);
		const wasm = read.map((part) => part.entry.languages[language]?.wasm).find((w) => w !== undefined) ?? null;
		entryLanguages[language] = { hash: merged.hash, wasm, page_count: merged.pages };
		stats.pages += merged.pages;
		stats.words += merged.words;
		stats.chunks += merged.chunks;
	}
	await writeFile(join(out, 'pagefind-entry.json'), JSON.stringify({ ...read[0]!.entry, languages: entryLanguages }));
	return stats;
}
