/**
 * What the command-line tool knows, read straight from the content folder with the validator
 * (no site build needed): the identifiers to look for and, for each, the API or uABI entry with
 * its status in the newest release, its replacements, the users that call it and the URLs to cite.
 */
import { join, resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { validateContent } from '../lib/validate.ts';
import { compareVersions } from '../lib/kernel-version.ts';
import { SITE_URL } from '../site.ts';
import { routeOf } from '../lib/routes.ts';
import type { Status } from '../schemas/shared.ts';

/** The pieces of the schemas the tool reads; references are marked objects with an `id`. */
type Ref = { id: string };
interface ApiData {
	title: string;
	symbols: string[];
	safety: 'unsafe' | 'lock-scoped' | 'safe';
	definedIn: string;
	header?: string;
	removedIn?: Ref;
	replacedBy: Ref[];
}
interface UabiData {
	title: string;
	identifiers: string[];
	behaviour: { version: Ref; status: Status; condition?: string }[];
	replacements: Ref[];
}
interface UserData {
	title: string;
	files: { path: string }[];
	apis: Ref[];
	uabis: Ref[];
}
interface SubsystemData {
	title: string;
	paths: string[];
}

/** A link to another page of the site. */
export interface PageLink {
	id: string;
	title: string;
	/** Absolute URL, or null when the entry is referenced but does not exist (yet). */
	url: string | null;
}

/** An in-tree user of an entry, linked to its migration section. */
export interface UserLink {
	id: string;
	title: string;
	/** `<site>/users/<id>/#migration`. */
	url: string;
	/** Kernel files the user entry lists. */
	files: string[];
}

export interface Entry {
	kind: 'api' | 'uabi';
	id: string;
	title: string;
	identifiers: string[];
	/** One word: `removed`, an API's safety, or a uABI's newest behaviour status. */
	status: Status | 'lock-scoped';
	/** The status in words, e.g. "removed in v6.1", "unsafe, still in v6.1", "rejected since v6.1". */
	statusText: string;
	/** API only. */
	safety?: ApiData['safety'];
	/** Release of the status: removal, or the newest behaviour event. */
	since?: string;
	/** uABI only: the condition of the newest behaviour event. */
	condition?: string;
	replacements: PageLink[];
	/** The page: `<site>/apis/<id>/` or `<site>/uabi/<id>/`. */
	url: string;
	/** The page and the section to cite: `#signatures` for an API, `#timeline` for a uABI. */
	cite: string;
	/** The section that lists every user: `#callers` for an API, `#users` for a uABI. */
	usersUrl: string;
	/** Users that call the API or sit behind the uABI. */
	users: UserLink[];
	/** API only: files that define or declare it. */
	definedIn: string[];
}

export interface SubsystemInfo {
	id: string;
	title: string;
	paths: string[];
	url: string;
}

export interface Knowledge {
	contentDir: string;
	site: string;
	/** Newest kernel release in the knowledge base, e.g. "6.18". */
	newest: string | undefined;
	entries: Entry[];
	/** Identifier (as written in the content) → entries that list it. */
	byIdentifier: Map<string, Entry[]>;
	subsystems: SubsystemInfo[];
	/** Kernel file path → users that list it. */
	usersByFile: Map<string, UserLink[]>;
	/** Number of content problems the validator found (entries with problems are left out). */
	problems: number;
}

export class KnowledgeError extends Error {}

/**
 * The content folder to read: UABI_KB_CONTENT (relative to the working directory, as for the
 * site), else the content/ folder of this package wherever the command is run from.
 */
export function resolveContentDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
	const override = env['UABI_KB_CONTENT'];
	// The rule of src/lib/content-dir.ts, but with this package's folder as the default root, so
	// that the command works from anywhere (a kernel tree, say).
	return override ? resolve(cwd, override) : resolve(join(import.meta.dirname, '..', '..'), 'content');
}

// The site's URL scheme, from the one module that defines it.
const routes = { api: routeOf.apis, uabi: routeOf.uabis, users: routeOf.users, subsystems: routeOf.subsystems } as const;

