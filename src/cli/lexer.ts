/**
 * Hides what is not code from the matcher: comments and string literals are replaced by spaces
 * (columns stay where they were), so an identifier in `// follow_pfn() is gone` or in
 * `pr_warn("follow_pfn failed")` is not reported.
 *
 * Each source language gets one of three rules, chosen by the file name:
 * - `c`: C, headers, assembly, device trees, linker scripts: `//` and `/* *\/` comments, "strings"
 *   and 'c' character literals. Block comments can span lines; the caller carries the state.
 * - `hash`: Kconfig, Makefiles, shell, Python, YAML: `#` to the end of the line.
 * - `text`: documentation and anything else: nothing is hidden.
 */

export type Language = 'c' | 'hash' | 'text';

/** The lexer state between lines: inside a block comment or not. */
export interface LexState {
	inBlockComment: boolean;
}

const cExtensions = new Set(['c', 'h', 'S', 's', 'cc', 'cpp', 'cxx', 'hh', 'hpp', 'dts', 'dtsi', 'lds', 'y', 'l', 'cocci']);
const hashExtensions = new Set(['sh', 'py', 'pl', 'pm', 'mk', 'yaml', 'yml', 'awk', 'tc', 'cfg', 'conf', 'config']);

/** The comment rules for a file path (only its last component matters). */
export function languageOf(path: string): Language {
	const name = path.slice(path.lastIndexOf('/') + 1);
	const dot = name.lastIndexOf('.');
	const ext = dot > 0 ? name.slice(dot + 1) : '';
	if (cExtensions.has(ext)) return 'c';
	if (hashExtensions.has(ext)) return 'hash';
	if (/^(?:Kconfig|Makefile|Kbuild|GNUmakefile)(?:[._-].*)?$/.test(name) || /_defconfig$/.test(name)) return 'hash';
	return 'text';
}

/**
 * Returns `line` with comments and string literals blanked out, and updates `state` for the
 * next line. Only C-family lines can leave a block comment open.
 */
export function maskLine(line: string, language: Language, state: LexState): string {
	if (language === 'text') return line;
	if (language === 'hash') {
		const hash = line.indexOf('#');
		return hash < 0 ? line : line.slice(0, hash) + ' '.repeat(line.length - hash);
	}
	// Fast path: nothing that starts a comment or a literal, and not inside a comment.
	if (!state.inBlockComment && !/["'/]/.test(line)) return line;
	const out: string[] = [];
	let i = 0;
	const n = line.length;
	while (i < n) {
		if (state.inBlockComment) {
			const end = line.indexOf('*/', i);
			if (end < 0) {
				out.push(' '.repeat(n - i));
				i = n;
			} else {
				out.push(' '.repeat(end + 2 - i));
				i = end + 2;
				state.inBlockComment = false;
			}
			continue;
		}
		const c = line[i];
		const next = line[i + 1];
		if (c === '/' && next === '/') {
			out.push(' '.repeat(n - i));
			i = n;
		} else if (c === '/' && next === '*') {
			out.push('  ');
			i += 2;
			state.inBlockComment = true;
		} else if (c === '"' || c === "'") {
			// A literal runs to the matching unescaped quote, or to the end of the line.
			let j = i + 1;
			while (j < n && line[j] !== c) j += line[j] === '\\' ? 2 : 1;
			const end = Math.min(j + 1, n);
			out.push(' '.repeat(end - i));
			i = end;
		} else {
			out.push(c ?? '');
			i += 1;
		}
	}
	return out.join('');
}

/**
 * Best guess whether a hunk starts inside a block comment, from the new-side lines of the hunk:
 * yes when a comment end comes before any comment start, or when there is neither and the first
 * line looks like the middle of a comment (` * text`).
 */
export function startsInComment(lines: readonly string[]): boolean {
	for (const line of lines) {
		const open = line.indexOf('/*');
		const close = line.indexOf('*/');
		if (close >= 0 && (open < 0 || close < open)) return true;
		if (open >= 0) return false;
	}
	const first = lines[0];
	return first !== undefined && /^\s*\*(?:\s|$)/.test(first);
}
