/**
 * The story as one dated list: status events of users and uABIs, API introductions and removals,
 * key threads and CVE disclosures. An event without its own date is placed at the release date
 * of its version and says so.
 */
import { allEvents, eventAnchor, urlOf, type Kb } from './queries.ts';
import { formatDate } from './links.ts';
import type { Status } from '../schemas/shared.ts';

export interface StoryItem {
	date: string;
	/** True when `date` is the release date of the version, not the event's own date. */
	approximate: boolean;
	version?: string;
	kind: 'event' | 'thread' | 'cve' | 'api';
	title: string;
	text: string;
	href: string;
	status?: Status;
	commit?: string;
}

export function story(kb: Kb): StoryItem[] {
	const released = (version: string) => formatDate(kb.byId.versions.get(version)!.data.released);
	const items: StoryItem[] = [];
	for (const placed of allEvents(kb)) {
		const events =
			placed.owner.collection === 'users'
				? kb.byId.users.get(placed.owner.id)!.data.timeline
				: kb.byId.uabis.get(placed.owner.id)!.data.behaviour;
		const { event } = placed;
		items.push({
			date: event.date ? formatDate(event.date) : released(event.version.id),
			approximate: !event.date,
			version: event.version.id,
			kind: 'event',
			title: placed.owner.title,
			text: event.change,
			href: `${urlOf(placed.owner.collection, placed.owner.id)}#${eventAnchor(events, placed.index)}`,
			status: event.status,
			...(event.commits[0] ? { commit: event.commits[0].id } : {}),
		});
	}
	for (const api of kb.apis) {
		items.push({ date: released(api.data.introducedIn.id), approximate: true, version: api.data.introducedIn.id, kind: 'api', title: api.data.title, text: `${api.data.title} appears`, href: urlOf('apis', api.id) });
		if (api.data.removedIn) {
			items.push({ date: released(api.data.removedIn.id), approximate: true, version: api.data.removedIn.id, kind: 'api', title: api.data.title, text: `${api.data.title} is removed`, href: urlOf('apis', api.id) });
		}
	}
	for (const thread of kb.threads) {
		items.push({ date: formatDate(thread.data.date), approximate: false, kind: 'thread', title: thread.data.subject, text: `Discussion started by ${thread.data.author}`, href: urlOf('threads', thread.id) });
	}
	for (const cve of kb.cves) {
		if (cve.data.published) {
			items.push({ date: formatDate(cve.data.published), approximate: false, kind: 'cve', title: cve.id, text: `${cve.id} disclosed: ${cve.data.title}`, href: urlOf('cves', cve.id) });
		}
	}
	return items.sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind) || a.title.localeCompare(b.title, 'en') || a.href.localeCompare(b.href));
}

/** Above this many dated events, /timeline/ lists years and each year is its own page. */
export const TIMELINE_INLINE_LIMIT = 1500;

export const storyYears = (items: readonly StoryItem[]) => [...new Set(items.map((i) => i.date.slice(0, 4)))];
