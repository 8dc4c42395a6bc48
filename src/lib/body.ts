/**
 * Rendered MDX bodies, read back at page render time. src/lib/loader.ts writes one JSON file
 * per entry and stores its path in the entry's `rendered.metadata.bodyFile`; nothing else about
 * the body is in Astro's content store.
 */
import { readFileSync } from 'node:fs';
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

interface WithBody {
	id: string;
	collection: string;
	rendered?: { metadata?: Record<string, unknown> } | undefined;
}

export function bodyFileOf(entry: Pick<WithBody, 'rendered'>): string | undefined {
	const file = entry.rendered?.metadata?.['bodyFile'];
	return typeof file === 'string' ? file : undefined;
}

export async function bodyOf(entry: WithBody): Promise<StoredBody> {
	const file = bodyFileOf(entry);
	if (!file) throw new Error(`${entry.collection}/${entry.id}: the content store has no rendered body for this entry (was it loaded by src/lib/loader.ts?)`);
	try {
		// Synchronous: one small file per page, cheaper than a thread-pool round trip (see loader.ts).
		return JSON.parse(readFileSync(file, 'utf8')) as StoredBody;
	} catch (error) {
		throw new Error(`${entry.collection}/${entry.id}: cannot read its rendered body ${file}: ${String(error)}; delete the .astro cache folder and build again`);
	}
}
