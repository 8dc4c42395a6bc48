/**
 * Atom feed of entry changes. An entry is updated when a person reviewed it (lastReviewed) or
 * when one of its status events is dated later; the build time never enters the feed, so two
 * builds of the same content give the same feed.
 */
import { SITE_NAME, SITE_TAGLINE, SITE_URL } from '../site.ts';
import { formatDate } from './links.ts';
import { statusNow, urlOf, type Kb } from './queries.ts';

export interface FeedItem {
	id: string;
	url: string;
	title: string;
	summary: string;
	updated: string;
	category: string;
}

const newest = (dates: (Date | undefined)[]) =>
	dates.filter((d): d is Date => d !== undefined).map(formatDate).sort().at(-1)!;

export function feedItems(kb: Kb): FeedItem[] {
	const items: FeedItem[] = [
		...kb.users.map((u) => ({
			id: `users/${u.id}`,
			url: `${SITE_URL}${urlOf('users', u.id)}`,
			title: `${u.data.title} [${statusNow(u.data.timeline)}]`,
			summary: u.data.summary,
			updated: newest([u.data.lastReviewed, ...u.data.timeline.map((e) => e.date)]),
			category: 'user',
		})),
		...kb.apis.map((a) => ({ id: `apis/${a.id}`, url: `${SITE_URL}${urlOf('apis', a.id)}`, title: a.data.title, summary: a.data.summary, updated: newest([a.data.lastReviewed]), category: 'api' })),
		...kb.uabis.map((u) => ({
			id: `uabis/${u.id}`,
			url: `${SITE_URL}${urlOf('uabis', u.id)}`,
			title: `${u.data.title} [${statusNow(u.data.behaviour)}]`,
			summary: u.data.summary,
			updated: newest([u.data.lastReviewed, ...u.data.behaviour.map((e) => e.date)]),
			category: 'uabi',
		})),
		...kb.cves.map((c) => ({ id: `cves/${c.id}`, url: `${SITE_URL}${urlOf('cves', c.id)}`, title: `${c.id}: ${c.data.title}`, summary: c.data.summary, updated: newest([c.data.lastReviewed, c.data.published]), category: 'cve' })),
		...kb.guides.map((g) => ({ id: `guides/${g.id}`, url: `${SITE_URL}${urlOf('guides', g.id)}`, title: g.data.title, summary: g.data.summary, updated: newest([g.data.lastReviewed]), category: 'guide' })),
	];
	return items.sort((a, b) => b.updated.localeCompare(a.updated) || a.id.localeCompare(b.id));
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function atom(kb: Kb): string {
	const items = feedItems(kb);
	const updated = items.map((i) => i.updated).sort().at(-1) ?? '1970-01-01';
	return [
		'<?xml version="1.0" encoding="utf-8"?>',
		'<feed xmlns="http://www.w3.org/2005/Atom">',
		`<title>${xml(SITE_NAME)}: entry changes</title>`,
		`<subtitle>${xml(SITE_TAGLINE)}</subtitle>`,
		`<id>${SITE_URL}/</id>`,
		`<link rel="self" href="${SITE_URL}/feed.xml"/>`,
		`<link rel="alternate" href="${SITE_URL}/"/>`,
		`<updated>${updated}T00:00:00Z</updated>`,
		`<author><name>${xml(SITE_NAME)}</name></author>`,
		...items.map((i) =>
			[
				'<entry>',
				`<id>${i.url}</id>`,
				`<title>${xml(i.title)}</title>`,
				`<link rel="alternate" href="${i.url}"/>`,
				`<updated>${i.updated}T00:00:00Z</updated>`,
				`<category term="${i.category}"/>`,
				`<summary>${xml(i.summary)}</summary>`,
				'</entry>',
			].join(''),
		),
		'</feed>',
		'',
	].join('\n');
}
