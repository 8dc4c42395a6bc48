/**
 * Reads a unified diff or a `git format-patch` mbox (one or many mails) into files and hunks.
 *
 * Only what a reviewer of added code needs is kept: for each hunk, the lines of the new side
 * (added and context lines) with their line number in the input and in the new file. Removed
 * lines are counted, so that a removed line that looks like a header (`--- x`) never ends a
 * hunk early, and then dropped.
 */

export interface NewSideLine {
	kind: 'add' | 'context';
	/** The line without its leading `+` or space, and without a trailing CR. */
	text: string;
	/** 1-based line number in the input (the patch or mbox). */
	patchLine: number;
	/** 1-based line number in the file after the patch. */
	line: number;
}

export interface Hunk {
	/** 1-based line of the `@@` header in the input. */
	patchLine: number;
	oldStart: number;
	oldCount: number;
	newStart: number;
	newCount: number;
	lines: NewSideLine[];
}

export type FileStatus = 'modified' | 'added' | 'deleted' | 'renamed' | 'copied';

export interface PatchFile {
	/** Path before the patch, without the `a/` prefix; null for a new file. */
	oldPath: string | null;
	/** Path after the patch, without the `b/` prefix; null for a deleted file. */
	newPath: string | null;
	status: FileStatus;
	binary: boolean;
	/** 1-based line where the file's header starts in the input. */
	patchLine: number;
	/** Subject of the mail the file came from, for a series in one mbox. */
	subject?: string;
	hunks: Hunk[];
}

export interface ParsedPatch {
	files: PatchFile[];
	/** Mails found (0 for a plain diff). */
	mails: number;
	/** Content-Transfer-Encoding of a mail whose body could not be read as text, if any. */
	encodedBody?: string;
}

/** The path that a file has after the patch, or before it for a deleted file. */
export const pathOf = (file: PatchFile): string => file.newPath ?? file.oldPath ?? '(unnamed)';

const hunkHeader = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const mboxFrom = /^From (?:[0-9a-f]{40}|\S+@\S+|\S+) (?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) /;

/** Unquotes a git path written as a C string ("a/caf\303\251.c"). */
function unquote(path: string): string {
	if (!path.startsWith('"') || !path.endsWith('"') || path.length < 2) return path;
	const bytes: number[] = [];
	const inner = path.slice(1, -1);
	const simple: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, a: 7, v: 11, '\\': 92, '"': 34 };
	for (let i = 0; i < inner.length; i++) {
		const c = inner[i]!;
		if (c === '\\' && i + 1 < inner.length) {
			const octal = /^[0-7]{3}/.exec(inner.slice(i + 1));
			if (octal) {
				bytes.push(Number.parseInt(octal[0], 8));
				i += 3;
				continue;
			}
			const next = inner[i + 1]!;
			bytes.push(simple[next] ?? next.charCodeAt(0));
			i += 1;
			continue;
		}
		bytes.push(...Buffer.from(c, 'utf8'));
	}
	return Buffer.from(bytes).toString('utf8');
}

/** The path in a `---`/`+++` line: drops a tab-separated timestamp, unquotes, maps /dev/null to null. */
function headerPath(rest: string): string | null {
	let path = rest.startsWith('"') ? (/^"(?:[^"\\]|\\.)*"/.exec(rest)?.[0] ?? rest) : rest.split('\t')[0]!;
	path = unquote(path.trimEnd());
	return path === '/dev/null' ? null : path;
}

/**
 * Drops the prefixes that diff tools put in front of paths: `a/` and `b/` (or git's mnemonic
 * `i/`, `w/`, `c/`, `o/`), or the two top folders of `diff -ru linux.orig linux`. Paths of
 * `git diff --no-prefix` are left alone.
 */
function stripPrefixes(oldPath: string | null, newPath: string | null): [string | null, string | null] {
	const split = (p: string | null) => {
		const slash = p ? p.indexOf('/') : -1;
		return p && slash > 0 ? { top: p.slice(0, slash), rest: p.slice(slash + 1) } : undefined;
	};
	const a = split(oldPath);
	const b = split(newPath);
	const letter = (part: { top: string } | undefined) => part !== undefined && /^[a-z]$/.test(part.top);
	if (oldPath !== null && newPath !== null) {
		if (a && b && ((letter(a) && letter(b)) || (a.top !== b.top && a.rest === b.rest))) return [a.rest, b.rest];
		return [oldPath, newPath];
	}
	// One side is /dev/null: only a one-letter prefix is surely a diff prefix.
	return [letter(a) ? a!.rest : oldPath, letter(b) ? b!.rest : newPath];
}

