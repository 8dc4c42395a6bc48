/**
 * `uabi-kb check`: the added lines of a patch that use an API or uABI the knowledge base tracks.
 * Pure: takes the patch text and the knowledge, returns the hits.
 */
import { languageOf, maskLine, startsInComment, type LexState } from './lexer.ts';
import { createMatcher, type Matcher } from './matcher.ts';
import { parsePatch, pathOf, type ParsedPatch } from './patch.ts';
import type { Entry, Knowledge, UserLink } from './knowledge.ts';

export interface Hit {
	/** File path after the patch. */
	file: string;
	/** Line in the file after the patch (from the hunk header). */
	line: number;
	/** 1-based column of the identifier in the added line. */
	column: number;
	/** Line in the input (patch or mbox). */
	patchLine: number;
	/** The identifier as the knowledge base writes it. */
	identifier: string;
	/** The added line, without its `+`. */
	code: string;
	/** Subject of the mail, for an mbox. */
	subject?: string;
	entry: Entry;
	/** Users of the entry whose entry lists this very file. */
	fileUsers: UserLink[];
}

export interface CheckResult {
	hits: Hit[];
	files: number;
	addedLines: number;
	mails: number;
}

/** Why an input is not a patch, or undefined if it is one. */
export class InputError extends Error {}

export function matcherFor(knowledge: Knowledge, filter: (entry: Entry) => boolean = () => true): Matcher {
	return createMatcher(knowledge.entries.filter(filter).flatMap((e) => e.identifiers));
}

export interface CheckOptions {
	/** Leave out entries for which this returns false (e.g. safe replacements). */
	filter?: (entry: Entry) => boolean;
}

/** Checks an already parsed patch. */
export function checkParsed(parsed: ParsedPatch, knowledge: Knowledge, options: CheckOptions = {}): CheckResult {
	const filter = options.filter ?? (() => true);
	const matcher = matcherFor(knowledge, filter);
	const hits: Hit[] = [];
	let addedLines = 0;
	for (const file of parsed.files) {
		const path = pathOf(file);
		const language = languageOf(path);
		for (const hunk of file.hunks) {
			const state: LexState = { inBlockComment: language === 'c' && startsInComment(hunk.lines.map((l) => l.text)) };
			for (const line of hunk.lines) {
				// Context lines are lexed too, so that a comment opened there hides the added lines inside it.
				const code = maskLine(line.text, language, state);
				if (line.kind !== 'add') continue;
				addedLines += 1;
				const seen = new Set<string>();
				for (const match of matcher.find(code)) {
					for (const entry of knowledge.byIdentifier.get(match.identifier) ?? []) {
						const key = `${match.identifier}\0${entry.kind}/${entry.id}`;
						if (!filter(entry) || seen.has(key)) continue;
						seen.add(key);
						const hit: Hit = {
							file: path,
							line: line.line,
							column: match.column,
							patchLine: line.patchLine,
							identifier: match.identifier,
							code: line.text,
							entry,
							fileUsers: entry.users.filter((u) => u.files.includes(path)),
						};
						if (file.subject !== undefined) hit.subject = file.subject;
						hits.push(hit);
					}
				}
			}
		}
	}
	return { hits, files: parsed.files.length, addedLines, mails: parsed.mails };
}

/**
 * Reads raw input as a patch. Throws InputError with a one-line reason for input that is not
 * one: empty, binary (NUL bytes), or text without any diff.
 */
export function parseInput(input: Buffer, name: string): ParsedPatch {
	if (input.length === 0 || input.toString('latin1').trim() === '') throw new InputError(`${name} is empty; expected a unified diff or an mbox patch`);
	if (input.includes(0)) throw new InputError(`${name} is a binary file (it contains NUL bytes), not a patch`);
	const parsed = parsePatch(input.toString('utf8'));
	if (parsed.files.length === 0) {
		if (parsed.encodedBody !== undefined) {
			throw new InputError(`${name} is a mail whose body is ${parsed.encodedBody}-encoded; save it decoded (e.g. with b4 am or git format-patch) and try again`);
		}
		throw new InputError(`${name} is not a patch: no "diff --git", "---"/"+++" or "@@" lines found`);
	}
	return parsed;
}

/** Checks raw input; see parseInput for what is refused. */
export function checkInput(input: Buffer, name: string, knowledge: Knowledge, options: CheckOptions = {}): CheckResult {
	return checkParsed(parseInput(input, name), knowledge, options);
}
