/**
 * `uabi-kb check`: hits with their lines, formats, exit codes and bad input, run in-process
 * through main() and, for what only a real process shows (bin, environment, Node version), as
 * the `bin` itself.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { contentWithOverlay, validContent } from '../helpers/overlay.ts';

const repo = join(import.meta.dirname, '..', '..');
const fixtures = join(repo, 'tests', 'fixtures', 'cli');
const SITE = 'https://kb.example.org';

async function run(args: string[], options: { stdin?: string | Buffer; env?: Record<string, string> } = {}) {
	let stdout = '';
	let stderr = '';
	const code = await main(args, {
		stdout: (text) => void (stdout += text),
		stderr: (text) => void (stderr += text),
		stdin: async () => Buffer.from(options.stdin ?? ''),
		env: { UABI_KB_CONTENT: validContent, ...options.env },
		cwd: fixtures,
		stderrIsTTY: false,
		now: () => 0,
	});
	return { code, stdout, stderr };
}

const check = (...args: string[]) => run(['check', `--site=${SITE}`, ...args]);

describe('check finds the added uses of tracked identifiers', () => {
	test('text: file, line, column, patch line, status, replacement and URLs of each hit', async () => {
		const { code, stdout, stderr } = await check('series.mbox');
		expect(stderr).toBe('');
		expect(code).toBe(1);
		expect(stdout).toBe(`drivers/media/fixture.c:14:8: fixture_lookup (patch line 27)
    | ret = fixture_lookup(vma, vma->vm_start, &pfn);
    API:     fixture_lookup(): removed in v6.1 (was unsafe)
    instead: fixture_pin() <${SITE}/apis/fixture_pin/>
    cite:    ${SITE}/apis/fixture_lookup/#signatures
    user:    Fixture media user <${SITE}/users/fixture-media-user/#migration> (lists this file)
    patch:   [PATCH 1/2] media: fixture: map user buffers with fixture_lookup

drivers/media/fixture.c:20:12: fixture_pin (patch line 33)
    | */ ret = fixture_pin(0, 1, NULL);
    API:     fixture_pin(): safe, still in v6.1
    cite:    ${SITE}/apis/fixture_pin/#signatures
    patch:   [PATCH 1/2] media: fixture: map user buffers with fixture_lookup

drivers/media/fixture.c:48:11: FIXTURE_LONGTERM (patch line 40)
    | .flags = FIXTURE_LONGTERM,
    API:     fixture_pin(): safe, still in v6.1
    cite:    ${SITE}/apis/fixture_pin/#signatures
    patch:   [PATCH 1/2] media: fixture: map user buffers with fixture_lookup

drivers/media/fixture-new.c:3:9: fixture_lookup (patch line 51)
    | return fixture_lookup(NULL, 0, NULL);
    API:     fixture_lookup(): removed in v6.1 (was unsafe)
    instead: fixture_pin() <${SITE}/apis/fixture_pin/>
    cite:    ${SITE}/apis/fixture_lookup/#signatures
    users:   2 known users <${SITE}/apis/fixture_lookup/#callers>
    patch:   [PATCH 1/2] media: fixture: map user buffers with fixture_lookup

Documentation/fixture.rst:4:26: FIXTURE_DMABUF (patch line 77)
    | Userspace should move to FIXTURE_DMABUF.
    uABI:    FIXTURE_DMABUF: safe since v5.11
    cite:    ${SITE}/uabi/fixture-dmabuf/#timeline
    patch:   [PATCH 2/2] vfio: fixture: move and use FIXTURE_IOCTL

drivers/vfio/fixture.c:3:13: FIXTURE_IOCTL (patch line 87)
    | if (cmd == FIXTURE_IOCTL)
    uABI:    FIXTURE_USERPTR on device memory: rejected since v6.1
    instead: FIXTURE_DMABUF <${SITE}/uabi/fixture-dmabuf/>
    cite:    ${SITE}/uabi/fixture-userptr/#timeline
    users:   1 known user <${SITE}/uabi/fixture-userptr/#users>
    patch:   [PATCH 2/2] vfio: fixture: move and use FIXTURE_IOCTL

