/** Builds /data/kb.json from the loaded knowledge base (see src/schemas/export.ts for the shape). */
import { SITE_URL } from '../site.ts';
import { EXPORT_VERSION, type KbExport } from '../schemas/export.ts';
import type { Source } from '../schemas/shared.ts';
import { commitUrl, formatDate, loreUrl, viewSource } from './links.ts';
import {
	allEvents,
	callersOf,
	citersOfThread,
	eventsInVersion,
	eventAnchor,
	guidesFor,
	inSubsystem,
	replacementFor,
	resolve,
	statusNow,
	uabisReplacedBy,
	routeOf,
	urlOf,
	usersOfUabi,
	usersWithCve,
	type CollectionKey,
	type Kb,
	type TimelineEvent,
} from './queries.ts';

const abs = (path: string) => `${SITE_URL}${path}`;
const opt = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

export function exportKb(kb: Kb): KbExport {
	const link = (collection: CollectionKey, id: string, title: string) => ({ id, url: abs(urlOf(collection, id)), title });
	const userLink = (u: Kb['users'][number]) => link('users', u.id, u.data.title);
	const apiLink = (a: Kb['apis'][number]) => link('apis', a.id, a.data.title);
	const uabiLink = (u: Kb['uabis'][number]) => link('uabis', u.id, u.data.title);
	const threadLink = (t: Kb['threads'][number]) => link('threads', t.id, t.data.subject);
	const commit = (c: { id: string; subject: string }) => ({ id: c.id, subject: c.subject, url: commitUrl(c.id) });
	const source = (s: Source) => {
		const v = viewSource(s);
		return { type: s.type, label: v.label, url: v.href, ...opt('detail', v.detail), ...opt('note', v.note) };
	};
	const events = (collection: 'users' | 'uabis', id: string, list: readonly TimelineEvent[]) =>
		list.map((e, i) => ({
			anchor: eventAnchor(list, i),
			url: abs(`${urlOf(collection, id)}#${eventAnchor(list, i)}`),
			version: e.version.id,
			...opt('date', e.date && formatDate(e.date)),
			status: e.status,
			change: e.change,
			...opt('detail', e.detail),
			...opt('condition', e.condition),
			commits: e.commits.map(commit),
			stable: e.stable,
			confidence: e.confidence,
			sources: e.sources.map(source),
		}));
	/** Fields every text-viewable entry (user, API, uABI) starts with, in the export's order. */
	const head = (collection: 'users' | 'apis' | 'uabis', item: { id: string; data: { aliases: string[]; title: string; summary: string } }) => ({
		id: item.id,
		url: abs(urlOf(collection, item.id)),
		aliases: item.data.aliases,
		textUrl: abs(`/${routeOf[collection]}/${item.id}.txt`),
		title: item.data.title,
		summary: item.data.summary,
	});
	/** Fields every reviewed entry ends with. */
	const tail = (d: { threads: readonly { collection: string; id: string }[]; sources: readonly Source[]; lastReviewed: Date }) => ({
		threads: resolve(kb.byId.threads, d.threads).map(threadLink),
		sources: d.sources.map(source),
		lastReviewed: formatDate(d.lastReviewed),
	});
	// The newest review or event date (one pass: formatting and sorting some 40,000 dates cost 0.5 s at 5,000 users).
	let newest = Number.NEGATIVE_INFINITY;
	for (const item of [kb.users, kb.apis, kb.uabis, kb.cves, kb.threads, kb.guides].flat()) newest = Math.max(newest, item.data.lastReviewed.getTime());
	for (const { event } of allEvents(kb)) if (event.date) newest = Math.max(newest, event.date.getTime());

	return {
		schema: abs('/data/kb.schema.json'),
		version: EXPORT_VERSION,
		site: SITE_URL,
		updated: Number.isFinite(newest) ? formatDate(new Date(newest)) : '1970-01-01',
		counts: {
			users: kb.users.length,
			apis: kb.apis.length,
			uabis: kb.uabis.length,
			subsystems: kb.subsystems.length,
			kernelVersions: kb.versions.length,
			cves: kb.cves.length,
			threads: kb.threads.length,
			guides: kb.guides.length,
		},
		users: kb.users.map((u) => {
			const d = u.data;
			return {
				...head('users', u),
				role: d.role,
				subsystem: link('subsystems', d.subsystem.id, kb.byId.subsystems.get(d.subsystem.id)!.data.title),
				files: d.files.map((f) => ({ path: f.path, functions: f.functions, ...opt('note', f.note) })),
				apis: resolve(kb.byId.apis, d.apis).map(apiLink),
				uabis: resolve(kb.byId.uabis, d.uabis).map(uabiLink),
				introducedIn: d.introducedIn.id,
				statusNow: statusNow(d.timeline),
				timeline: events('users', u.id, d.timeline),
				security: {
					impact: d.security.impact,
					trigger: d.security.trigger,
					preconditions: d.security.preconditions,
					severity: d.security.severity,
					severityNote: d.security.severityNote,
					cves: resolve(kb.byId.cves, d.security.cves).map((c) => link('cves', c.id, c.data.title)),
				},
				migration: {
					summary: d.migration.summary,
					effort: d.migration.effort,
					userspaceCost: d.migration.userspaceCost,
					apis: resolve(kb.byId.apis, d.migration.apis).map(apiLink),
					uabis: resolve(kb.byId.uabis, d.migration.uabis).map(uabiLink),
				},
				guides: guidesFor(kb, 'users', u.id).map((g) => link('guides', g.id, g.data.title)),
				...tail(d),
			};
		}),
		apis: kb.apis.map((a) => {
			const d = a.data;
			return {
				...head('apis', a),
				symbols: d.symbols,
				safety: d.safety,
				role: d.role,
				definedIn: d.definedIn,
				...opt('header', d.header),
				introducedIn: d.introducedIn.id,
				...opt('removedIn', d.removedIn?.id),
				signatures: d.signatures.map((s) => ({ version: s.version.id, signature: s.signature, export: s.export, commits: s.commits.map(commit), ...opt('note', s.note), confidence: s.confidence })),
				replacedBy: resolve(kb.byId.apis, d.replacedBy).map(apiLink),
				callers: callersOf(kb, a.id).map(userLink),
				replaces: replacementFor(kb, a.id).apis.map(apiLink),
				...tail(d),
			};
		}),
		uabis: kb.uabis.map((u) => {
			const d = u.data;
			return {
				...head('uabis', u),
				identifiers: d.identifiers,
				interface: d.interface,
				subsystem: link('subsystems', d.subsystem.id, kb.byId.subsystems.get(d.subsystem.id)!.data.title),
				statusNow: statusNow(d.behaviour),
				behaviour: events('uabis', u.id, d.behaviour),
				userspaceSees: d.userspaceSees,
				replacements: resolve(kb.byId.uabis, d.replacements).map(uabiLink),
				users: usersOfUabi(kb, u.id).map(userLink),
				replaces: uabisReplacedBy(kb, u.id).map(uabiLink),
				...tail(d),
			};
		}),
		subsystems: kb.subsystems.map((s) => {
			const members = inSubsystem(kb, s.id);
			const parent = s.data.parent && kb.byId.subsystems.get(s.data.parent.id);
			return {
				id: s.id,
				url: abs(urlOf('subsystems', s.id)),
				aliases: s.data.aliases,
				title: s.data.title,
				summary: s.data.summary,
				paths: s.data.paths,
				lists: s.data.lists,
				...opt('parent', parent && link('subsystems', parent.id, parent.data.title)),
				users: members.users.map(userLink),
				uabis: members.uabis.map(uabiLink),
			};
		}),
		kernelVersions: kb.versions.map((v) => ({
			id: v.id,
			url: abs(urlOf('kernel-versions', v.id)),
			released: formatDate(v.data.released),
			confidence: v.data.confidence,
			...opt('mergeWindow', v.data.mergeWindow),
			sources: v.data.sources.map(source),
			// From the index the version pages use: filtering every event once per version took 1.3 s at 5,000 users.
			events: eventsInVersion(kb, v.id).length,
		})),
		cves: kb.cves.map((c) => {
			const d = c.data;
			return {
				id: c.id,
				url: abs(urlOf('cves', c.id)),
				title: d.title,
				summary: d.summary,
				...opt('published', d.published && formatDate(d.published)),
				severity: d.severity,
				severityNote: d.severityNote,
				reporters: d.reporters,
				...opt('introducedBy', d.introducedBy && commit(d.introducedBy)),
				fixes: d.fixes.map((f) => ({ version: f.version.id, commit: commit(f.commit), stable: f.stable })),
				advisories: d.advisories,
				users: usersWithCve(kb, c.id).map(userLink),
				sources: d.sources.map(source),
				lastReviewed: formatDate(d.lastReviewed),
			};
		}),
		threads: kb.threads.map((t) => {
			const d = t.data;
			const citers = citersOfThread(kb, t.id);
			return {
				id: t.id,
				url: abs(urlOf('threads', t.id)),
				archiveUrl: loreUrl(d.messageId),
				subject: d.subject,
				date: formatDate(d.date),
				messageId: d.messageId,
				list: d.list,
				author: d.author,
				summary: d.summary,
				keyMessages: d.keyMessages.map((m) => ({ messageId: m.messageId, url: loreUrl(m.messageId), author: m.author, ...opt('date', m.date && formatDate(m.date)), point: m.point })),
				citedBy: [...citers.users.map(userLink), ...citers.apis.map(apiLink), ...citers.uabis.map(uabiLink)],
				lastReviewed: formatDate(d.lastReviewed),
			};
		}),
		guides: kb.guides.map((g) => {
			const d = g.data;
			return {
				id: g.id,
				url: abs(urlOf('guides', g.id)),
				aliases: d.aliases,
				title: d.title,
				summary: d.summary,
				audience: d.audience,
				users: resolve(kb.byId.users, d.users).map(userLink),
				apis: resolve(kb.byId.apis, d.apis).map(apiLink),
				uabis: resolve(kb.byId.uabis, d.uabis).map(uabiLink),
				sources: d.sources.map(source),
				lastReviewed: formatDate(d.lastReviewed),
			};
		}),
	};
}