export function loadKnowledge(dir: string, site: string = SITE_URL): Knowledge {
	if (!existsSync(dir) || !statSync(dir).isDirectory()) {
		throw new KnowledgeError(`no knowledge base at ${dir} (set UABI_KB_CONTENT to a content folder)`);
	}
	const base = site.replace(/\/+$/, '');
	const page = (route: string, id: string) => `${base}/${route}/${id}/`;
	let validated: ReturnType<typeof validateContent>;
	try {
		validated = validateContent(dir);
	} catch (error) {
		throw new KnowledgeError(`cannot read the knowledge base at ${dir}: ${(error as Error).message}`);
	}
	const { problems, items } = validated;
	const of = <T>(collection: string) =>
		items.filter((item) => item.collection === collection).map((item) => ({ id: item.id, data: item.data as T }));
	const apis = of<ApiData>('apis');
	const uabis = of<UabiData>('uabis');
	const users = of<UserData>('users');
	const versions = items.filter((item) => item.collection === 'kernel-versions').map((item) => item.id);
	versions.sort(compareVersions);
	const newest = versions[versions.length - 1];

	const userLinks = new Map(
		users.map((u) => [u.id, { id: u.id, title: u.data.title, url: `${page(routes.users, u.id)}#migration`, files: u.data.files.map((f) => f.path) }]),
	);
	const link = (kind: 'api' | 'uabi', list: { id: string; data: { title: string } }[], ref: Ref): PageLink => {
		const target = list.find((item) => item.id === ref.id);
		return target ? { id: target.id, title: target.data.title, url: page(routes[kind], target.id) } : { id: ref.id, title: ref.id, url: null };
	};
	const usersWith = (pick: (u: UserData) => Ref[], id: string) =>
		users.filter((u) => pick(u.data).some((r) => r.id === id)).map((u) => userLinks.get(u.id)!);

	const entries: Entry[] = [];
	for (const api of apis) {
		const d = api.data;
		const removed = d.removedIn?.id;
		const url = page(routes.api, api.id);
		const entry: Entry = {
			kind: 'api',
			id: api.id,
			title: d.title,
			identifiers: d.symbols,
			status: removed ? 'removed' : d.safety,
			statusText: removed ? `removed in v${removed}` : newest ? `${d.safety}, still in v${newest}` : d.safety,
			safety: d.safety,
			replacements: d.replacedBy.map((ref) => link('api', apis, ref)),
			url,
			cite: `${url}#signatures`,
			usersUrl: `${url}#callers`,
			users: usersWith((u) => u.apis, api.id),
			definedIn: [d.definedIn, ...(d.header ? [d.header] : [])],
		};
		if (removed) entry.since = removed;
		entries.push(entry);
	}
	for (const uabi of uabis) {
		const d = uabi.data;
		const last = d.behaviour[d.behaviour.length - 1]!;
		const url = page(routes.uabi, uabi.id);
		const entry: Entry = {
			kind: 'uabi',
			id: uabi.id,
			title: d.title,
			identifiers: d.identifiers,
			status: last.status,
			statusText: `${last.status} since v${last.version.id}${last.condition ? ` when ${last.condition}` : ''}`,
			since: last.version.id,
			replacements: d.replacements.map((ref) => link('uabi', uabis, ref)),
			url,
			cite: `${url}#timeline`,
			usersUrl: `${url}#users`,
			users: usersWith((u) => u.uabis, uabi.id),
			definedIn: [],
		};
		if (last.condition) entry.condition = last.condition;
		entries.push(entry);
	}
	entries.sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));

	const byIdentifier = new Map<string, Entry[]>();
	for (const entry of entries) {
		for (const identifier of entry.identifiers) {
			const list = byIdentifier.get(identifier) ?? [];
			if (!list.includes(entry)) list.push(entry);
			byIdentifier.set(identifier, list);
		}
	}
	const usersByFile = new Map<string, UserLink[]>();
	for (const user of userLinks.values()) {
		for (const file of new Set(user.files)) usersByFile.set(file, [...(usersByFile.get(file) ?? []), user]);
	}
	const subsystems = of<SubsystemData>('subsystems').map((s) => ({
		id: s.id,
		title: s.data.title,
		paths: s.data.paths,
		url: page(routes.subsystems, s.id),
	}));
	const knowledge: Knowledge = { contentDir: dir, site: base, newest, entries, byIdentifier, subsystems, usersByFile, problems: problems.length };
	if (entries.length === 0) throw new KnowledgeError(`the knowledge base at ${dir} has no APIs or uABIs`);
	return knowledge;
}

/** The subsystem a kernel path belongs to: the longest matching `paths` prefix, or undefined. */
export function subsystemOf(knowledge: Pick<Knowledge, 'subsystems'>, path: string): SubsystemInfo | undefined {
	let best: SubsystemInfo | undefined;
	let bestLength = -1;
	for (const subsystem of knowledge.subsystems) {
		for (const prefix of subsystem.paths) {
			const matches = prefix.endsWith('/') ? path.startsWith(prefix) : path === prefix || path.startsWith(`${prefix}/`);
			if (matches && prefix.length > bestLength) {
				best = subsystem;
				bestLength = prefix.length;
			}
		}
	}
	return best;
}