6 hits in 4 files (status as of v6.1, the newest release in the knowledge base).
`);
	});

	test('ignores comments, strings, removed and context lines, longer names and the commit message', async () => {
		const { stdout } = await check('--format=json', 'series.mbox');
		const hits = JSON.parse(stdout).hits as { patchLine: number }[];
		// Lines 26, 28-32 (comments, a string, longer names), 25 (removed), 36 (context), 8 (message).
		expect(hits.map((h) => h.patchLine)).toEqual([27, 33, 40, 51, 77, 87]);
	});

	test('mail: one paragraph per entry and Link: trailers', async () => {
		const { code, stdout } = await check('--format=mail', 'series.mbox');
		expect(code).toBe(1);
		expect(stdout).toBe(`The patch adds fixture_lookup() at drivers/media/fixture.c:14 and
drivers/media/fixture-new.c:3. fixture_lookup() was removed from
mainline in v6.1 (unsafe: its result outlives the lookup with no
reference and no notifier). Please use fixture_pin() instead. The
knowledge base tracks this code as "Fixture media user", with migration
notes.

The patch adds fixture_pin() and FIXTURE_LONGTERM (from fixture_pin())
at drivers/media/fixture.c:20 and :48. fixture_pin() is safe.

The patch adds FIXTURE_DMABUF at Documentation/fixture.rst:4.
FIXTURE_DMABUF has been safe since v5.11.

The patch adds FIXTURE_IOCTL (from FIXTURE_USERPTR on device memory) at
drivers/vfio/fixture.c:3. FIXTURE_USERPTR on device memory has been
rejected since v6.1. Userspace should move to FIXTURE_DMABUF.

Link: ${SITE}/apis/fixture_lookup/#signatures
Link: ${SITE}/users/fixture-media-user/#migration
Link: ${SITE}/apis/fixture_pin/#signatures
Link: ${SITE}/uabi/fixture-dmabuf/#timeline
Link: ${SITE}/uabi/fixture-userptr/#timeline
`);
	});

	test('json: the same hits with entry, status, replacements, users and URLs', async () => {
		const { code, stdout } = await check('--format=json', 'plain-crlf.diff');
		expect(code).toBe(1);
		const report = JSON.parse(stdout);
		expect({ ...report, hits: undefined }).toEqual({ command: 'check', input: 'plain-crlf.diff', site: SITE, newest: '6.1', files: 2, addedLines: 3, hits: undefined });
		expect(report.hits).toEqual([
			{
				file: 'drivers/vfio/fixture.c',
				line: 24,
				column: 8,
				patchLine: 9,
				identifier: 'fixture_lookup',
				code: '\tpfn = fixture_lookup(vma, addr, &pfn);',
				subject: null,
				kind: 'api',
				id: 'fixture_lookup',
				title: 'fixture_lookup()',
				status: 'removed',
				statusText: 'removed in v6.1',
				since: '6.1',
				condition: null,
				safety: 'unsafe',
				replacements: [{ id: 'fixture_pin', title: 'fixture_pin()', url: `${SITE}/apis/fixture_pin/` }],
				url: `${SITE}/apis/fixture_lookup/`,
				cite: `${SITE}/apis/fixture_lookup/#signatures`,
				usersUrl: `${SITE}/apis/fixture_lookup/#callers`,
				users: [
					{ id: 'fixture-media-user', title: 'Fixture media user', url: `${SITE}/users/fixture-media-user/#migration`, listsFile: false },
					{ id: 'fixture-vfio-user', title: 'Fixture VFIO user', url: `${SITE}/users/fixture-vfio-user/#migration`, listsFile: true },
				],
			},
			{
				file: 'mm/fixture.h',
				line: 1,
				column: 23,
				patchLine: 17,
				identifier: 'FIXTURE_LONGTERM',
				code: '#define FIXTURE_FLAGS FIXTURE_LONGTERM',
				subject: null,
				kind: 'api',
				id: 'fixture_pin',
				title: 'fixture_pin()',
				status: 'safe',
				statusText: 'safe, still in v6.1',
				since: null,
				condition: null,
				safety: 'safe',
				replacements: [],
				url: `${SITE}/apis/fixture_pin/`,
				cite: `${SITE}/apis/fixture_pin/#signatures`,
				usersUrl: `${SITE}/apis/fixture_pin/#callers`,
				users: [],
			},
		]);
	});

	test('--skip-safe leaves out safe APIs and uABIs', async () => {
		const { code, stdout } = await check('--format=json', '--skip-safe', 'series.mbox');
		expect(code).toBe(1);
		expect(JSON.parse(stdout).hits.map((h: { file: string; line: number; identifier: string }) => `${h.file}:${h.line} ${h.identifier}`)).toEqual([
			'drivers/media/fixture.c:14 fixture_lookup',
			'drivers/media/fixture-new.c:3 fixture_lookup',
			'drivers/vfio/fixture.c:3 FIXTURE_IOCTL',
		]);
		const safeOnly = await check('--skip-safe', '-');
		expect(safeOnly.code).toBe(2); // empty stdin, still bad input
	});

	test('reads standard input', async () => {
		const { code, stdout } = await run(['check', '--format', 'json', '-'], { stdin: readFileSync(join(fixtures, 'plain-crlf.diff')) });
		expect(code).toBe(1);
		expect(JSON.parse(stdout).input).toBe('standard input');
		expect(JSON.parse(stdout).hits.map((h: { file: string; line: number }) => `${h.file}:${h.line}`)).toEqual(['drivers/vfio/fixture.c:24', 'mm/fixture.h:1']);
	});

	test('exit code 0 and a plain message when nothing is found', async () => {
		for (const format of ['text', 'mail', 'json']) {
			const { code, stderr } = await check(`--format=${format}`, 'clean.patch');
			expect({ format, code, stderr }).toEqual({ format, code: 0, stderr: '' });
		}
		expect((await check('clean.patch')).stdout).toBe('No tracked API or uABI in the added lines (1 file, 1 added line checked).\n');
		expect((await check('--format=mail', 'clean.patch')).stdout).toBe('No API or uABI tracked by uabi-kb is used in the added lines.\n');
	});
});

