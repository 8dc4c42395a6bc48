/**
 * The only module that reads Astro's content store. It loads every collection once per build,
 * resolves references into plain ids, and computes every backlink (callers of an API, users of
 * a uABI, what changed in a version, who cites a thread). Components receive what it returns.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import type { Status } from '../schemas/shared.ts';
import { compareVersions } from './kernel-version.ts';
import { dataOf } from './body.ts';

type Ref<C extends string = string> = { collection: C; id: string };
export type UserEntry = CollectionEntry<'users'>;
export type ApiEntry = CollectionEntry<'apis'>;
export type UabiEntry = CollectionEntry<'uabis'>;
export type SubsystemEntry = CollectionEntry<'subsystems'>;
export type VersionEntry = CollectionEntry<'kernel-versions'>;
export type CveEntry = CollectionEntry<'cves'>;
export type ThreadEntry = CollectionEntry<'threads'>;
export type GuideEntry = CollectionEntry<'guides'>;
export type TimelineEvent = UserEntry['data']['timeline'][number];

export { routeOf, urlOf, type CollectionKey } from './routes.ts';
export { eventAnchor } from './anchors.ts';


/** An event of any item, placed in a version: what the matrix, versions and timeline read. */
export interface PlacedEvent {
	owner: { collection: 'users' | 'uabis'; id: string; title: string };
	index: number;
	event: TimelineEvent;
}

export interface Kb {
	users: UserEntry[];
	apis: ApiEntry[];
	uabis: UabiEntry[];
	subsystems: SubsystemEntry[];
	versions: VersionEntry[];
	cves: CveEntry[];
	threads: ThreadEntry[];
	guides: GuideEntry[];
	byId: {
		users: Map<string, UserEntry>;
		apis: Map<string, ApiEntry>;
		uabis: Map<string, UabiEntry>;
		subsystems: Map<string, SubsystemEntry>;
		versions: Map<string, VersionEntry>;
		cves: Map<string, CveEntry>;
		threads: Map<string, ThreadEntry>;
		guides: Map<string, GuideEntry>;
	};
}

const byTitle = <T extends { id: string; data: object }>(items: T[], title: (item: T) => string) =>
	[...items].sort((a, b) => title(a).localeCompare(title(b), 'en') || a.id.localeCompare(b.id));

const index = <T extends { id: string }>(items: T[]) => new Map(items.map((item) => [item.id, item]));

let cache: Promise<Kb> | undefined;

/**
 * Entries of the MDX collections with their data: src/lib/loader.ts keeps it beside the bodies,
 * not in Astro's store, and it is exactly what the collection schema returned for the entry.
 */
const withData = <E extends { id: string; collection: string; data: unknown }>(entries: E[]): E[] =>
	entries.map((entry) => ({ ...entry, data: dataOf(entry) as E['data'] }));

/** Every collection, loaded once and sorted for display. */
export function getKb(): Promise<Kb> {
	cache ??= (async () => {
		const [users, apis, uabis, subsystems, versions, cves, threads, guides] = await Promise.all([
			getCollection('users').then(withData),
			getCollection('apis').then(withData),
			getCollection('uabis').then(withData),
			getCollection('subsystems'),
			getCollection('kernel-versions'),
			getCollection('cves'),
			getCollection('threads'),
			getCollection('guides').then(withData),
		]);
		const kb: Kb = {
			users: byTitle(users, (u) => u.data.title),
			apis: byTitle(apis, (a) => a.data.title),
			uabis: byTitle(uabis, (u) => u.data.title),
			subsystems: byTitle(subsystems, (s) => s.data.title),
			versions: [...versions].sort((a, b) => compareVersions(a.id, b.id)),
			cves: [...cves].sort((a, b) => a.id.localeCompare(b.id)),
			threads: [...threads].sort((a, b) => a.data.date.getTime() - b.data.date.getTime() || a.id.localeCompare(b.id)),
			guides: byTitle(guides, (g) => g.data.title),
			byId: {
				users: index(users),
				apis: index(apis),
				uabis: index(uabis),
				subsystems: index(subsystems),
				versions: index(versions),
				cves: index(cves),
				threads: index(threads),
				guides: index(guides),
			},
		};
		return kb;
	})();
	return cache;
}

/** Resolves references to entries; the validator guarantees that each one exists. */
export function resolve<T>(map: Map<string, T>, refs: readonly Ref[] | undefined): T[] {
	return (refs ?? []).map((ref) => {
		const item = map.get(ref.id);
		if (!item) throw new Error(`unresolved reference ${ref.collection}/${ref.id}`);
		return item;
	});
}

