/** Output of both commands: plain text, a review mail paragraph (check only), and JSON. */
import type { CheckResult, Hit } from './check.ts';
import type { Entry, Knowledge } from './knowledge.ts';
import type { ScanResult, Site } from './scan.ts';

const safetyPhrase: Record<NonNullable<Entry['safety']>, string> = {
	unsafe: 'its result outlives the lookup with no reference and no notifier',
	'lock-scoped': 'its result is valid only while the lock it returns is held',
	safe: 'it holds a reference or gets told about invalidation',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const asOf = (knowledge: Pick<Knowledge, 'newest'>) =>
	knowledge.newest ? `status as of v${knowledge.newest}, the newest release in the knowledge base` : 'no kernel releases in the knowledge base';

/**
 * The identifiers as a reader knows them: `follow_pfn()` when the title writes it so, and the
 * entry's title after them when it does not name them all.
 */
function nameOf(entry: Entry, identifiers: readonly string[]): string {
	const inTitle = (id: string) => new RegExp(`(?<![A-Za-z0-9_])${id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![A-Za-z0-9_])`).test(entry.title);
	const shown = identifiers.map((id) => (entry.title.includes(`${id}()`) ? `${id}()` : id));
	const list = shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]!}`;
	return identifiers.every(inTitle) ? list : `${list} (from ${entry.title})`;
}

function replacementText(entry: Entry): string {
	const names = entry.replacements.map((r) => r.title);
	if (names.length === 0) return '';
	return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]!}`;
}

// ---------------------------------------------------------------- check: text

export function checkText(result: CheckResult, knowledge: Pick<Knowledge, 'newest'>): string {
	const out: string[] = [];
	for (const hit of result.hits) {
		const e = hit.entry;
		out.push(`${hit.file}:${hit.line}:${hit.column}: ${hit.identifier} (patch line ${hit.patchLine})`);
		out.push(`    | ${hit.code.trim()}`);
		out.push(`    ${(e.kind === 'api' ? 'API:' : 'uABI:').padEnd(9)}${e.title}: ${e.statusText}${e.kind === 'api' && e.status === 'removed' ? ` (was ${e.safety})` : ''}`);
		if (e.replacements.length > 0) out.push(`    instead: ${e.replacements.map((r) => (r.url ? `${r.title} <${r.url}>` : r.title)).join(', ')}`);
		else if (e.status !== 'safe') out.push('    instead: no replacement recorded');
		out.push(`    cite:    ${e.cite}`);
		if (hit.fileUsers.length > 0) {
			for (const user of hit.fileUsers) out.push(`    user:    ${user.title} <${user.url}> (lists this file)`);
		} else if (e.users.length > 0) {
			out.push(`    users:   ${plural(e.users.length, 'known user')} <${e.usersUrl}>`);
		}
		if (hit.subject !== undefined) out.push(`    patch:   ${hit.subject}`);
		out.push('');
	}
	if (result.hits.length === 0) {
		out.push(`No tracked API or uABI in the added lines (${plural(result.files, 'file')}, ${plural(result.addedLines, 'added line')} checked).`);
	} else {
		const files = new Set(result.hits.map((h) => h.file)).size;
		out.push(`${plural(result.hits.length, 'hit')} in ${plural(files, 'file')} (${asOf(knowledge)}).`);
	}
	return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------- check: mail

/** Wraps prose at `width` columns, never breaking a word (URLs stay whole). */
export function wrap(text: string, width = 72): string {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (line && line.length + 1 + word.length > width) {
			lines.push(line);
			line = word;
		} else {
			line = line ? `${line} ${word}` : word;
		}
	}
	if (line) lines.push(line);
	return lines.join('\n');
}

