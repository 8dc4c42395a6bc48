/**
 * The `uabi-kb` command: argument parsing, input, output and exit codes. Everything else lives
 * in the pure modules next to it. `main()` never throws and never prints a stack trace (set
 * UABI_KB_DEBUG=1 to see one for an internal error).
 *
 * Exit codes: 0 nothing found, 1 something found (check: a hit; scan: a call site no entry
 * covers), 2 bad input or usage.
 */
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkParsed, InputError, parseInput } from './check.ts';
import { checkJson, checkMail, checkText, scanJson, scanText } from './format.ts';
import { KnowledgeError, loadKnowledge, resolveContentDir, type Entry, type Knowledge } from './knowledge.ts';
import { scanTree, type ScanProgress } from './scan.ts';
import { SITE_URL } from '../site.ts';

export interface Io {
	stdout: (text: string) => void;
	stderr: (text: string) => void;
	stdin: () => Promise<Buffer>;
	env: NodeJS.ProcessEnv;
	cwd: string;
	/** Whether stderr is a terminal (progress is shown only then). */
	stderrIsTTY: boolean;
	now: () => number;
}

export const usage = `Usage:
  uabi-kb check [options] <patch-file|->    APIs and uABIs used by the added lines of a patch
  uabi-kb scan [options] <kernel-source-dir>  call sites of the tracked APIs in a kernel tree

Options:
  --format=text|mail|json   output format (mail: check only; default text)
  --skip-safe               leave out safe APIs and uABIs (the replacements)
  --content=DIR             content folder (default: $UABI_KB_CONTENT, else the package's content/)
  --site=URL                base URL of the links (default: $UABI_KB_SITE, else ${SITE_URL})
  -h, --help                show this help

Exit codes: 0 nothing found, 1 found something (check: a hit; scan: a call site no
entry covers), 2 bad input.
`;

class UsageError extends Error {}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

interface Options {
	command: 'check' | 'scan';
	target: string;
	format: 'text' | 'mail' | 'json';
	skipSafe: boolean;
	content?: string;
	site?: string;
}

