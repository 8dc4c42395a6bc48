/** The matcher and the lexer of the command-line tool: whole identifiers, comments, strings. */
import { describe, expect, test } from 'vitest';
import { createMatcher } from '../../src/cli/matcher.ts';
import { languageOf, maskLine, startsInComment, type LexState } from '../../src/cli/lexer.ts';

const find = (ids: string[], code: string) => createMatcher(ids).find(code).map((m) => `${m.identifier}@${m.column}`);

describe('matcher', () => {
	test('finds whole identifiers with their columns', () => {
		expect(find(['follow_pfn'], '\tret = follow_pfn(vma, addr, &pfn);')).toEqual(['follow_pfn@8']);
		expect(find(['follow_pfn'], 'follow_pfn(a) + follow_pfn(b)')).toEqual(['follow_pfn@1', 'follow_pfn@17']);
	});

	test('does not find an identifier inside a longer name', () => {
		const ids = ['follow_pfn', 'follow_pte'];
		expect(find(ids, 'follow_pfnmap_start(&args);')).toEqual([]);
		expect(find(ids, 'unsafe_follow_pfn(vma);')).toEqual([]);
		expect(find(ids, 'x = my_follow_pte2(vma) + FOLLOW_PFN;')).toEqual([]);
		expect(find(ids, 'follow_pfn_x follow_pte')).toEqual(['follow_pte@14']);
	});

	test('prefers the longest identifier at a position', () => {
		const ids = ['follow_pfn', 'follow_pfnmap_start', 'unsafe_follow_pfn'];
		expect(find(ids, 'follow_pfnmap_start(&a); unsafe_follow_pfn(v);')).toEqual(['follow_pfnmap_start@1', 'unsafe_follow_pfn@26']);
	});

	test('handles identifiers with dots, slashes and wildcards', () => {
		const ids = ['kvm.allow_unsafe_mappings', 'allow_unsafe_mappings', '/dev/dma_heap/*'];
		expect(find(ids, 'kvm.allow_unsafe_mappings=1')).toEqual(['kvm.allow_unsafe_mappings@1']);
		expect(find(ids, 'module_param(allow_unsafe_mappings, bool, 0444);')).toEqual(['allow_unsafe_mappings@14']);
		expect(find(ids, 'open /dev/dma_heap/system now')).toEqual(['/dev/dma_heap/*@6']);
		expect(find(ids, 'kvmXallow_unsafe_mappings')).toEqual([]);
	});

	test('the pre-filter sees any identifier and nothing else', () => {
		const m = createMatcher(['follow_pfn', '/dev/dma_heap/*']);
		expect(m.mayContain('int x = follow_pfnmap_start();')).toBe(true); // cheap: no boundaries
		expect(m.mayContain('see /dev/dma_heap/')).toBe(true);
		expect(m.mayContain('int x = follow_pte();')).toBe(false);
		expect(createMatcher([]).mayContain('follow_pfn')).toBe(false);
	});
});

describe('lexer', () => {
	const mask = (line: string, state: LexState = { inBlockComment: false }) => maskLine(line, 'c', state);

	test('blanks comments and literals and keeps columns', () => {
		expect(mask('a(); // follow_pfn')).toBe('a();              ');
		const literal = '"follow_pfn \\" still"';
		expect(mask(`x = ${literal}; y`)).toBe(`x = ${' '.repeat(literal.length)}; y`);
		expect(mask(`x = ${literal}; y`)).toHaveLength(`x = ${literal}; y`.length);
		expect(mask("c = '\"'; follow_pfn();")).toBe('c =    ; follow_pfn();');
		expect(mask('/* a */ b /* c */')).toBe('        b        ');
	});

	test('carries block comments across lines', () => {
		const state = { inBlockComment: false };
		expect(mask('x(); /* starts', state)).toBe('x();          ');
		expect(state.inBlockComment).toBe(true);
		expect(mask(' * follow_pfn()', state)).toBe('               ');
		expect(mask(' */ follow_pfn();', state)).toBe('    follow_pfn();');
		expect(state.inBlockComment).toBe(false);
	});

	test('hash languages drop # comments, text keeps everything', () => {
		expect(maskLine('obj-y += a.o # follow_pfn', 'hash', { inBlockComment: false })).toBe('obj-y += a.o             ');
		expect(maskLine('// follow_pfn', 'text', { inBlockComment: false })).toBe('// follow_pfn');
	});

	test('chooses the rules by file name', () => {
		expect(['mm/memory.c', 'include/linux/mm.h', 'arch/x86/entry.S', 'a/b.dtsi'].map(languageOf)).toEqual(['c', 'c', 'c', 'c']);
		expect(['mm/Kconfig', 'drivers/Makefile', 'scripts/x.py', 'arch/x86/configs/x86_64_defconfig'].map(languageOf)).toEqual(['hash', 'hash', 'hash', 'hash']);
		expect(['Documentation/mm/a.rst', 'README', 'MAINTAINERS'].map(languageOf)).toEqual(['text', 'text', 'text']);
	});

	test('guesses whether a hunk starts inside a block comment', () => {
		expect(startsInComment([' * middle', ' */', 'code();'])).toBe(true);
		expect(startsInComment(['code(); /* a */', ' */'])).toBe(false);
		expect(startsInComment([' * only comment text'])).toBe(true);
		expect(startsInComment(['\t*ptr = 0;'])).toBe(false);
		expect(startsInComment([])).toBe(false);
	});
});
