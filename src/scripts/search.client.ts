/**
 * The search page UI on Pagefind's JS API: results as you type, facet checkboxes with counts,
 * state in the URL (?q=…&subsystem=…), and keyboard use (↓/↑ through results, Esc back).
 * Index fields are only ever written with textContent; the one exception is Pagefind's excerpt,
 * which Pagefind has already escaped and marked up with <mark>.
 */

interface PagefindResultData {
	url: string;
	excerpt: string;
	meta: Record<string, string | undefined>;
	sub_results?: { title: string; url: string; excerpt: string }[];
}
interface PagefindSearch {
	results: { id: string; data: () => Promise<PagefindResultData> }[];
	filters: Record<string, Record<string, number>>;
	totalFilters: Record<string, Record<string, number>>;
}
interface Pagefind {
	init: () => Promise<void>;
	options: (options: Record<string, unknown>) => Promise<void>;
	search: (term: string | null, options?: { filters?: Record<string, { any: string[] }> }) => Promise<PagefindSearch | null>;
	filters: () => Promise<Record<string, Record<string, number>>>;
}

import { facetNames as FACETS, type FacetName as Facet } from '../lib/facet-names.ts';
import { pagefindOptions } from '../lib/search-options.ts';
const PAGE_SIZE = 20;

const input = document.getElementById('search-input') as HTMLInputElement;
const form = document.getElementById('search-form') as HTMLFormElement;
const list = document.getElementById('search-results') as HTMLOListElement;
const status = document.getElementById('search-status') as HTMLParagraphElement;
const labels = JSON.parse(document.getElementById('facet-labels')?.textContent ?? '{}') as Partial<Record<Facet, Record<string, string>>>;

const selected = new Map<Facet, Set<string>>(FACETS.map((f) => [f, new Set<string>()]));
let allFilters: Record<string, Record<string, number>> = {};
let sequence = 0;

const pagefindReady: Promise<Pagefind> = (async () => {
	const url = '/pagefind/pagefind.js';
	const pagefind = (await import(/* @vite-ignore */ url)) as Pagefind;
	await pagefind.options(pagefindOptions);
	await pagefind.init();
	allFilters = await pagefind.filters();
	buildFacets();
	return pagefind;
})();

function compareValues(facet: Facet, a: string, b: string): number {
	if (facet === 'fixed-in') {
		if (a === 'not fixed') return -1;
		if (b === 'not fixed') return 1;
		const pa = a.split('.').map(Number);
		const pb = b.split('.').map(Number);
		return (pa[0]! - pb[0]!) || (pa[1]! - pb[1]!) || ((pa[2] ?? 0) - (pb[2] ?? 0));
	}
	return labelOf(facet, a).localeCompare(labelOf(facet, b), 'en');
}

const labelOf = (facet: Facet, value: string) => labels[facet]?.[value] ?? value;

function readUrl(): void {
	const params = new URLSearchParams(location.search);
	input.value = params.get('q') ?? '';
	for (const facet of FACETS) selected.set(facet, new Set(params.getAll(facet)));
}

function writeUrl(): void {
	const params = new URLSearchParams();
	if (input.value.trim()) params.set('q', input.value.trim());
	for (const facet of FACETS) for (const value of [...selected.get(facet)!].sort()) params.append(facet, value);
	const query = params.toString();
	history.replaceState(null, '', query ? `?${query}` : location.pathname);
}

function activeFilters(): Record<string, { any: string[] }> {
	const filters: Record<string, { any: string[] }> = {};
	for (const [facet, values] of selected) if (values.size > 0) filters[facet] = { any: [...values] };
	return filters;
}

/** Count labels of the facet checkboxes, by facet and value, to update them in place. */
const countLabels = new Map<string, HTMLSpanElement>();

/** Builds the facet checkboxes once: every value known to the index, sorted for reading. */
function buildFacets(): void {
	for (const facet of FACETS) {
		const fieldset = document.querySelector<HTMLFieldSetElement>(`fieldset[data-facet="${facet}"]`);
		if (!fieldset) continue;
		const values = Object.keys(allFilters[facet] ?? {}).sort((a, b) => compareValues(facet, a, b));
		fieldset.hidden = values.length === 0;
		fieldset.querySelector('ul')!.replaceChildren(
			...values.map((value, i) => {
				const li = document.createElement('li');
				const box = document.createElement('input');
				box.type = 'checkbox';
				box.name = facet;
				box.value = value;
				box.id = `facet-${facet}-${i}`;
				box.checked = selected.get(facet)!.has(value);
				const label = document.createElement('label');
				label.htmlFor = box.id;
				label.textContent = labelOf(facet, value);
				const count = document.createElement('span');
				count.className = 'facet-count';
				label.append(count);
				countLabels.set(`${facet}\u0000${value}`, count);
				li.append(box, label);
				return li;
			}),
		);
	}
}

/** Facet counts under the current search, written into the existing labels (no DOM rebuild). */
function renderFacets(counts: Record<string, Record<string, number>>): void {
	for (const [key, label] of countLabels) {
		const [facet, value] = key.split('\u0000') as [string, string];
		const text = ` (${counts[facet]?.[value] ?? 0})`;
		if (label.textContent !== text) label.textContent = text;
	}
}

