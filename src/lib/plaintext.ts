/**
 * Plain-text views for quoting in mail: 72 columns, the page URL on top, the same facts as the
 * page (status by version with commits, security, migration, sources), no markup.
 */
import { SITE_URL } from '../site.ts';
import type { ApiEntry, Kb, UabiEntry, UserEntry, TimelineEvent } from './queries.ts';
import { callersOf, guidesFor, resolve, statusNow, urlOf, usersOfUabi } from './queries.ts';
import { formatDate, viewSource } from './links.ts';
import type { Source } from '../schemas/shared.ts';

export const WIDTH = 72;

/** Greedy word wrap; words longer than the width (URLs) stay whole on their own line. */
export function wrap(text: string, width = WIDTH, indent = '', firstIndent = indent): string[] {
	const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
	const lines: string[] = [];
	let line = firstIndent;
	let empty = true;
	for (const word of words) {
		const candidate = empty ? line + word : `${line} ${word}`;
		if (!empty && candidate.length > width) {
			lines.push(line);
			line = indent + word;
		} else {
			line = candidate;
		}
		empty = false;
	}
	if (!empty) lines.push(line);
	return lines;
}

const heading = (title: string, url?: string) => ['', title, '-'.repeat(Math.min(title.length, WIDTH)), ...(url ? [url] : [])];
const field = (label: string, value: string) => wrap(value, WIDTH, ' '.repeat(4), `${label}: `);
const bullet = (text: string) => wrap(text, WIDTH, '    ', '  - ');

function events(list: readonly TimelineEvent[]): string[] {
	return list.flatMap((e) => [
		...bullet(`v${e.version.id} [${e.status}] ${e.change}${e.condition ? ` (when ${e.condition})` : ''}${e.confidence === 'verified' ? '' : ` (${e.confidence})`}`),
		...e.commits.flatMap((c) => wrap(`commit ${c.id} ("${c.subject}")`, WIDTH, '      ', '    ')),
	]);
}

function sources(list: readonly Source[]): string[] {
	return list.flatMap((s) => {
		const v = viewSource(s);
		// A mail's Message-ID is already in its lore URL; keep only the date from the detail.
		const detail = v.kind === 'mail' ? v.detail?.replace(/,? ?<[^>]*>$/, '') : v.detail;
		return bullet(`${v.label}${detail ? ` (${detail})` : ''}: ${v.href}`);
	});
}

/** Sources and the review date, the same at the end of every view. */
function footer(list: readonly Source[], lastReviewed: Date): string[] {
	return [...heading('Sources'), ...sources(list), '', `Last reviewed ${formatDate(lastReviewed)}.`, ''];
}

function header(path: string, title: string, summary: string): string[] {
	return [`${SITE_URL}${path}`, '', ...wrap(title), '='.repeat(Math.min(title.length, WIDTH)), '', ...wrap(summary)];
}

export function userText(kb: Kb, user: UserEntry): string {
	const d = user.data;
	const path = urlOf('users', user.id);
	const now = d.timeline[d.timeline.length - 1]!;
	return [
		...header(path, d.title, d.summary),
		'',
		...field('Subsystem', kb.byId.subsystems.get(d.subsystem.id)!.data.title),
		...field('Status now', `${statusNow(d.timeline)} since v${now.version.id}`),
		...field('APIs', resolve(kb.byId.apis, d.apis).map((a) => a.data.title).join(', ')),
		...field('uABIs', resolve(kb.byId.uabis, d.uabis).map((u) => u.data.title).join(', ') || 'none (internal)'),
		...field('CVEs', d.security.cves.map((c) => c.id).join(', ') || 'none known'),
		...field('Files', d.files.map((f) => `${f.path} (${f.functions.join(', ')})`).join('; ')),
		...heading('Status by kernel version', `${SITE_URL}${path}#timeline`),
		...events(d.timeline),
		...heading('Security impact', `${SITE_URL}${path}#security`),
		...field('Severity', `${d.security.severity}. ${d.security.severityNote}`),
		...field('What goes wrong', d.security.impact),
		...field('Who can trigger it', d.security.trigger),
		...d.security.preconditions.flatMap(bullet),
		...heading('Migration', `${SITE_URL}${path}#migration`),
		...wrap(d.migration.summary),
		...field('Effort', `${d.migration.effort}. ${d.migration.userspaceCost}`),
		...guidesFor(kb, 'users', user.id).flatMap((g) => bullet(`Guide: ${g.data.title} ${SITE_URL}${urlOf('guides', g.id)}`)),
		...footer(d.sources, d.lastReviewed),
	].join('\n');
}

export function apiText(kb: Kb, api: ApiEntry): string {
	const d = api.data;
	const path = urlOf('apis', api.id);
	return [
		...header(path, d.title, d.summary),
		'',
		...field('Safety', d.safety),
		...field('Identifiers', d.symbols.join(', ')),
		...field('In the kernel', `v${d.introducedIn.id}${d.removedIn ? ` to v${d.removedIn.id} (removed)` : ' onwards'}`),
		...field('Use instead', resolve(kb.byId.apis, d.replacedBy).map((a) => a.data.title).join(', ') || 'n/a'),
		...heading('Signature and export history'),
		...d.signatures.flatMap((s) => [
			...bullet(`v${s.version.id} [${s.export}]${s.note ? ` ${s.note}` : ''}`),
			...wrap(s.signature, WIDTH, '      ', '    '),
			...s.commits.flatMap((c) => wrap(`commit ${c.id} ("${c.subject}")`, WIDTH, '      ', '    ')),
		]),
		...heading('Callers'),
		...callersOf(kb, api.id).flatMap((u) => bullet(`${u.data.title} [${statusNow(u.data.timeline)}] ${SITE_URL}${urlOf('users', u.id)}`)),
		...footer(d.sources, d.lastReviewed),
	].join('\n');
}

export function uabiText(kb: Kb, uabi: UabiEntry): string {
	const d = uabi.data;
	const path = urlOf('uabis', uabi.id);
	return [
		...header(path, d.title, d.summary),
		'',
		...field('Identifiers', d.identifiers.join(', ')),
		...field('Status now', statusNow(d.behaviour)),
		...field('What userspace sees', d.userspaceSees),
		...field('Use instead', resolve(kb.byId.uabis, d.replacements).map((u) => u.data.title).join(', ') || 'n/a'),
		...heading('Behaviour by kernel version', `${SITE_URL}${path}#timeline`),
		...events(d.behaviour),
		...heading('Kernel code behind it'),
		...usersOfUabi(kb, uabi.id).flatMap((u) => bullet(`${u.data.title} ${SITE_URL}${urlOf('users', u.id)}`)),
		...footer(d.sources, d.lastReviewed),
	].join('\n');
}
