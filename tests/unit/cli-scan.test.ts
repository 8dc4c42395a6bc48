/** `uabi-kb scan`: call sites in a small tree, coverage, grouping, progress and a synthetic tree. */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadKnowledge, subsystemOf } from '../../src/cli/knowledge.ts';
import { scanTree } from '../../src/cli/scan.ts';
import { makeSyntheticTree } from '../../src/cli/synthetic-tree.ts';
import { validContent } from '../helpers/overlay.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'cli');
const SITE = 'https://kb.example.org';
const knowledge = loadKnowledge(validContent, SITE);

const temporary: string[] = [];
const tempDir = (prefix: string) => {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	temporary.push(dir);
	return dir;
};
afterAll(() => {
	for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** The fixture tree, plus what git cannot hold: a .git folder with a C file, and a symlink. */
function treeCopy(): string {
	const dir = tempDir('uabi-kb-scan-');
	cpSync(join(fixtures, 'tree'), join(dir, 'tree'), { recursive: true });
	mkdirSync(join(dir, 'tree', '.git', 'objects'), { recursive: true });
	writeFileSync(join(dir, 'tree', '.git', 'objects', 'stray.c'), 'int x(void) { return fixture_lookup(0, 0, 0); }\n');
	symlinkSync(join(dir, 'tree', 'drivers', 'media', 'uncovered.c'), join(dir, 'tree', 'drivers', 'media', 'link.c'));
	return dir;
}

async function run(args: string[], cwd: string, tty = false) {
	let stdout = '';
	let stderr = '';
	let clock = 0;
	const code = await main(args, {
		stdout: (text) => void (stdout += text),
		stderr: (text) => void (stderr += text),
		stdin: async () => Buffer.alloc(0),
		env: { UABI_KB_CONTENT: validContent },
		cwd,
		stderrIsTTY: tty,
		now: () => (clock += 250),
	});
	return { code, stdout, stderr };
}

describe('scan', () => {
	test('text: call sites grouped by subsystem with their coverage', async () => {
		const { code, stdout, stderr } = await run(['scan', `--site=${SITE}`, 'tree'], treeCopy());
		expect(stderr).toBe('');
		expect(code).toBe(1);
		expect(stdout).toBe(`Call sites of tracked APIs in tree (7 .c/.h files scanned, status as of v6.1, the newest release in the knowledge base)

media: Fixture media <${SITE}/subsystems/media/>
  drivers/media/fixture.c:11:9    fixture_lookup    covered by fixture-media-user
  drivers/media/uncovered.c:9:9   fixture_lookup    MISSING: no entry lists this file
  drivers/media/uncovered.c:9:40  fixture_lookup    MISSING: no entry lists this file

vfio: Fixture VFIO <${SITE}/subsystems/vfio/>
  drivers/vfio/fixture.c:6:9      fixture_lookup    covered by fixture-vfio-user
  drivers/vfio/pin.c:6:9          fixture_pin       call of a safe API (no entry needed)
  drivers/vfio/pin.c:6:40         FIXTURE_LONGTERM  call of a safe API (no entry needed)

other: Not in any subsystem of the knowledge base
  lib/helper.h:2:33               fixture_lookup    MISSING: no entry lists this file
  mm/memory.c:4:5                 fixture_lookup    definition of fixture_lookup()
  mm/memory.c:9:15                fixture_lookup    definition of fixture_lookup()

9 call sites in 6 files: 2 covered, 2 definitions, 2 of safe APIs, 3 missing.
Files no entry covers (2):
  drivers/media/uncovered.c
  lib/helper.h
`);
	});

	test('json: the same, with URLs; --skip-safe drops the safe APIs', async () => {
		const cwd = treeCopy();
		const { code, stdout } = await run(['scan', `--site=${SITE}`, '--format=json', 'tree'], cwd);
		expect(code).toBe(1);
		const report = JSON.parse(stdout);
		expect(report.summary).toEqual({ sites: 9, files: 6, covered: 2, definition: 2, replacement: 2, missing: 3, missingFiles: 2 });
		expect(report.filesScanned).toBe(7);
		expect(report.groups.map((g: { id: string; sites: unknown[] }) => `${g.id}:${g.sites.length}`)).toEqual(['media:3', 'vfio:3', 'other:3']);
		expect(report.groups[0].sites[0]).toEqual({
			file: 'drivers/media/fixture.c',
			line: 11,
			column: 9,
			identifier: 'fixture_lookup',
			apis: [{ id: 'fixture_lookup', title: 'fixture_lookup()', url: `${SITE}/apis/fixture_lookup/`, status: 'removed' }],
			coverage: 'covered',
			users: [{ id: 'fixture-media-user', title: 'Fixture media user', url: `${SITE}/users/fixture-media-user/#migration` }],
		});
		expect(report.missingFiles).toEqual(['drivers/media/uncovered.c', 'lib/helper.h']);
		const skipped = JSON.parse((await run(['scan', '--format=json', '--skip-safe', 'tree'], cwd)).stdout);
		expect(skipped.summary).toEqual({ sites: 7, files: 5, covered: 2, definition: 2, replacement: 0, missing: 3, missingFiles: 2 });
	});

	test('skips .git, symlinks and files that are not .c or .h', async () => {
		const result = await scanTree(join(treeCopy(), 'tree'), knowledge);
		expect(result.filesScanned).toBe(7);
		expect(result.sites.some((s) => s.file.startsWith('.git') || s.file.endsWith('link.c') || s.file.endsWith('.txt'))).toBe(false);
		// lib/clean.c names the APIs only in comments, strings and longer names.
		expect(result.sites.some((s) => s.file === 'lib/clean.c')).toBe(false);
	});

	test('exit code 0 when every call site is covered', async () => {
		const dir = tempDir('uabi-kb-scan-');
		cpSync(join(fixtures, 'tree', 'drivers', 'vfio'), join(dir, 'drivers', 'vfio'), { recursive: true });
		const { code, stdout } = await run(['scan', '.'], dir);
		expect(code).toBe(0);
		expect(stdout).toContain('\n3 call sites in 2 files: 1 covered, 0 definitions, 2 of safe APIs, 0 missing.\n');
		expect(stdout).not.toContain('Files no entry covers');
	});

	test('progress goes to stderr on a terminal only', async () => {
		const cwd = treeCopy();
		const quiet = await run(['scan', 'tree'], cwd, false);
		expect(quiet.stderr).toBe('');
		const tty = await run(['scan', 'tree'], cwd, true);
		expect(tty.stdout).toBe(quiet.stdout);
		expect(tty.stderr).toMatch(/^\r\x1b\[Kscan: listing files, \d+ \.c\/\.h files so far/);
		expect(tty.stderr).toContain('\r\x1b[Kscan: 7/7 files, 9 call sites');
		expect(tty.stderr).toMatch(/\r\x1b\[Kscan: 7 files in \d+\.\d s \(1 thread\), 9 call sites\n$/);
	});

	test.each([
		[['scan', 'no-such-dir'], 'uabi-kb scan: cannot scan no-such-dir: no such folder'],
		[['scan', 'series.mbox'], 'uabi-kb scan: series.mbox is not a folder; give the top of a kernel source tree (use "uabi-kb check" for a patch)'],
		[['scan'], 'uabi-kb: missing kernel source folder'],
	])('bad input %j exits 2 with one line', async (args, message) => {
		const { code, stdout, stderr } = await run(args, fixtures);
		expect(code).toBe(2);
		expect(stdout).toBe('');
		expect(stderr.split('\n')[0]).toBe(message);
	});

	test('the longest subsystem path wins; unknown paths have none', () => {
		const k = {
			subsystems: [
				{ id: 'drivers', title: 'd', paths: ['drivers/'], url: '' },
				{ id: 'media', title: 'm', paths: ['drivers/media/', 'include/media'], url: '' },
				{ id: 'mem', title: 'c', paths: ['drivers/char/mem.c'], url: '' },
			],
		};
		expect(subsystemOf(k, 'drivers/media/x.c')?.id).toBe('media');
		expect(subsystemOf(k, 'drivers/net/x.c')?.id).toBe('drivers');
		expect(subsystemOf(k, 'include/media/v4l2.h')?.id).toBe('media');
		expect(subsystemOf(k, 'include/mediatek.h')).toBeUndefined();
		expect(subsystemOf(k, 'drivers/char/mem.c')?.id).toBe('mem');
		expect(subsystemOf(k, 'drivers/char/mem.cc')?.id).toBe('drivers');
		expect(subsystemOf(k, 'mm/memory.c')).toBeUndefined();
	});

	test('finds exactly the planted calls in a synthetic tree', async () => {
		const dir = join(tempDir('uabi-kb-synthetic-'), 'linux');
		const tree = makeSyntheticTree(dir, { files: 1500, meanBytes: 600, hitEvery: 50, identifiers: ['fixture_lookup', 'fixture_pin'] });
		expect(tree.planted.size).toBe(30);
		const result = await scanTree(dir, knowledge, { threads: 1 });
		expect(result.filesScanned).toBe(1500);
		expect(new Set(result.sites.map((s) => s.file))).toEqual(new Set(tree.planted.keys()));
		expect(result.sites).toHaveLength(30);
		// The worker threads find the same, and report progress as they go.
		const seen: number[] = [];
		const threaded = await scanTree(dir, knowledge, { threads: 3, onProgress: (p) => void (p.walking || seen.push(p.filesScanned)) });
		expect(result.threads).toBe(1);
		expect(threaded.threads).toBe(3);
		expect(threaded.filesScanned).toBe(1500);
		expect(threaded.sites).toEqual(result.sites);
		expect(seen.at(-1)).toBe(1500);
		expect(seen.some((n) => n > 0 && n < 1500)).toBe(true);
	});
});