function badge(text: string, className: string): HTMLSpanElement {
	const span = document.createElement('span');
	span.className = className;
	span.textContent = text;
	return span;
}

function renderResult(data: PagefindResultData): HTMLLIElement {
	const li = document.createElement('li');
	li.className = 'search-result';
	const heading = document.createElement('h2');
	const link = document.createElement('a');
	link.href = data.url;
	link.textContent = data.meta['title'] ?? data.url;
	heading.append(link);
	const meta = document.createElement('p');
	meta.className = 'result-meta';
	if (data.meta['kind']) meta.append(badge(data.meta['kind'], 'badge'));
	if (data.meta['status']) meta.append(badge(data.meta['status'], `badge status-${data.meta['status'].split(' ')[0]}`));
	if (data.meta['subsystem']) meta.append(badge(data.meta['subsystem'], 'result-subsystem'));
	const excerpt = document.createElement('p');
	excerpt.className = 'result-excerpt';
	// Pagefind escapes the page text and adds only <mark> elements.
	excerpt.innerHTML = data.excerpt;
	li.append(heading, meta, excerpt);
	const sections = (data.sub_results ?? []).filter((s) => s.url.includes('#')).slice(0, 3);
	if (sections.length > 0) {
		const ul = document.createElement('ul');
		ul.className = 'result-sections';
		for (const section of sections) {
			const item = document.createElement('li');
			const a = document.createElement('a');
			a.href = section.url;
			a.textContent = section.title;
			item.append(a);
			ul.append(item);
		}
		li.append(ul);
	}
	return li;
}

let inFlight: Promise<unknown> | undefined;

/**
 * One Pagefind search at a time, and only for the newest keystroke: while a search runs, later
 * keystrokes wait, and all but the last give up, so fast typing never queues stale searches.
 */
async function latestSearch(pagefind: Pagefind, mine: number, term: string | null, filters: Record<string, { any: string[] }>): Promise<PagefindSearch | null> {
	while (inFlight) {
		await inFlight.catch(() => undefined);
		if (mine !== sequence) return null;
	}
	const search = pagefind.search(term, { filters });
	inFlight = search;
	try {
		return await search;
	} finally {
		if (inFlight === search) inFlight = undefined;
	}
}

async function run(): Promise<void> {
	const mine = ++sequence;
	const pagefind = await pagefindReady;
	const term = input.value.trim();
	const filters = activeFilters();
	const filtering = Object.keys(filters).length > 0;
	if (!term && !filtering) {
		if (mine !== sequence) return;
		list.replaceChildren();
		status.textContent = 'Type to search, or pick filters.';
		renderFacets(allFilters);
		return;
	}
	status.textContent = 'Searching…';
	const search = await latestSearch(pagefind, mine, term || null, filters);
	if (mine !== sequence || !search) return;
	const page = search.results.slice(0, PAGE_SIZE);
	// Results first, in order as each one's data arrives, so the first shows as early as
	// possible; facet counts and the status line (read by screen readers) follow.
	const pending = page.map((result) => result.data());
	let first = true;
	for (const data of pending) {
		const resolved = await data;
		if (mine !== sequence) return;
		if (first) list.replaceChildren();
		first = false;
		list.append(renderResult(resolved));
	}
	if (first) list.replaceChildren();
	renderFacets(search.filters);
	const total = search.results.length;
	status.textContent = total === 0 ? 'No results.' : `${total} result${total === 1 ? '' : 's'}${total > PAGE_SIZE ? `, showing the first ${PAGE_SIZE}` : ''}.`;
}

input.addEventListener('input', () => {
	writeUrl();
	void run();
});
form.addEventListener('submit', (event) => {
	event.preventDefault();
	resultLinks()[0]?.focus();
});
document.getElementById('facets')?.addEventListener('change', (event) => {
	const box = event.target;
	if (!(box instanceof HTMLInputElement) || box.type !== 'checkbox') return;
	const values = selected.get(box.name as Facet);
	if (!values) return;
	if (box.checked) values.add(box.value);
	else values.delete(box.value);
	writeUrl();
	void run();
});

const resultLinks = () => [...list.querySelectorAll<HTMLAnchorElement>('.search-result h2 a')];
input.addEventListener('keydown', (event) => {
	if (event.key === 'ArrowDown') {
		event.preventDefault();
		resultLinks()[0]?.focus();
	}
});
list.addEventListener('keydown', (event) => {
	const links = resultLinks();
	const index = links.indexOf(document.activeElement as HTMLAnchorElement);
	if (event.key === 'ArrowDown' && index >= 0) {
		event.preventDefault();
		links[Math.min(index + 1, links.length - 1)]?.focus();
	} else if (event.key === 'ArrowUp' && index >= 0) {
		event.preventDefault();
		if (index === 0) input.focus();
		else links[index - 1]?.focus();
	} else if (event.key === 'Escape') {
		input.focus();
	}
});

readUrl();
void run();
