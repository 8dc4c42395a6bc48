/**
 * A Pagefind bundle read back into plain data that does not depend on page numbering or on how
 * words are cut into chunk files: two bundles of the same pages describe alike exactly when a
 * search finds the same pages, at the same word positions and weights, with the same filters.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeCbor, readPagefindFile, type Cbor, type PagefindEntry } from '../../src/lib/pagefind-merge.ts';

export interface BundleDescription {
	/** url -> word count, per language. */
	pages: Record<string, Record<string, number>>;
	/** word -> its postings ("url locs | field:positions") and variants, per language. */
	words: Record<string, Record<string, { postings: string[]; variants: Record<string, string[]> }>>;
	/** filter -> value -> urls, per language. */
	filters: Record<string, Record<string, Record<string, string[]>>>;
}

const cbor = async (path: string) => decodeCbor(await readPagefindFile(path), path) as Cbor[];

export async function describeBundle(dir: string): Promise<BundleDescription> {
	const entry = JSON.parse(await readFile(join(dir, 'pagefind-entry.json'), 'utf8')) as PagefindEntry;
	const description: BundleDescription = { pages: {}, words: {}, filters: {} };
	for (const [language, { hash, page_count }] of Object.entries(entry.languages)) {
		const [, pages, chunks, filters, , fields] = (await cbor(join(dir, `pagefind.${hash}.pf_meta`))) as [string, [string, number][], [string, string, string][], [string, string][], Cbor, string[]];
		if (pages.length !== page_count) throw new Error(`${dir}: entry says ${page_count} pages, meta lists ${pages.length}`);
		const urls: string[] = [];
		const pageWords: Record<string, number> = {};
		for (const [fragment, wordCount] of pages) {
			const data = JSON.parse((await readPagefindFile(join(dir, 'fragment', `${fragment}.pf_fragment`))).toString()) as { url: string };
				urls.push(data.url);
			pageWords[data.url] = wordCount;
		}
		description.pages[language] = pageWords;
		const postings = (list: Cbor[]) => {
			let page = 0;
			return list
				.map((p) => {
					const [delta, locs, metaLocs] = p as [number, number[], number[]];
					page += delta;
					let field = '';
					const meta = metaLocs.map((n) => (n < 0 ? ((field = fields[-n - 1]!), `${field}:`) : String(n))).join(' ');
					return `${urls[page]} ${locs.join(' ')} | ${meta}`;
				})
				.sort();
		};
		const words: BundleDescription['words'][string] = {};
		let previousTo = '';
		for (const [from, to, chunk] of chunks) {
			if (from < previousTo) throw new Error(`${dir}: chunk ${chunk} starts before the one before it ends`);
			previousTo = to;
			const [list] = (await cbor(join(dir, 'index', `${chunk}.pf_index`))) as [[string, Cbor[], [string, Cbor[]][]][]];
				for (const [word, pagesOfWord, variants] of list) {
				if (!word.startsWith(from.slice(0, word.length)) && word < from) throw new Error(`${dir}: "${word}" is before its chunk's start "${from}"`);
				words[word] = { postings: postings(pagesOfWord), variants: Object.fromEntries(variants.map(([variant, list]) => [variant, postings(list)])) };
			}
		}
		description.words[language] = words;
		const filterData: BundleDescription['filters'][string] = {};
		for (const [name, hash] of filters) {
			const [, values] = (await cbor(join(dir, 'filter', `${hash}.pf_filter`))) as [string, [string, number[]][]];
				filterData[name] = Object.fromEntries(values.map(([value, list]) => [value, list.map((page) => urls[page]!).sort()]));
		}
		description.filters[language] = filterData;
	}
	return description;
}
