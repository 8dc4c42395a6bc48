/**
 * The content validator: checks every file under content/ against the collection schemas and the
 * cross-reference rules, and reports every problem in one run as `file:line: field: message`.
 *
 * It runs before Astro loads anything (src/integrations/validate.ts), from `npm run validate`,
 * and in tests against fixtures. It is plain Node: no `astro:content`, so it can see the files,
 * lines and keys that Astro's loaders do not report.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { load } from 'js-yaml';
import { LineCounter, parseDocument, isMap, isSeq, type Document, type Node } from 'yaml';
import { z } from 'astro/zod';
import { idFromPath, idPattern } from './ids.ts';
import { compareVersions } from './kernel-version.ts';
import { checkBodies } from './validate-body.ts';
import { rememberChecked, rememberFrontmatter, splitFrontmatter } from './frontmatter.ts';
import { readAhead } from './read-ahead.ts';
import { collectionFormat, collectionNames, kernelVersionPattern, schemaFactories, type CollectionName, type RefFn } from '../schemas/index.ts';

export interface Problem {
	file: string;
	line: number;
	field: string;
	message: string;
}

export function formatProblem(p: Problem): string {
	return `${p.file}:${p.line}: ${p.field || '(file)'}: ${p.message}`;
}

/** A parsed content file, with what is needed to point at lines. */
export interface LoadedItem {
	collection: CollectionName;
	id: string;
	file: string;
	data: unknown;
	body: string;
	/** Number of lines in the whole file, to turn body line numbers into file line numbers. */
	rawLineCount?: number;
	/** Finds the 1-based line of a field path; falls back to the closest existing parent. */
	lineOf: (path: readonly PropertyKey[]) => number;
}

/** A reference found in validated data, with the path where it was written. */
interface FoundRef {
	collection: CollectionName;
	id: string;
	path: PropertyKey[];
}

type RefMark = { id: string; collection: CollectionName };
/** The references the validator's schemas produced, told apart from other objects of that shape. */
const refMarks = new WeakSet<object>();

/**
 * The `ref` given to the schema factories here: checks the spelling and gives what Astro's
 * reference() gives for an id, `{ id, collection }` in that order, so that the checked data is
 * the data Astro's loader would produce (src/lib/loader.ts uses it); each one is remembered, so
 * that references can be found afterwards.
 */
const markRef = (collection: CollectionName) =>
	z
		.string({ error: `must be the id of an item in ${collection}` })
		.regex(idPattern, `must be the id of an item in ${collection}`)
		.transform((id): RefMark => {
			const ref = { id, collection };
			refMarks.add(ref);
			return ref;
		});

export function fieldName(path: readonly PropertyKey[]): string {
	let out = '';
	for (const part of path) {
		if (typeof part === 'number') out += `[${part}]`;
		else out += out ? `.${String(part)}` : String(part);
	}
	return out;
}

function loadFile(root: string, collection: CollectionName, file: string, problems: Problem[], options: ValidateOptions): LoadedItem | undefined {
	const rel = relative(root, file) || file;
	const source = readFileSync(file, 'utf8');
	let yamlText = source;
	let body = '';
	let offset = 0;
	if (collectionFormat[collection] === 'mdx') {
		const split = splitFrontmatter(source);
		if (!split) {
			problems.push({ file: rel, line: 1, field: '', message: 'must start with a YAML frontmatter block between --- lines' });
			return undefined;
		}
		({ yaml: yamlText, body, offset } = split);
		options.onMdxBody?.(resolve(file), rel, body);
	}
	// js-yaml reads the data exactly as Astro's loader does (YAML 1.1 dates and numbers) and is
	// fast; the slower `yaml` Document, which knows where each node is, is built only when a
	// problem needs a line number.
	let data: unknown;
	try {
		data = load(yamlText, { filename: rel });
	} catch (error) {
		const mark = (error as { mark?: { line: number } }).mark;
		const reason = (error as { reason?: string }).reason ?? String(error);
		problems.push({ file: rel, line: (mark?.line ?? 0) + 1 + offset, field: '', message: `YAML: ${reason}` });
		return undefined;
	}
	let doc: Document | undefined;
	let lineCounter: LineCounter | undefined;
	const lineAt = (node: Node | null | undefined) =>
		node?.range && lineCounter ? lineCounter.linePos(node.range[0]).line + offset : 1 + offset;
	const lineOf = (path: readonly PropertyKey[]) => {
		if (!doc) {
			lineCounter = new LineCounter();
			doc = parseDocument(yamlText, { lineCounter, version: '1.1', uniqueKeys: true, prettyErrors: false });
		}
		for (let n = path.length; n >= 0; n--) {
			const sub = path.slice(0, n).map((p) => (typeof p === 'symbol' ? String(p) : p));
			const node = doc.getIn(sub, true) as Node | undefined;
			if (node && typeof node === 'object') {
				// For a key that holds a value, the line of its key is the useful one.
				if (n > 0 && sub.length > 0) {
					const parent = n > 1 ? doc.getIn(sub.slice(0, -1), true) : doc.contents;
					if (isMap(parent)) {
						const pair = parent.items.find((item) => (item.key as { value?: unknown } | null)?.value === sub[sub.length - 1]);
						if (pair?.key) return lineAt(pair.key as Node);
					} else if (isSeq(parent)) {
						return lineAt(node);
					}
				}
				return lineAt(node);
			}
		}
		return 1 + offset;
	};
	if (collectionFormat[collection] === 'mdx') rememberFrontmatter(resolve(file), source, data);
	return { collection, id: idFromPath(file), file: rel, data: data ?? {}, body, lineOf, rawLineCount: source.split('\n').length };
}

