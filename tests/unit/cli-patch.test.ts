/** The patch reader of the command-line tool: mbox series, plain diffs, odd headers. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parsePatch, pathOf, type ParsedPatch } from '../../src/cli/patch.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'cli', name), 'utf8');

/** Files as "status old -> new (binary) [hunks]" and added lines as "patchLine>line: text". */
function summary(parsed: ParsedPatch) {
	return parsed.files.map((f) => ({
		file: `${f.status} ${f.oldPath} -> ${f.newPath}${f.binary ? ' (binary)' : ''}`,
		subject: f.subject ?? null,
		added: f.hunks.flatMap((h) => h.lines.filter((l) => l.kind === 'add').map((l) => `${l.patchLine}>${l.line}: ${l.text}`)),
	}));
}

describe('parsePatch', () => {
	test('reads a git format-patch series: mails, renames, new and binary files', () => {
		const parsed = parsePatch(fixture('series.mbox'));
		expect(parsed.mails).toBe(2);
		const files = summary(parsed);
		expect(files.map((f) => f.file)).toEqual([
			'modified drivers/media/fixture.c -> drivers/media/fixture.c',
			'added null -> drivers/media/fixture-new.c',
			'modified Documentation/fixture.rst -> Documentation/fixture.rst',
			'renamed drivers/vfio/old.c -> drivers/vfio/fixture.c',
			'added drivers/vfio/logo.png -> drivers/vfio/logo.png (binary)',
		]);
		expect(files[0]!.subject).toBe('[PATCH 1/2] media: fixture: map user buffers with fixture_lookup');
		expect(files[3]!.subject).toBe('[PATCH 2/2] vfio: fixture: move and use FIXTURE_IOCTL');
		expect(files[0]!.added).toEqual([
			'26>13: \t/* fixture_lookup() hands out a pfn without a reference */',
			'27>14: \tret = fixture_lookup(vma, vma->vm_start, &pfn);',
			'28>15: \t// fixture_lookup in a line comment',
			'29>16: \tpr_debug("fixture_lookup returned %d\\n", ret);',
			'30>17: \tret = my_fixture_lookup(vma) + fixture_lookup_range(vma);',
			'31>18: \t/*',
			'32>19: \t * fixture_lookup inside a block comment',
			'33>20: \t */ ret = fixture_pin(0, 1, NULL);',
			'40>48: \t.flags = FIXTURE_LONGTERM,',
		]);
		// The commit message line "+ fixture_lookup();" (line 8) is not an added line.
		expect(files.flatMap((f) => f.added).some((l) => l.startsWith('8>'))).toBe(false);
		expect(files[1]!.added).toEqual(['49>1: int fixture_new(void)', '50>2: {', '51>3: \treturn fixture_lookup(NULL, 0, NULL);', '52>4: }']);
		// "\ No newline at end of file" is neither counted nor kept.
		expect(files[3]!.added).toEqual(['87>3: \tif (cmd == FIXTURE_IOCTL)', '88>4: \t\treturn 1;']);
		expect(parsed.files[3]!.hunks[0]!.lines.map((l) => l.kind)).toEqual(['add', 'add', 'context']);
		expect(parsed.files[4]!.hunks).toEqual([]);
	});

	test('reads a plain diff -ru with CRLF line ends and strips the tree folders', () => {
		const files = summary(parsePatch(fixture('plain-crlf.diff')));
		expect(files).toEqual([
			{
				file: 'modified drivers/vfio/fixture.c -> drivers/vfio/fixture.c',
				subject: null,
				added: ['6>21: \t * and an added comment line does too: fixture_lookup(),', '9>24: \tpfn = fixture_lookup(vma, addr, &pfn);'],
			},
			{ file: 'modified mm/fixture.h -> mm/fixture.h', subject: null, added: ['17>1: #define FIXTURE_FLAGS FIXTURE_LONGTERM'] },
		]);
	});

	test('a removed "--- x" and an added "+++ y" inside a hunk are body lines, not headers', () => {
		const patch = [
			'diff --git a/a.c b/a.c',
			'--- a/a.c',
			'+++ b/a.c',
			'@@ -1,2 +1,2 @@',
			'--- old',
			'+++ new();',
			' ctx',
			'-- ',
			'2.43.0',
		].join('\n');
		const parsed = parsePatch(patch);
		expect(summary(parsed)).toEqual([{ file: 'modified a.c -> a.c', subject: null, added: ['6>1: ++ new();'] }]);
		expect(parsed.files[0]!.hunks[0]!.lines.map((l) => `${l.kind}:${l.line}`)).toEqual(['add:1', 'context:2']);
	});

	test('path forms: spaces, quoted names, mnemonic and no prefixes, deleted files, mode changes', () => {
		const patch = [
			'diff --git a/my file.c b/my file.c',
			'--- a/my file.c',
			'+++ b/my file.c',
			'@@ -1 +1 @@',
			'-a',
			'+b',
			'diff --git "a/caf\\303\\251.c" "b/caf\\303\\251.c"',
			'index 1..2 100644',
			'--- "a/caf\\303\\251.c"',
			'+++ "b/caf\\303\\251.c"',
			'@@ -0,0 +1 @@',
			'+c',
			'--- i/x.c',
			'+++ w/x.c',
			'@@ -1 +1 @@',
			'-d',
			'+e',
			'--- drivers/y.c',
			'+++ drivers/y.c',
			'@@ -5 +5 @@',
			'-f',
			'+g',
			'diff --git a/gone.c b/gone.c',
			'deleted file mode 100644',
			'--- a/gone.c',
			'+++ /dev/null',
			'@@ -1 +0,0 @@',
			'-h',
			'diff --git a/run.sh b/run.sh',
			'old mode 100644',
			'new mode 100755',
		].join('\n');
		const parsed = parsePatch(patch);
		expect(summary(parsed)).toEqual([
			{ file: 'modified my file.c -> my file.c', subject: null, added: ['6>1: b'] },
			{ file: 'modified café.c -> café.c', subject: null, added: ['12>1: c'] },
			{ file: 'modified x.c -> x.c', subject: null, added: ['17>1: e'] },
			{ file: 'modified drivers/y.c -> drivers/y.c', subject: null, added: ['22>5: g'] },
			{ file: 'deleted gone.c -> null', subject: null, added: [] },
			{ file: 'modified run.sh -> run.sh', subject: null, added: [] },
		]);
		expect(pathOf(parsed.files[4]!)).toBe('gone.c');
	});

	test('finds no files in text that is not a diff, and notes an encoded mail body', () => {
		expect(parsePatch(fixture('not-a-diff.txt')).files).toEqual([]);
		const mail = 'From 0123456789012345678901234567890123456789 Mon Sep 17 00:00:00 2001\nSubject: x\nContent-Transfer-Encoding: base64\n\nZGlmZg==\n';
		expect(parsePatch(mail)).toEqual({ files: [], mails: 1, encodedBody: 'base64' });
	});

	test('a truncated hunk ends at the end of the input', () => {
		const parsed = parsePatch('--- a/t.c\n+++ b/t.c\n@@ -1,5 +1,6 @@\n ctx\n+added();\n');
		expect(summary(parsed)[0]!.added).toEqual(['5>2: added();']);
	});
});