/** "a.c:3, :9 and b.c:4": at most four places, the file named once per run. */
function places(hits: readonly Hit[]): string {
	const unique = [...new Map(hits.map((h) => [`${h.file}:${h.line}`, h])).values()];
	const shown = unique.slice(0, 4).map((h, i, list) => (i > 0 && list[i - 1]!.file === h.file ? `:${h.line}` : `${h.file}:${h.line}`));
	const more = unique.length - shown.length;
	if (more > 0) return `${shown.join(', ')} and ${plural(more, 'more place')}`;
	return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]!}`;
}

function sentenceFor(entry: Entry, hits: readonly Hit[]): string {
	const identifiers = [...new Set(hits.map((h) => h.identifier))];
	const instead = replacementText(entry);
	const parts = [`The patch adds ${nameOf(entry, identifiers)} at ${places(hits)}.`];
	if (entry.kind === 'api') {
		const safety = entry.safety ?? 'unsafe';
		if (entry.status === 'removed') parts.push(`${entry.title} was removed from mainline in v${entry.since} (${safety}: ${safetyPhrase[safety]}).`);
		else if (safety === 'safe') parts.push(`${entry.title} is safe.`);
		else parts.push(`${entry.title} is ${safety}: ${safetyPhrase[safety]}.`);
		if (instead && safety !== 'safe') parts.push(`Please use ${instead} instead.`);
	} else {
		const condition = entry.condition ? ` (when ${entry.condition})` : '';
		parts.push(`${entry.title} has been ${entry.status} since v${entry.since}${condition}.`);
		if (instead && entry.status !== 'safe') parts.push(`Userspace should move to ${instead}.`);
	}
	const users = [...new Map(hits.flatMap((h) => h.fileUsers).map((u) => [u.id, u])).values()];
	if (users.length > 0) {
		const titles = users.map((u) => `"${u.title}"`).join(' and ');
		parts.push(`The knowledge base tracks this code as ${titles}, with migration notes.`);
	}
	return parts.join(' ');
}

export function checkMail(result: CheckResult): string {
	if (result.hits.length === 0) return 'No API or uABI tracked by uabi-kb is used in the added lines.\n';
	const byEntry = new Map<Entry, Hit[]>();
	for (const hit of result.hits) byEntry.set(hit.entry, [...(byEntry.get(hit.entry) ?? []), hit]);
	const sentences: string[] = [];
	const links: string[] = [];
	for (const [entry, hits] of byEntry) {
		sentences.push(sentenceFor(entry, hits));
		links.push(entry.cite, ...hits.flatMap((h) => h.fileUsers.map((u) => u.url)));
	}
	const trailers = [...new Set(links)].map((url) => `Link: ${url}`);
	return `${sentences.map((p) => wrap(p)).join('\n\n')}\n\n${trailers.join('\n')}\n`;
}

// ---------------------------------------------------------------- check: JSON

export function checkJson(result: CheckResult, knowledge: Pick<Knowledge, 'newest' | 'site'>, input: string): string {
	return `${JSON.stringify(
		{
			command: 'check',
			input,
			site: knowledge.site,
			newest: knowledge.newest ?? null,
			files: result.files,
			addedLines: result.addedLines,
			hits: result.hits.map((hit) => {
				const e = hit.entry;
				return {
					file: hit.file,
					line: hit.line,
					column: hit.column,
					patchLine: hit.patchLine,
					identifier: hit.identifier,
					code: hit.code,
					subject: hit.subject ?? null,
					kind: e.kind,
					id: e.id,
					title: e.title,
					status: e.status,
					statusText: e.statusText,
					since: e.since ?? null,
					condition: e.condition ?? null,
					safety: e.safety ?? null,
					replacements: e.replacements,
					url: e.url,
					cite: e.cite,
					usersUrl: e.usersUrl,
					users: e.users.map((u) => ({ id: u.id, title: u.title, url: u.url, listsFile: hit.fileUsers.includes(u) })),
				};
			}),
		},
		null,
		2,
	)}\n`;
}

// ---------------------------------------------------------------- scan

function coverageText(site: Site): string {
	switch (site.coverage) {
		case 'covered':
			return `covered by ${site.users.map((u) => u.id).join(', ')}`;
		case 'definition':
			return `definition of ${site.apis.map((a) => a.title).join(', ')}`;
		case 'replacement':
			return 'call of a safe API (no entry needed)';
		case 'missing':
			return 'MISSING: no entry lists this file';
	}
}

function scanCounts(result: ScanResult) {
	const count = (coverage: Site['coverage']) => result.sites.filter((s) => s.coverage === coverage).length;
	return {
		sites: result.sites.length,
		files: new Set(result.sites.map((s) => s.file)).size,
		covered: count('covered'),
		definition: count('definition'),
		replacement: count('replacement'),
		missing: count('missing'),
		missingFiles: result.missingFiles.length,
	};
}

export function scanText(result: ScanResult, knowledge: Pick<Knowledge, 'newest'>, rootName: string): string {
	const out: string[] = [`Call sites of tracked APIs in ${rootName} (${plural(result.filesScanned, '.c/.h file')} scanned, ${asOf(knowledge)})`, ''];
	const location = (s: Site) => `${s.file}:${s.line}:${s.column}`;
	const width = Math.max(0, ...result.sites.map((s) => location(s).length));
	const idWidth = Math.max(0, ...result.sites.map((s) => s.identifier.length));
	for (const group of result.groups) {
		out.push(`${group.id}: ${group.title}${group.url ? ` <${group.url}>` : ''}`);
		for (const site of group.sites) {
			out.push(`  ${location(site).padEnd(width)}  ${site.identifier.padEnd(idWidth)}  ${coverageText(site)}`);
		}
		out.push('');
	}
	const c = scanCounts(result);
	if (c.sites === 0) {
		out.push('No call sites of tracked APIs found.');
	} else {
		out.push(
			`${plural(c.sites, 'call site')} in ${plural(c.files, 'file')}: ${c.covered} covered, ${c.definition} definitions, ${c.replacement} of safe APIs, ${c.missing} missing.`,
		);
	}
	if (result.missingFiles.length > 0) {
		out.push(`Files no entry covers (${result.missingFiles.length}):`);
		for (const file of result.missingFiles) out.push(`  ${file}`);
	}
	return `${out.join('\n')}\n`;
}

export function scanJson(result: ScanResult, knowledge: Pick<Knowledge, 'newest' | 'site'>, rootName: string): string {
	return `${JSON.stringify(
		{
			command: 'scan',
			root: rootName,
			site: knowledge.site,
			newest: knowledge.newest ?? null,
			filesScanned: result.filesScanned,
			summary: scanCounts(result),
			groups: result.groups.map((group) => ({
				id: group.id,
				title: group.title,
				url: group.url,
				sites: group.sites.map((site) => ({
					file: site.file,
					line: site.line,
					column: site.column,
					identifier: site.identifier,
					apis: site.apis.map((a) => ({ id: a.id, title: a.title, url: a.url, status: a.status })),
					coverage: site.coverage,
					users: site.users.map((u) => ({ id: u.id, title: u.title, url: u.url })),
				})),
			})),
			missingFiles: result.missingFiles,
		},
		null,
		2,
	)}\n`;
}