describe('check rejects bad input with exit code 2 and one line', () => {
	const mbox64 = 'From 0123456789012345678901234567890123456789 Mon Sep 17 00:00:00 2001\nSubject: x\nContent-Transfer-Encoding: base64\n\nZGlmZg==\n';
	test.each([
		[['empty.patch'], '', 'uabi-kb check: empty.patch is empty; expected a unified diff or an mbox patch'],
		[['binary.bin'], '', 'uabi-kb check: binary.bin is a binary file (it contains NUL bytes), not a patch'],
		[['not-a-diff.txt'], '', 'uabi-kb check: not-a-diff.txt is not a patch: no "diff --git", "---"/"+++" or "@@" lines found'],
		[['no-such.patch'], '', 'uabi-kb check: cannot read no-such.patch: no such file'],
		[['tree'], '', 'uabi-kb check: tree is a directory, not a patch file (use "uabi-kb scan" for a source tree)'],
		[['-'], '\n \n', 'uabi-kb check: standard input is empty; expected a unified diff or an mbox patch'],
		[['-'], '\0\x01\x02diff --git', 'uabi-kb check: standard input is a binary file (it contains NUL bytes), not a patch'],
		[['-'], mbox64, 'uabi-kb check: standard input is a mail whose body is base64-encoded; save it decoded (e.g. with b4 am or git format-patch) and try again'],
	])('%j', async (args, stdin, message) => {
		const { code, stdout, stderr } = await run(['check', ...args], { stdin });
		expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
	});

	test.each([
		[[], 'uabi-kb: missing command: check or scan'],
		[['review', 'x'], 'uabi-kb: unknown command "review"; expected check or scan'],
		[['check'], 'uabi-kb: missing patch file (use - for standard input)'],
		[['check', 'a', 'b'], 'uabi-kb: unexpected argument "b"; give one patch'],
		[['check', '--format=xml', 'a'], 'uabi-kb: unknown format "xml"; expected text, mail or json'],
		[['check', '--format'], 'uabi-kb: --format needs a value'],
		[['check', '--frobnicate', 'a'], 'uabi-kb: unknown option --frobnicate'],
		[['check', '--site=ftp://x', 'a'], 'uabi-kb: --site must be an http(s) URL, not "ftp://x"'],
		[['scan', '--format=mail', 'tree'], 'uabi-kb: --format=mail is for check; scan prints text or json'],
	])('usage error %j', async (args, message) => {
		const { code, stdout, stderr } = await run(args);
		expect(code).toBe(2);
		expect(stdout).toBe('');
		expect(stderr.split('\n')[0]).toBe(message);
		expect(stderr.split('\n')[1]).toBe('Usage:');
	});

	test('--help prints the usage and exits 0', async () => {
		const { code, stdout } = await run(['--help']);
		expect(code).toBe(0);
		expect(stdout).toMatch(/^Usage:\n {2}uabi-kb check \[options\] <patch-file\|->/);
	});

	test('a missing knowledge base is bad input too, reported after the input is found good', async () => {
		const { code, stderr } = await run(['check', '--content=nowhere', 'series.mbox']);
		expect(code).toBe(2);
		expect(stderr).toBe(`uabi-kb check: no knowledge base at ${join(fixtures, 'nowhere')} (set UABI_KB_CONTENT to a content folder)\n`);
		expect((await run(['check', '--content=nowhere', 'empty.patch'])).stderr).toBe('uabi-kb check: empty.patch is empty; expected a unified diff or an mbox patch\n');
	});

	test('content with problems still works, with a note on stderr', async () => {
		const root = contentWithOverlay('dangling-reference');
		const { code, stdout, stderr } = await run(['check', '--format=json', 'plain-crlf.diff'], { env: { UABI_KB_CONTENT: join(root, 'content') } });
		expect(code).toBe(1);
		expect(JSON.parse(stdout).hits).toHaveLength(2);
		expect(stderr).toBe(`uabi-kb: note: 1 problem(s) in ${join(root, 'content')} (see npm run validate); entries with schema errors are left out\n`);
	});
});

