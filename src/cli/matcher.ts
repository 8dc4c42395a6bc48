/**
 * Finds whole identifiers in a line of code. An identifier matches only when the characters on
 * either side are not C identifier characters, so `follow_pfn` is not found in
 * `follow_pfnmap_start` or `my_follow_pfn`. A `*` in an identifier (`/dev/dma_heap/*`) stands
 * for any run of identifier characters.
 */

export interface Match {
	/** The identifier as written in the knowledge base. */
	identifier: string;
	/** The text that matched (differs from `identifier` for patterns with `*`). */
	text: string;
	/** 1-based column of the first character. */
	column: number;
}

export interface Matcher {
	/** Every match in `code`, left to right; the longest identifier wins at a position. */
	find: (code: string) => Match[];
	/** A cheap test on a whole file: could any identifier be in it? */
	mayContain: (text: string) => boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const globSource = (id: string) => id.split('*').map(escape).join('[A-Za-z0-9_]*');

export function createMatcher(identifiers: Iterable<string>): Matcher {
	const unique = [...new Set(identifiers)].filter((id) => id.replace(/\*/g, '').length > 0);
	// Longest first, so that at one position `follow_pfnmap_start` is tried before `follow_pfn`.
	unique.sort((a, b) => b.length - a.length || a.localeCompare(b));
	const exact = new Set(unique.filter((id) => !id.includes('*')));
	const globs = unique
		.filter((id) => id.includes('*'))
		.map((id) => ({ id, re: new RegExp(`^${globSource(id)}$`) }));
	if (unique.length === 0) return { find: () => [], mayContain: () => false };
	const pattern = new RegExp(`(?<![A-Za-z0-9_])(?:${unique.map(globSource).join('|')})(?![A-Za-z0-9_])`, 'g');
	// The pre-filter needs no boundaries: the literal text before any `*` of each identifier.
	const literals = [...new Set(unique.map((id) => id.split('*')[0] ?? id).filter((s) => s.length > 0))];
	const prefilter = new RegExp(literals.map(escape).join('|'));
	return {
		find(code) {
			const out: Match[] = [];
			pattern.lastIndex = 0;
			for (let m = pattern.exec(code); m; m = pattern.exec(code)) {
				const text = m[0];
				const identifier = exact.has(text) ? text : globs.find((g) => g.re.test(text))?.id;
				if (identifier !== undefined) out.push({ identifier, text, column: m.index + 1 });
			}
			return out;
		},
		mayContain: (text) => prefilter.test(text),
	};
}
