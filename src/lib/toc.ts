/**
 * The "On this page" list of an MDX body: `<H2 id="…">` components and `##` headings, in the
 * order they appear. Computed once per entry by src/lib/loader.ts: the renderer's `headings`
 * list only Markdown headings, so components are read from the source; Markdown headings take
 * their slug from the renderer (github-slugger, as Astro's own pipeline does).
 */
export interface TocEntry {
	id: string;
	text: string;
}

export function tableOfContents(body: string, headings: readonly { depth: number; slug: string; text: string }[]): TocEntry[] {
	const markdown = headings.filter((h) => h.depth === 2);
	const entries: TocEntry[] = [];
	let inFence = false;
	for (const line of body.split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
		if (inFence) continue;
		const component = /^\s*<H2\s+id="([^"]+)"\s*>(.*?)<\/H2>/.exec(line);
		if (component) {
			entries.push({ id: component[1]!, text: component[2]!.replace(/<[^>]+>/g, '').replace(/`/g, '') });
			continue;
		}
		if (/^##\s+/.test(line)) {
			const heading = markdown.shift();
			if (heading) entries.push({ id: heading.slug, text: heading.text });
		}
	}
	return entries;
}