function collectRefs(value: unknown, path: PropertyKey[], out: FoundRef[]): void {
	if (value && typeof value === 'object') {
		if (refMarks.has(value)) {
			const mark = value as RefMark;
			out.push({ collection: mark.collection, id: mark.id, path });
			return;
		}
		for (const [key, child] of Object.entries(value)) {
			collectRefs(child, [...path, Array.isArray(value) ? Number(key) : key], out);
		}
	}
}

export interface ValidateOptions {
	/** Called with each MDX body as its file is read (absolute path, path from root, body). */
	onMdxBody?: (path: string, file: string, body: string) => void;
	/** Read the files ahead on another thread (src/lib/read-ahead.ts): for builds, not tests. */
	readAhead?: boolean;
}

export interface ValidationResult {
	problems: Problem[];
	items: LoadedItem[];
}

/** Validates the content folder at `contentDir`; paths in problems are relative to `root`. */
export function validateContent(contentDir: string, root = join(contentDir, '..'), options: ValidateOptions = {}): ValidationResult {
	const problems: Problem[] = [];
	const items: LoadedItem[] = [];
	const refs: { item: LoadedItem; ref: FoundRef }[] = [];
	const ids = new Map<CollectionName, Map<string, LoadedItem>>();
	const aliasOwners = new Map<CollectionName, Map<string, LoadedItem>>();

	for (const entry of readdirSync(contentDir)) {
		if (!(collectionNames as readonly string[]).includes(entry) && !entry.startsWith('.')) {
			problems.push({ file: relative(root, join(contentDir, entry)), line: 1, field: '', message: `unknown collection folder; expected one of ${collectionNames.join(', ')}` });
		}
	}

	const filesOf = new Map(
		collectionNames.map((collection): [CollectionName, string[]] => {
			try {
				return [collection, readdirSync(join(contentDir, collection)).sort()];
			} catch {
				return [collection, []];
			}
		}),
	);
	// If the loop below throws, the reader is left to finish on its own (it holds nothing open).
	const stopReading = options.readAhead
		? readAhead(collectionNames.flatMap((collection) => filesOf.get(collection)!.map((name) => join(contentDir, collection, name))))
		: () => undefined;
	for (const collection of collectionNames) {
		const dir = join(contentDir, collection);
		const seen = new Map<string, LoadedItem>();
		ids.set(collection, seen);
		aliasOwners.set(collection, new Map());
		const files = filesOf.get(collection)!;
		const schema = (schemaFactories[collection] as (ctx: { ref: RefFn }) => z.ZodType)({ ref: markRef });
		for (const name of files) {
			const file = join(dir, name);
			const rel = relative(root, file);
			if (statSync(file).isDirectory() || name.startsWith('.')) {
				problems.push({ file: rel, line: 1, field: '', message: 'unexpected entry; collections hold flat files only' });
				continue;
			}
			const ext = collectionFormat[collection];
			if (!name.endsWith(`.${ext}`)) {
				problems.push({ file: rel, line: 1, field: '', message: `unexpected file type; ${collection} entries are .${ext} files` });
				continue;
			}
			const item = loadFile(root, collection, file, problems, options);
			if (!item) {
				// The file is reported; its id still exists, so links to it are not reported again.
				const id = idFromPath(file);
				seen.set(id.toLowerCase(), { collection, id, file: rel, data: {}, body: '', lineOf: () => 1 });
				continue;
			}
			if (!idPattern.test(item.id)) {
				problems.push({ file: rel, line: 1, field: '(id)', message: `id "${item.id}" may only hold letters, digits, ".", "_" and "-"` });
			}
			if (collection === 'kernel-versions' && !kernelVersionPattern.test(item.id)) {
				problems.push({ file: rel, line: 1, field: '(id)', message: `malformed version "${item.id}"; name the file after a mainline release such as 5.12.yaml` });
			}
			if (collection === 'cves' && !/^CVE-\d{4}-\d{4,}$/.test(item.id)) {
				problems.push({ file: rel, line: 1, field: '(id)', message: `"${item.id}" is not a CVE id such as CVE-2021-22543` });
			}
			const key = item.id.toLowerCase();
			const twin = seen.get(key);
			if (twin) {
				problems.push({ file: rel, line: 1, field: '(id)', message: `duplicate id "${item.id}": ${twin.file} has the same id` });
				continue;
			}
			seen.set(key, item);
			const result = schema.safeParse(item.data);
			if (!result.success) {
				for (const issue of result.error.issues) {
					const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
					for (const extra of keys) {
						const path = extra === undefined ? issue.path : [...issue.path, extra];
						const message = extra === undefined ? issue.message : `unknown key "${extra}"`;
						problems.push({ file: rel, line: item.lineOf(path), field: fieldName(path), message });
					}
				}
				continue;
			}
			items.push(item);
			if (collectionFormat[collection] === 'mdx') rememberChecked(resolve(file), result.data);
			const found: FoundRef[] = [];
			collectRefs(result.data, [], found);
			for (const ref of found) refs.push({ item, ref });
			item.data = result.data;
		}
	}
	stopReading();

	// Aliases: each old id belongs to one item and never shadows a live id.
	for (const item of items) {
		const list = ((item.data as { aliases?: string[] }).aliases ?? []);
		list.forEach((alias, index) => {
			const owners = aliasOwners.get(item.collection)!;
			const live = ids.get(item.collection)!.get(alias.toLowerCase());
			const other = owners.get(alias.toLowerCase());
			if (live) {
				problems.push({ file: item.file, line: item.lineOf(['aliases', index]), field: `aliases[${index}]`, message: `duplicate id "${alias}": it is the id of ${live.file}` });
			} else if (other) {
				problems.push({ file: item.file, line: item.lineOf(['aliases', index]), field: `aliases[${index}]`, message: `duplicate id "${alias}": already an alias of ${other.file}` });
			} else {
				owners.set(alias.toLowerCase(), item);
			}
		});
	}

	for (const { item, ref } of refs) {
		const target = ids.get(ref.collection)?.get(ref.id.toLowerCase());
		const field = fieldName(ref.path);
		if (target?.id === ref.id) continue;
		const line = item.lineOf(ref.path);
		if (!target) {
			const aliased = aliasOwners.get(ref.collection)?.get(ref.id.toLowerCase());
			const message = aliased
				? `"${ref.id}" is an old id of ${ref.collection}/${aliased.id}; link to "${aliased.id}"`
				: `reference to a missing item: no ${ref.collection}/${ref.id} in content/${ref.collection}/`;
			problems.push({ file: item.file, line, field, message });
		} else if (target.id !== ref.id) {
			problems.push({ file: item.file, line, field, message: `"${ref.id}" differs in case from the id "${target.id}"` });
		}
	}

	problems.push(...checkOrder(items));
	problems.push(...checkBodies(items));
	return { problems, items };
}

