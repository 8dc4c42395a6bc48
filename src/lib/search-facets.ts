/**
 * What Pagefind learns about each item page besides its text: filters (facets) and metadata for
 * result cards. Computed from the structured data, never from prose, so that a facet returns
 * exactly the items whose data says so.
 */
import type { Kb, UserEntry, UabiEntry, ApiEntry } from './queries.ts';
import { statusNow } from './queries.ts';
import type { Status } from '../schemas/shared.ts';

import type { FacetName } from './facet-names.ts';

export type { FacetName };
export type Facets = Partial<Record<FacetName, string[]>>;
export interface SearchData {
	facets: Facets;
	meta: Record<string, string>;
}

/** Statuses after which the unsafe path is closed, refused or gone. */
const closing: readonly Status[] = ['fixed', 'rejected', 'removed'];

/** First release from which the item is no longer unsafe, or "not fixed". */
export function fixedIn(events: readonly { status: Status; version: { id: string } }[]): string {
	const now = statusNow(events);
	if (!closing.includes(now) && now !== 'safe') return 'not fixed';
	// Walk back to the start of the final run of closing statuses.
	let index = events.length - 1;
	while (index > 0 && closing.includes(events[index - 1]!.status)) index--;
	return events[index]!.version.id;
}

export function userSearchData(kb: Kb, user: UserEntry): SearchData {
	const d = user.data;
	const status = statusNow(d.timeline);
	const subsystem = kb.byId.subsystems.get(d.subsystem.id)!;
	return {
		facets: {
			kind: ['user'],
			subsystem: [subsystem.id],
			status: [status],
			api: d.apis.map((a) => a.id),
			uabi: d.uabis.map((u) => u.id),
			'fixed-in': [fixedIn(d.timeline)],
			'has-cve': [d.security.cves.length > 0 ? 'yes' : 'no'],
		},
		meta: { kind: 'user', subsystem: subsystem.data.title, status },
	};
}

export function uabiSearchData(kb: Kb, uabi: UabiEntry): SearchData {
	const d = uabi.data;
	const status = statusNow(d.behaviour);
	const subsystem = kb.byId.subsystems.get(d.subsystem.id)!;
	return {
		facets: { kind: ['uabi'], subsystem: [subsystem.id], status: [status], uabi: [uabi.id], 'fixed-in': [fixedIn(d.behaviour)] },
		meta: { kind: 'uABI', subsystem: subsystem.data.title, status, identifiers: d.identifiers.join(' ') },
	};
}

export function apiSearchData(api: ApiEntry): SearchData {
	return {
		facets: { kind: ['api'], api: [api.id] },
		meta: { kind: 'API', status: api.data.removedIn ? `removed in ${api.data.removedIn.id}` : api.data.safety, identifiers: api.data.symbols.join(' ') },
	};
}

export function simpleSearchData(kind: 'subsystem' | 'version' | 'cve' | 'thread' | 'guide', extra: Facets = {}): SearchData {
	const label = { subsystem: 'subsystem', version: 'kernel version', cve: 'CVE', thread: 'thread', guide: 'guide' }[kind];
	return { facets: { kind: [kind], ...extra }, meta: { kind: label } };
}
