/**
 * Remembers how a TextMate grammar tokenized each line, so the same line in the same state is
 * tokenized once per thread. Code samples repeat many lines (`mmap_read_lock(mm);`,
 * `return -EINVAL;`, a closing brace), and tokenizing was most of the render workers' time.
 *
 * A line's tokens depend only on the line and the grammar state before it (vscode-textmate's own
 * tokenization store relies on the same fact when it stops re-tokenizing at an equal state), so
 * the cache is keyed by both. States are matched with the grammar's structural `equals()`: each
 * distinct state gets a number the first time it is seen, and a cached result hands back the very
 * state object it produced then, so the next line finds its number without comparing again.
 *
 * Only complete tokenizations (no time limit) are cached. The grammar must belong to a
 * highlighter with a single theme, since the binary tokens carry that theme's colours.
 */
import type { Grammar } from 'shiki';

type TokenizeLine2 = Grammar['tokenizeLine2'];
type LineResult = ReturnType<TokenizeLine2>;
type State = Parameters<TokenizeLine2>[1];

export interface LineTokensCacheStats {
	hits: number;
	misses: number;
	states: number;
}

/** Past this many distinct states, new states are not numbered (their lines are not cached). */
const MAX_STATES = 512;
/** Past this many cached lines, the cache starts over (bounds memory on any corpus). */
const MAX_LINES = 100_000;

/** The counters of each grammar already wrapped. */
const wrapped = new WeakMap<Grammar, LineTokensCacheStats>();

/** Wraps `grammar.tokenizeLine2` with the cache; returns live counters. Wrapping twice is a no-op. */
export function cacheLineTokens(grammar: Grammar): LineTokensCacheStats {
	const existing = wrapped.get(grammar);
	if (existing) return existing;
	const stats: LineTokensCacheStats = { hits: 0, misses: 0, states: 0 };
	const states: NonNullable<State>[] = [];
	const numbers = new WeakMap<object, number>();
	let lines = new Map<string, LineResult>();
	const original = grammar.tokenizeLine2.bind(grammar);

	/** The number of `state` (null for the first line), or undefined when there are too many. */
	const numberOf = (state: State): number | undefined => {
		if (!state) return -1;
		const known = numbers.get(state);
		if (known !== undefined) return known;
		let n = states.findIndex((s) => s.equals(state));
		if (n < 0) {
			if (states.length >= MAX_STATES) return undefined;
			n = states.push(state) - 1;
			stats.states = states.length;
		}
		numbers.set(state, n);
		return n;
	};

	grammar.tokenizeLine2 = (lineText, prevState, timeLimit) => {
		const n = timeLimit ? undefined : numberOf(prevState);
		if (n === undefined) return original(lineText, prevState, timeLimit);
		const key = `${n}\n${lineText}`;
		const cached = lines.get(key);
		if (cached) {
			stats.hits++;
			return cached;
		}
		stats.misses++;
		const result = original(lineText, prevState, 0);
		if (result.stoppedEarly) return result;
		if (lines.size >= MAX_LINES) lines = new Map();
		lines.set(key, result);
		return result;
	};
	wrapped.set(grammar, stats);
	return stats;
}
