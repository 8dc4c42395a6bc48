/** URLs of the primary sources the site cites. Pure functions, shared by pages, exports and tools. */
import type { Source } from '../schemas/shared.ts';

export const commitUrl = (id: string) => `https://git.kernel.org/torvalds/c/${id}`;

/** lore resolves any Message-ID under /r/; only characters unsafe in a path are escaped. */
export const loreUrl = (messageId: string) =>
	`https://lore.kernel.org/r/${messageId.replace(/[^A-Za-z0-9._~!$&'()*+,;=:@-]/g, (c) => encodeURIComponent(c))}`;

export const sourceFileUrl = (path: string, version: string) =>
	`https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/${path}?h=v${version}`;

export const versionTagUrl = (version: string) =>
	`https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tag/?h=v${version}`;

export interface SourceView {
	href: string;
	label: string;
	kind: string;
	detail?: string;
	note?: string;
}

/** How a source is shown and cited: link target, visible label and its kind. */
export function viewSource(source: Source): SourceView {
	const note = source.note ? { note: source.note } : {};
	switch (source.type) {
		case 'commit':
			return { href: commitUrl(source.commit), label: source.subject, kind: 'commit', detail: source.commit, ...note };
		case 'lore':
			return {
				href: loreUrl(source.messageId),
				label: source.subject,
				kind: 'mail',
				detail: source.date ? `${formatDate(source.date)}, <${source.messageId}>` : `<${source.messageId}>`,
				...note,
			};
		case 'source':
			return { href: sourceFileUrl(source.path, source.version), label: source.path, kind: 'source', detail: `at v${source.version}`, ...note };
		case 'link':
			return { href: source.url, label: source.title, kind: 'document', ...note };
	}
}

/** Dates are shown and exported as YYYY-MM-DD in UTC, so builds do not depend on the time zone. */
// Pages print the same few thousand dates many times over (timelines, feeds, matrices).
const formatted = new Map<number, string>();

export function formatDate(date: Date): string {
	const time = date.getTime();
	let text = formatted.get(time);
	if (text === undefined) formatted.set(time, (text = date.toISOString().slice(0, 10)));
	return text;
}
