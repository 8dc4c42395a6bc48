import { describe, expect, test } from 'vitest';
import { createHighlighter } from 'shiki';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import { cacheLineTokens } from '../../src/lib/line-tokens-cache.ts';

// Samples whose lines repeat in different grammar states: a C comment that spans lines, a
// preprocessor continuation, shell heredocs whose end markers are captured text (the same line
// ends one heredoc and is content in the other), and YAML block scalars.
const samples: [lang: string, code: string][] = [
	['c', 'static int a(void)\n{\n\treturn 0;\n}\n/*\n\treturn 0;\n}\n*/\n\treturn 0;\n}'],
	['c', '#define PIN(x) \\\n\treturn 0; \\\n\t}\n\treturn 0;\n}'],
	['shellscript', 'cat <<EOF\nEND\nEOF\ncat <<END\nEOF\nEND\nEOF'],
	['yaml', 'a: |\n  b: 1\n  - c\nb: 1\n- c'],
	['diff', '--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-\treturn 0;\n+\treturn 0;\n \treturn 0;'],
];
const langs = [...new Set(samples.map(([lang]) => lang))];
const make = () => createHighlighter({ themes: ['github-light'], langs, engine: createJavaScriptRegexEngine() });

describe('line tokens cache', async () => {
	const [plain, cached] = await Promise.all([make(), make()]);
	const stats = new Map(langs.map((lang) => [lang, cacheLineTokens(cached.getLanguage(lang))]));
	const html = (shiki: typeof plain, lang: string, code: string, tokenizeTimeLimit = 0) =>
		shiki.codeToHtml(code, { lang, theme: 'github-light', tokenizeTimeLimit });

	test.each(samples)('%s: the same HTML as without the cache, first and second time', (lang, code) => {
		const expected = html(plain, lang, code);
		expect(html(cached, lang, code)).toBe(expected);
		const before = stats.get(lang)!.hits;
		expect(html(cached, lang, code)).toBe(expected);
		// Every non-empty line of the second rendering comes from the cache.
		expect(stats.get(lang)!.hits - before).toBe(code.split('\n').filter(Boolean).length);
	});

	test('a line seen in another state is tokenized again, not taken from the cache', async () => {
		const fresh = await make();
		const c = cacheLineTokens(fresh.getLanguage('c'));
		html(fresh, 'c', 'int a;\n\treturn 0;');
		expect(c).toMatchObject({ hits: 0, misses: 2 });
		html(fresh, 'c', 'int a;\n/*\n\treturn 0;');
		// "int a;" from the cache; "/*" new; "\treturn 0;" now inside a comment: tokenized again.
		expect(c).toMatchObject({ hits: 1, misses: 4 });
		expect(c.states).toBeGreaterThanOrEqual(2);
	});

	test('tokenizations with a time limit bypass the cache', () => {
		const c = stats.get('c')!;
		const { hits, misses } = c;
		expect(html(cached, 'c', samples[0]![1], 500)).toBe(html(plain, 'c', samples[0]![1]));
		expect([c.hits, c.misses]).toEqual([hits, misses]);
	});

	test('wrapping a grammar twice keeps one cache', () => {
		const grammar = cached.getLanguage('c');
		const tokenize = grammar.tokenizeLine2;
		expect(cacheLineTokens(grammar)).toBe(stats.get('c'));
		expect(grammar.tokenizeLine2).toBe(tokenize);
	});
});
