/**
 * Pagefind's options for our search page, shared with the benchmark that compares index layouts
 * (scripts/bench/shards.ts), so both rank results the same way.
 *
 * Exact identifiers must beat longer words that start with them (follow_pfn against
 * follow_pfnmap_start), and long entry pages must not be pushed down for their length.
 */
export const pagefindOptions = { excerptLength: 24, ranking: { termSimilarity: 8, pageLength: 0.3 } } as const;
