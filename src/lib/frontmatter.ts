/**
 * MDX frontmatter: where it ends (one definition for the validator, the loader and tests), and
 * the frontmatter the validator has already parsed, for the MDX loader to reuse.
 *
 * Every build validates all content first (src/lib/validate.ts, from the validate integration,
 * src/integrations/validate.ts) and then Astro's content sync loads it again (src/lib/loader.ts,
 * from src/content.config.ts). The two run in the same process but in different module graphs
 * (Astro loads the content config through Vite), so the cache lives on globalThis. An entry is
 * used only if the file's text is the one the validator parsed, and only once; js-yaml parsing
 * was 2 s of the content sync's main thread at 5,000 users.
 */
/** Splits `---` YAML `---` off an MDX file; `offset` is the line the YAML starts after. */
export function splitFrontmatter(source: string): { yaml: string; body: string; offset: number } | undefined {
	const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(source);
	if (!match) return undefined;
	return { yaml: match[1] ?? '', body: source.slice(match[0].length), offset: 1 };
}

type Parsed = { source: string; data: unknown; checked?: unknown };

const key = Symbol.for('uabi-kb.parsed-frontmatter');
const cache = ((globalThis as Record<symbol, unknown>)[key] ??= new Map<string, Parsed>()) as Map<string, Parsed>;

/** The YAML of `file` as js-yaml read it from `source`. */
export function rememberFrontmatter(file: string, source: string, data: unknown): void {
	cache.set(file, { source, data });
}

/**
 * The same frontmatter as the collection's schema returned it, references included (see
 * `markRef` in src/lib/validate.ts): what Astro's parseData would return for it, so the loader
 * need not check it again (0.7 s of the content sync's main thread at 5,000 users).
 */
export function rememberChecked(file: string, checked: unknown): void {
	const parsed = cache.get(file);
	if (parsed) parsed.checked = checked;
}

/**
 * The parsed frontmatter of `file` if its text is still `source`, and its checked form if the
 * validator got that far; forgets it either way.
 */
export function takeFrontmatter(file: string, source: string): { data: unknown; checked?: unknown } | undefined {
	const parsed = cache.get(file);
	if (!parsed) return undefined;
	cache.delete(file);
	if (parsed.source !== source) return undefined;
	return 'checked' in parsed ? { data: parsed.data, checked: parsed.checked } : { data: parsed.data };
}
