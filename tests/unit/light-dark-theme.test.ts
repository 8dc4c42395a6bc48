import { describe, expect, test } from 'vitest';
import { bundledThemes, createHighlighter, type ShikiTransformer } from 'shiki';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import { transformerNotationDiff, transformerNotationFocus, transformerNotationHighlight } from '@shikijs/transformers';
import { lightDarkTheme } from '../../src/lib/light-dark-theme.ts';
import { shikiThemes } from '../../src/lib/shiki.ts';

const load = async (name: keyof typeof bundledThemes) => (await bundledThemes[name]()).default;

// One block per language the renderer accepts, with comments, strings, keywords, numbers,
// italic and bold scopes (Markdown-like headers in diff), and notation comments.
const samples: [lang: string, code: string][] = [
	['c', '/* illustrative */\nstatic int pin(struct page **pages, unsigned long start) // [!code highlight]\n{\n\tif (!pages)\n\t\treturn -EINVAL; // [!code --]\n\treturn 0x1f + "s"[0]; // [!code ++]\n}'],
	['diff', '--- a/mm/memory.c\n+++ b/mm/memory.c\n@@ -1,3 +1,3 @@\n-old line\n+new line\n context'],
	['shellscript', '#!/bin/sh\nset -eu\nfor f in *.c; do echo "$f" | grep -q pfn && exit 1; done'],
	['yaml', 'id: follow_pfn\nversions: ["5.12", 6.1]\n# comment\nnested:\n  - { a: true }'],
	['json', '{"id": "x", "n": 1, "ok": false, "list": [null]}'],
	['typescript', 'export async function f<T>(x: T): Promise<T> { // [!code focus]\n\treturn `v${x}` as T;\n}'],
	['makefile', 'obj-$(CONFIG_X) += x.o\nall:\n\t$(MAKE) -C $(KDIR) M=$(PWD) modules'],
	['ini', '[section]\nkey = value ; comment'],
];

const notation: ShikiTransformer[] = [
	transformerNotationDiff({ matchAlgorithm: 'v3' }),
	transformerNotationHighlight({ matchAlgorithm: 'v3' }),
	transformerNotationFocus({ matchAlgorithm: 'v3' }),
];

describe('one tokenization colours the light and the dark theme', async () => {
	const [light, dark] = await Promise.all([load(shikiThemes.light), load(shikiThemes.dark)]);
	const merged = lightDarkTheme(light, dark);
	const shiki = await createHighlighter({
		themes: [light, dark, merged.theme],
		langs: [...new Set(samples.map(([lang]) => lang))],
		engine: createJavaScriptRegexEngine(),
	});

	test.each(samples)('%s: the same HTML as Shiki’s two-pass light/dark output', (lang, code) => {
		const twoPass = shiki.codeToHtml(code, { lang, themes: shikiThemes, defaultColor: false, transformers: notation });
		const onePass = shiki.codeToHtml(code, { lang, theme: merged.theme.name!, transformers: [merged.transformer, ...notation] });
		expect(onePass).toBe(twoPass);
		// The comparison is meaningful only if there is colour to compare.
		expect(onePass).toMatch(/--shiki-dark:#[0-9A-F]{6}/);
	});

	test('themes whose rule lists differ are refused, naming both', async () => {
		expect(() => lightDarkTheme(light, { ...dark, tokenColors: (dark.tokenColors ?? []).slice(1) })).toThrow(/github-light-high-contrast and github-dark-high-contrast do not share one rule list/);
		const nord = await load('nord');
		expect(() => lightDarkTheme(light, nord)).toThrow(/github-light-high-contrast and nord do not share one rule list \(rule \d+ differs\)/);
	});
});