/** Timelines run oldest first and never end before they start; versions compare numerically. */
function checkOrder(items: LoadedItem[]): Problem[] {
	const problems: Problem[] = [];
	const versionOf = (value: unknown) => (value as RefMark | undefined)?.id;
	for (const item of items) {
		const data = item.data as Record<string, unknown>;
		for (const list of ['timeline', 'behaviour', 'signatures'] as const) {
			const events = data[list] as { version: RefMark }[] | undefined;
			events?.forEach((event, index) => {
				const previous = events[index - 1];
				if (previous && compareVersions(event.version.id, previous.version.id) < 0) {
					problems.push({
						file: item.file,
						line: item.lineOf([list, index, 'version']),
						field: `${list}[${index}].version`,
						message: `"${event.version.id}" comes before "${previous.version.id}" of the previous event; list events oldest first`,
					});
				}
			});
		}
		const introduced = versionOf(data['introducedIn']);
		const removed = versionOf(data['removedIn']);
		if (introduced && removed && compareVersions(removed, introduced) <= 0) {
			problems.push({ file: item.file, line: item.lineOf(['removedIn']), field: 'removedIn', message: `"${removed}" is not after introducedIn "${introduced}"` });
		}
		const first = (data['timeline'] as { version: RefMark }[] | undefined)?.[0];
		if (introduced && first && compareVersions(first.version.id, introduced) < 0) {
			problems.push({ file: item.file, line: item.lineOf(['timeline', 0, 'version']), field: 'timeline[0].version', message: `"${first.version.id}" is before introducedIn "${introduced}"` });
		}
	}
	return problems;
}