describe('the bin', () => {
	const bin = join(repo, 'bin', 'uabi-kb.mjs');
	const spawn = (args: string[], env: Record<string, string | undefined>, node = process.execPath) => {
		const { UABI_KB_SITE: _site, UABI_KB_CONTENT: _content, UABI_KB_REEXEC: _reexec, ...base } = process.env;
		return spawnSync(node, [bin, ...args], { cwd: repo, encoding: 'utf8', env: { ...base, UABI_KB_CONTENT: validContent, ...env } });
	};

	test('links to the base URL of src/site.ts, which UABI_KB_SITE overrides', () => {
		const plain = spawn(['check', '--format=mail', 'tests/fixtures/cli/plain-crlf.diff'], {});
		expect(plain.status).toBe(1);
		expect(plain.stdout).toContain('\nLink: https://uabi-kb.org/apis/fixture_lookup/#signatures\n');
		const mirror = spawn(['check', '--format=mail', 'tests/fixtures/cli/plain-crlf.diff'], { UABI_KB_SITE: 'https://mirror.example.net/kb/' });
		expect(mirror.status).toBe(1);
		expect(mirror.stdout).toContain('\nLink: https://mirror.example.net/kb/apis/fixture_lookup/#signatures\n');
		expect(mirror.stdout).toContain('\nLink: https://mirror.example.net/kb/users/fixture-vfio-user/#migration\n');
	});

	test('bad input gives exit code 2 and one line, never a stack trace', () => {
		for (const file of ['binary.bin', 'empty.patch', 'not-a-diff.txt', 'missing.patch', '.']) {
			const result = spawn(['check', `tests/fixtures/cli/${file}`], {});
			expect({ file, status: result.status, stdout: result.stdout }).toEqual({ file, status: 2, stdout: '' });
			expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
			expect(result.stderr).toMatch(/^uabi-kb check: /);
		}
	});

	// The system Node of the build machine, when it is older than 22.18, shows what happens there.
	const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => {
		if (!existsSync(path)) return false;
		const [major = 0, minor = 0] = (spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout ?? '').trim().split('.').map(Number);
		return major > 0 && (major < 22 || (major === 22 && minor < 18));
	});
	test.skipIf(!oldNode)('started by Node older than 22.18 it runs itself with the Node 22 dev dependency', () => {
		const result = spawn(['check', '--format=json', 'tests/fixtures/cli/plain-crlf.diff'], {}, oldNode!);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(1);
		expect(JSON.parse(result.stdout).hits).toHaveLength(2);
	});
	test.skipIf(!oldNode)('without that Node 22 it says what to do instead of crashing', () => {
		const result = spawn(['check', 'tests/fixtures/cli/series.mbox'], { UABI_KB_REEXEC: '1' }, oldNode!);
		expect(result.status).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/^uabi-kb: needs Node 22\.18 or newer to run its TypeScript sources; this is Node \d+\.\d+\.\d+\.\nInstall the dev dependencies \(npm ci\) in .+ and run it as "npx uabi-kb \.\.\." there\.\n$/);
	});
});