export function resolveOne<T>(map: Map<string, T>, ref: Ref): T {
	return resolve(map, [ref])[0]!;
}


/** The status an item has now: the status of its newest event. */
export function statusNow(events: readonly { status: Status }[]): Status {
	return events[events.length - 1]?.status ?? 'unsafe';
}

/** The status in force in `version`: the newest event at or before it, or undefined before the first. */
export function statusAt(events: readonly TimelineEvent[], version: string): TimelineEvent | undefined {
	let found: TimelineEvent | undefined;
	for (const event of events) {
		if (compareVersions(event.version.id, version) <= 0) found = event;
	}
	return found;
}

// Backlinks. Each relation is stored once, on the side listed in the schema; these compute the
// other side. Each relation is indexed once per build (a Map from target id to sources), so a
// page asks in O(1) and a build of N entries stays linear.

const indexes = new WeakMap<Kb, Map<string, Map<string, unknown[]>>>();

/** Groups `items` by every id `keys` returns for them, once per build and relation name. */
function backlinks<T>(kb: Kb, name: string, items: readonly T[], keys: (item: T) => readonly Ref[] | undefined): Map<string, T[]> {
	let perKb = indexes.get(kb);
	if (!perKb) indexes.set(kb, (perKb = new Map()));
	let index = perKb.get(name) as Map<string, T[]> | undefined;
	if (!index) {
		index = new Map();
		for (const item of items) {
			for (const ref of keys(item) ?? []) {
				let list = index.get(ref.id);
				if (!list) index.set(ref.id, (list = []));
				// An item lists an id at most once per relation; its own repeats are consecutive.
				if (list[list.length - 1] !== item) list.push(item);
			}
		}
		perKb.set(name, index as Map<string, unknown[]>);
	}
	return index;
}

export const callersOf = (kb: Kb, apiId: string) => backlinks(kb, 'callers', kb.users, (u) => u.data.apis).get(apiId) ?? [];
export const replacementFor = (kb: Kb, apiId: string) => ({
	apis: backlinks(kb, 'replacedBy', kb.apis, (a) => a.data.replacedBy).get(apiId) ?? [],
	users: backlinks(kb, 'migrationApis', kb.users, (u) => u.data.migration.apis).get(apiId) ?? [],
});
export const usersOfUabi = (kb: Kb, uabiId: string) => backlinks(kb, 'uabiUsers', kb.users, (u) => u.data.uabis).get(uabiId) ?? [];
export const uabisReplacedBy = (kb: Kb, uabiId: string) => backlinks(kb, 'uabiReplacements', kb.uabis, (u) => u.data.replacements).get(uabiId) ?? [];
export const usersMigratingTo = (kb: Kb, uabiId: string) => backlinks(kb, 'migrationUabis', kb.users, (u) => u.data.migration.uabis).get(uabiId) ?? [];
export const guidesFor = (kb: Kb, kind: 'users' | 'apis' | 'uabis', id: string) =>
	backlinks(kb, `guides-${kind}`, kb.guides, (g) => g.data[kind]).get(id) ?? [];
export const usersWithCve = (kb: Kb, cveId: string) => backlinks(kb, 'cveUsers', kb.users, (u) => u.data.security.cves).get(cveId) ?? [];

export function inSubsystem(kb: Kb, subsystemId: string) {
	return {
		users: backlinks(kb, 'subsystemUsers', kb.users, (u) => [u.data.subsystem]).get(subsystemId) ?? [],
		uabis: backlinks(kb, 'subsystemUabis', kb.uabis, (u) => [u.data.subsystem]).get(subsystemId) ?? [],
		children: backlinks(kb, 'subsystemChildren', kb.subsystems, (s) => (s.data.parent ? [s.data.parent] : [])).get(subsystemId) ?? [],
	};
}

/**
 * What relatedUsers() reads, per kb: each backlink list as positions in kb.users (title order),
 * and one score per user, reset after each call. Typed arrays instead of a Map keyed by entry:
 * at 5,000 users the Map version was 1 s of the render phase (CPU profile, README).
 */
interface RelatedIndex {
	position: Map<UserEntry, number>;
	lists: Map<string, Int32Array>;
	score: Int32Array;
}
const relatedIndexes = new WeakMap<Kb, RelatedIndex>();

function relatedIndex(kb: Kb): RelatedIndex {
	let found = relatedIndexes.get(kb);
	if (!found) relatedIndexes.set(kb, (found = { position: new Map(kb.users.map((u, i) => [u, i])), lists: new Map(), score: new Int32Array(kb.users.length) }));
	return found;
}