function parseArgs(argv: readonly string[]): Options | 'help' {
	const positional: string[] = [];
	let format = 'text';
	let skipSafe = false;
	let content: string | undefined;
	let site: string | undefined;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '-h' || arg === '--help') return 'help';
		if (arg === '-' || !arg.startsWith('-')) {
			positional.push(arg);
			continue;
		}
		if (arg === '--') {
			positional.push(...argv.slice(i + 1));
			break;
		}
		const eq = arg.indexOf('=');
		const name = eq < 0 ? arg : arg.slice(0, eq);
		const takeValue = () => {
			if (eq >= 0) return arg.slice(eq + 1);
			const value = argv[i + 1];
			if (value === undefined) throw new UsageError(`${name} needs a value`);
			i += 1;
			return value;
		};
		if (name === '--format') format = takeValue();
		else if (name === '--content') content = takeValue();
		else if (name === '--site') site = takeValue();
		else if (name === '--skip-safe' && eq < 0) skipSafe = true;
		else throw new UsageError(`unknown option ${arg}`);
	}
	const [command, target, ...extra] = positional;
	if (command === undefined) throw new UsageError('missing command: check or scan');
	if (command !== 'check' && command !== 'scan') throw new UsageError(`unknown command "${command}"; expected check or scan`);
	if (target === undefined) throw new UsageError(command === 'check' ? 'missing patch file (use - for standard input)' : 'missing kernel source folder');
	if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; give one ${command === 'check' ? 'patch' : 'folder'}`);
	if (format !== 'text' && format !== 'mail' && format !== 'json') throw new UsageError(`unknown format "${format}"; expected text, mail or json`);
	if (format === 'mail' && command === 'scan') throw new UsageError('--format=mail is for check; scan prints text or json');
	const options: Options = { command, target, format, skipSafe };
	if (content !== undefined) options.content = content;
	if (site !== undefined) {
		if (!/^https?:\/\/[^\s/]+(?:\/\S*)?$/.test(site)) throw new UsageError(`--site must be an http(s) URL, not "${site}"`);
		options.site = site;
	}
	return options;
}

const isSafe = (entry: Entry) => entry.status === 'safe';

/** Reads the patch; turns file system errors into one-line messages. */
async function readPatch(target: string, io: Io): Promise<Buffer> {
	if (target === '-') return io.stdin();
	const path = resolve(io.cwd, target);
	try {
		return await readFile(path);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') throw new InputError(`cannot read ${target}: no such file`);
		if (code === 'EISDIR') throw new InputError(`${target} is a directory, not a patch file (use "uabi-kb scan" for a source tree)`);
		if (code === 'EACCES' || code === 'EPERM') throw new InputError(`cannot read ${target}: permission denied`);
		throw new InputError(`cannot read ${target}: ${code ?? String(error)}`);
	}
}

async function checkTree(target: string, io: Io): Promise<string> {
	const path = resolve(io.cwd, target);
	let info;
	try {
		info = await stat(path);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new InputError(code === 'ENOENT' ? `cannot scan ${target}: no such folder` : `cannot scan ${target}: ${code ?? String(error)}`);
	}
	if (!info.isDirectory()) throw new InputError(`${target} is not a folder; give the top of a kernel source tree (use "uabi-kb check" for a patch)`);
	try {
		await access(path, constants.R_OK | constants.X_OK);
	} catch {
		throw new InputError(`cannot scan ${target}: permission denied`);
	}
	return path;
}

function progressPrinter(io: Io) {
	if (!io.stderrIsTTY) return undefined;
	let last = 0;
	return (p: ScanProgress) => {
		const now = io.now();
		if (now - last < 100) return;
		last = now;
		const text = p.walking
			? `scan: listing files, ${p.filesFound} .c/.h files so far`
			: `scan: ${p.filesScanned}/${p.filesFound} files, ${p.sites} call sites`;
		io.stderr(`\r\x1b[K${text}`);
	};
}

async function run(options: Options, io: Io): Promise<number> {
	const dir = options.content !== undefined ? resolve(io.cwd, options.content) : resolveContentDir(io.env, io.cwd);
	// Check the input before reading the knowledge base, so that bad input is reported first.
	const name = options.target === '-' ? 'standard input' : options.target;
	const patch = options.command === 'check' ? parseInput(await readPatch(options.target, io), name) : undefined;
	const root = options.command === 'scan' ? await checkTree(options.target, io) : undefined;
	const knowledge: Knowledge = loadKnowledge(dir, options.site ?? SITE_URL);
	if (knowledge.problems > 0) {
		io.stderr(`uabi-kb: note: ${knowledge.problems} problem(s) in ${dir} (see npm run validate); entries with schema errors are left out\n`);
	}
	const filter = options.skipSafe ? (entry: Entry) => !isSafe(entry) : undefined;

	if (patch !== undefined) {
		const result = checkParsed(patch, knowledge, filter ? { filter } : {});
		if (options.format === 'json') io.stdout(checkJson(result, knowledge, name));
		else if (options.format === 'mail') io.stdout(checkMail(result));
		else io.stdout(checkText(result, knowledge));
		return result.hits.length > 0 ? 1 : 0;
	}

	const started = io.now();
	const onProgress = progressPrinter(io);
	const result = await scanTree(root!, knowledge, { ...(filter ? { filter } : {}), ...(onProgress ? { onProgress } : {}) });
	if (onProgress) {
		io.stderr(`\r\x1b[Kscan: ${result.filesScanned} files in ${((io.now() - started) / 1000).toFixed(1)} s (${plural(result.threads, 'thread')}), ${result.sites.length} call sites\n`);
	}
	io.stdout(options.format === 'json' ? scanJson(result, knowledge, options.target) : scanText(result, knowledge, options.target));
	return result.missingFiles.length > 0 ? 1 : 0;
}

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
	let options: Options | 'help';
	try {
		options = parseArgs(argv);
	} catch (error) {
		io.stderr(`uabi-kb: ${(error as Error).message}\n${usage}`);
		return 2;
	}
	if (options === 'help') {
		io.stdout(usage);
		return 0;
	}
	try {
		return await run(options, io);
	} catch (error) {
		if (error instanceof InputError || error instanceof KnowledgeError) {
			io.stderr(`uabi-kb ${options.command}: ${error.message}\n`);
		} else {
			io.stderr(`uabi-kb ${options.command}: internal error: ${(error as Error)?.message ?? String(error)}${io.env['UABI_KB_DEBUG'] ? `\n${(error as Error)?.stack ?? ''}` : ' (set UABI_KB_DEBUG=1 for details)'}\n`);
		}
		return 2;
	}
}

/** The real process: stdout/stderr writes, stdin read to its end. */
export function processIo(): Io {
	return {
		stdout: (text) => void process.stdout.write(text),
		stderr: (text) => void process.stderr.write(text),
		stdin: async () => {
			const chunks: Buffer[] = [];
			for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
			return Buffer.concat(chunks);
		},
		env: process.env,
		cwd: process.cwd(),
		stderrIsTTY: Boolean(process.stderr.isTTY),
		now: () => performance.now(),
	};
}