/** The two paths of `diff --git a/x b/x`, also when they hold spaces (then both are equal). */
function gitDiffPaths(rest: string): [string, string] | undefined {
	const quoted = /^("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(rest);
	if (quoted) return [unquote(quoted[1]!), unquote(quoted[2]!)];
	if ((rest.length - 1) % 2 === 0) {
		const half = (rest.length - 1) / 2;
		const a = rest.slice(0, half);
		const b = rest.slice(half + 1);
		if (rest[half] === ' ' && a.slice(a.indexOf('/')) === b.slice(b.indexOf('/'))) return [a, b];
	}
	return undefined;
}

/** Splits input into lines, dropping a BOM and the CR of CRLF line ends. */
export function splitLines(text: string): string[] {
	const lines = text.replace(/^\uFEFF/, '').split('\n');
	if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
	return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

export function parsePatch(text: string): ParsedPatch {
	const lines = splitLines(text);
	const files: PatchFile[] = [];
	let mails = 0;
	let encodedBody: string | undefined;
	let subject: string | undefined;
	let inMailHeaders = false;
	let encoding: string | undefined;
	let current: PatchFile | undefined;
	/** Set while the header of a `diff --git` file is being read (before its first hunk). */
	let gitHeader = false;

	const startFile = (patchLine: number, oldPath: string | null, newPath: string | null): PatchFile => {
		const file: PatchFile = { oldPath, newPath, status: 'modified', binary: false, patchLine, hunks: [] };
		if (subject !== undefined) file.subject = subject;
		files.push(file);
		return file;
	};

	for (let i = 0; i < lines.length; i++) {
		const line = lines[i]!;
		const patchLine = i + 1;

		if (mboxFrom.test(line)) {
			mails += 1;
			inMailHeaders = true;
			subject = undefined;
			encoding = undefined;
			current = undefined;
			gitHeader = false;
			continue;
		}
		if (inMailHeaders) {
			if (line === '') {
				inMailHeaders = false;
				if (encoding && !/^(?:7bit|8bit|binary)$/i.test(encoding)) encodedBody = encoding;
				continue;
			}
			const header = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
			if (header) {
				const name = header[1]!.toLowerCase();
				if (name === 'subject') {
					subject = header[2]!;
					// Folded header lines continue with white space.
					while (i + 1 < lines.length && /^[ \t]/.test(lines[i + 1]!)) subject += ` ${lines[++i]!.trim()}`;
				} else if (name === 'content-transfer-encoding') {
					encoding = header[2]!.trim();
				}
			}
			continue;
		}

		if (line.startsWith('diff --git ')) {
			const paths = gitDiffPaths(line.slice('diff --git '.length));
			const [oldPath, newPath] = paths ? stripPrefixes(paths[0], paths[1]) : [null, null];
			current = startFile(patchLine, oldPath, newPath);
			gitHeader = true;
			continue;
		}
		if (current && gitHeader) {
			const meta = /^(new file mode|deleted file mode|rename from|rename to|copy from|copy to) ?(.*)$/.exec(line);
			if (meta) {
				const [, key, value = ''] = meta;
				if (key === 'new file mode') current.status = 'added';
				else if (key === 'deleted file mode') current.status = 'deleted';
				else if (key === 'rename from' || key === 'copy from') {
					current.oldPath = unquote(value);
					current.status = key === 'rename from' ? 'renamed' : 'copied';
				} else current.newPath = unquote(value);
				continue;
			}
			if (line.startsWith('Binary files ') || line === 'GIT binary patch') {
				current.binary = true;
				continue;
			}
		}
		if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
			const oldRaw = headerPath(line.slice(4));
			const newRaw = headerPath(lines[i + 1]!.slice(4));
			const [oldPath, newPath] = stripPrefixes(oldRaw, newRaw);
			if (!(current && gitHeader && current.hunks.length === 0)) current = startFile(patchLine, oldPath, newPath);
			// For git diffs the ---/+++ paths are the reliable ones (the diff line is ambiguous with spaces).
			current.oldPath = oldPath;
			current.newPath = newPath;
			if (oldPath === null) current.status = 'added';
			else if (newPath === null) current.status = 'deleted';
			gitHeader = false;
			i += 1;
			continue;
		}
		if (line.startsWith('Binary files ') && / differ$/.test(line)) {
			// A plain `diff` says this without any other header.
			const m = /^Binary files (.*) and (.*) differ$/.exec(line);
			const [oldPath, newPath] = stripPrefixes(headerPath(m?.[1] ?? ''), headerPath(m?.[2] ?? ''));
			const file = startFile(patchLine, oldPath, newPath);
			file.binary = true;
			current = undefined;
			continue;
		}
		const header = hunkHeader.exec(line);
		if (header) {
			current ??= startFile(patchLine, null, null);
			gitHeader = false;
			const hunk: Hunk = {
				patchLine,
				oldStart: Number(header[1]),
				oldCount: header[2] === undefined ? 1 : Number(header[2]),
				newStart: Number(header[3]),
				newCount: header[4] === undefined ? 1 : Number(header[4]),
				lines: [],
			};
			current.hunks.push(hunk);
			let oldLeft = hunk.oldCount;
			let newLeft = hunk.newCount;
			let lineNo = hunk.newStart;
			// Body: exactly oldCount old-side and newCount new-side lines, plus "\ No newline" markers.
			while (i + 1 < lines.length && (oldLeft > 0 || newLeft > 0 || lines[i + 1]!.startsWith('\\'))) {
				const body = lines[i + 1]!;
				const mark = body[0];
				if (mark === '\\') {
					i += 1;
				} else if (mark === '+' && newLeft > 0) {
					hunk.lines.push({ kind: 'add', text: body.slice(1), patchLine: i + 2, line: lineNo++ });
					newLeft -= 1;
					i += 1;
				} else if (mark === '-' && oldLeft > 0) {
					oldLeft -= 1;
					i += 1;
				} else if ((mark === ' ' || body === '') && oldLeft > 0 && newLeft > 0) {
					// Some mailers strip the space of an empty context line.
					hunk.lines.push({ kind: 'context', text: body.slice(1), patchLine: i + 2, line: lineNo++ });
					oldLeft -= 1;
					newLeft -= 1;
					i += 1;
				} else {
					break; // A truncated or hand-edited hunk: stop here and read the line as a header.
				}
			}
			continue;
		}
		// Anything else is commit message, diffstat, a mail signature or `index` lines: ignored.
	}
	const result: ParsedPatch = { files, mails };
	if (encodedBody !== undefined) result.encodedBody = encodedBody;
	return result;
}