function positions(related: RelatedIndex, key: string, users: () => readonly UserEntry[]): Int32Array {
	let list = related.lists.get(key);
	if (!list) related.lists.set(key, (list = Int32Array.from(users(), (u) => related.position.get(u)!)));
	return list;
}

/**
 * Up to `limit` other users, those sharing the most APIs first, then those of the same subsystem,
 * ties in title order. Linear in the candidates: only the best `limit` are kept (no sort of every
 * candidate, which dominated large builds).
 */
export function relatedUsers(kb: Kb, user: UserEntry, limit = 8): UserEntry[] {
	const related = relatedIndex(kb);
	const { score } = related;
	const touched: number[] = [];
	const add = (list: Int32Array, points: number) => {
		for (const at of list) {
			if (score[at] === 0) touched.push(at);
			score[at]! += points;
		}
	};
	for (const api of user.data.apis) add(positions(related, `api:${api.id}`, () => callersOf(kb, api.id)), 2);
	const subsystem = user.data.subsystem.id;
	add(positions(related, `subsystem:${subsystem}`, () => inSubsystem(kb, subsystem).users), 1);
	const self = related.position.get(user);
	// Higher score first; on a tie, the earlier title (lower position).
	const better = (a: number, b: number) => score[a]! > score[b]! || (score[a] === score[b] && a < b);
	const best: number[] = [];
	for (const candidate of touched) {
		if (candidate === self) continue;
		if (best.length === limit && !better(candidate, best[limit - 1]!)) continue;
		let at = best.length;
		while (at > 0 && better(candidate, best[at - 1]!)) at--;
		best.splice(at, 0, candidate);
		if (best.length > limit) best.pop();
	}
	for (const at of touched) score[at] = 0;
	return best.map((at) => kb.users[at]!);
}

export function citersOfThread(kb: Kb, threadId: string) {
	return {
		users: backlinks(kb, 'threadUsers', kb.users, (u) => u.data.threads).get(threadId) ?? [],
		apis: backlinks(kb, 'threadApis', kb.apis, (a) => a.data.threads).get(threadId) ?? [],
		uabis: backlinks(kb, 'threadUabis', kb.uabis, (u) => u.data.threads).get(threadId) ?? [],
	};
}

/** Every user and uABI event, oldest version first. */
const eventsCache = new WeakMap<Kb, PlacedEvent[]>();
export function allEvents(kb: Kb): PlacedEvent[] {
	const cached = eventsCache.get(kb);
	if (cached) return cached;
	const placed: PlacedEvent[] = [];
	for (const user of kb.users) {
		user.data.timeline.forEach((event, index) =>
			placed.push({ owner: { collection: 'users', id: user.id, title: user.data.title }, index, event }),
		);
	}
	for (const uabi of kb.uabis) {
		uabi.data.behaviour.forEach((event, index) =>
			placed.push({ owner: { collection: 'uabis', id: uabi.id, title: uabi.data.title }, index, event }),
		);
	}
	placed.sort(
		(a, b) =>
			compareVersions(a.event.version.id, b.event.version.id) ||
			(a.event.date?.getTime() ?? 0) - (b.event.date?.getTime() ?? 0) ||
			a.owner.title.localeCompare(b.owner.title, 'en'),
	);
	eventsCache.set(kb, placed);
	return placed;
}

/** The timeline events (of users and uABIs) that happened in a kernel version, in allEvents order. */
export const eventsInVersion = (kb: Kb, versionId: string) => backlinks(kb, 'versionEvents', allEvents(kb), (p) => [p.event.version]).get(versionId) ?? [];

export function inVersion(kb: Kb, versionId: string) {
	return {
		events: eventsInVersion(kb, versionId),
		introducedUsers: backlinks(kb, 'versionUsers', kb.users, (u) => [u.data.introducedIn]).get(versionId) ?? [],
		apisIntroduced: kb.apis.filter((a) => a.data.introducedIn.id === versionId),
		apisRemoved: kb.apis.filter((a) => a.data.removedIn?.id === versionId),
		signatureChanges: kb.apis.flatMap((api) =>
			api.data.signatures.filter((s) => s.version.id === versionId).map((signature) => ({ api, signature })),
		),
		cveFixes: kb.cves.flatMap((cve) => cve.data.fixes.filter((f) => f.version.id === versionId).map((fix) => ({ cve, fix }))),
	};
}

export const newestVersion = (kb: Kb) => kb.versions[kb.versions.length - 1];
