/**
 * One block per collection, in the Cloudflare style: a minimal valid factory, overrides for
 * negative cases, and assertions on the issue path so a test fails if the wrong field is blamed.
 */
import { describe, expect, test } from 'vitest';
import { apiSchema } from '../../src/schemas/apis.ts';
import { cveSchema } from '../../src/schemas/cves.ts';
import { guideSchema } from '../../src/schemas/guides.ts';
import { kernelVersionSchema } from '../../src/schemas/kernel-versions.ts';
import { subsystemSchema } from '../../src/schemas/subsystems.ts';
import { threadSchema } from '../../src/schemas/threads.ts';
import { uabiSchema } from '../../src/schemas/uabis.ts';
import { userSchema } from '../../src/schemas/users.ts';
import { issuePaths, ref } from '../helpers/schema.ts';

const event = { version: '5.12', status: 'fixed', change: 'Fixed', commits: [{ id: '96667f8a4382', subject: 'mm: Close race in generic_access_phys' }] };
const sources = [{ type: 'commit', commit: '96667f8a4382', subject: 'mm: Close race in generic_access_phys' }];

const user = (over: Record<string, unknown> = {}) => ({
	title: 't',
	summary: 's',
	role: 'short-term',
	subsystem: 'mm',
	files: [{ path: 'mm/memory.c', functions: ['generic_access_phys'] }],
	apis: ['follow_pte'],
	introducedIn: '5.12',
	timeline: [event],
	security: { impact: 'i', trigger: 't', severity: 'medium', severityNote: 'n' },
	migration: { summary: 'm', effort: 'none', userspaceCost: 'none' },
	sources,
	lastReviewed: '2026-11-30',
	...over,
});

describe('users', () => {
	const schema = userSchema({ ref });
	test('accepts a minimal entry and fills defaults', () => {
		const parsed = schema.parse(user());
		expect(parsed.subsystem).toEqual({ collection: 'subsystems', id: 'mm' });
		expect(parsed.uabis).toEqual([]);
		expect(parsed.timeline[0]!.confidence).toBe('verified');
		expect(parsed.lastReviewed).toBeInstanceOf(Date);
	});
	test.each([
		['an unknown key', { colour: 'red' }, ''],
		['a bad role', { role: 'sometimes' }, 'role'],
		['no APIs', { apis: [] }, 'apis'],
		['an empty timeline', { timeline: [] }, 'timeline'],
		['a timeline event with an unknown status', { timeline: [{ ...event, status: 'broken' }] }, 'timeline.0.status'],
		['an event without commit or source', { timeline: [{ version: '5.12', status: 'fixed', change: 'c' }] }, 'timeline.0.commits'],
		['a short commit id', { timeline: [{ ...event, commits: [{ id: 'abc', subject: 's' }] }] }, 'timeline.0.commits.0.id'],
		['a bad severity', { security: { impact: 'i', trigger: 't', severity: 'huge', severityNote: 'n' } }, 'security.severity'],
		['a file path with spaces', { files: [{ path: 'mm/my file.c', functions: ['f'] }] }, 'files.0.path'],
		['a function that is not an identifier', { files: [{ path: 'mm/a.c', functions: ['f()'] }] }, 'files.0.functions.0'],
		['an empty source list', { sources: [] }, 'sources'],
		['a bad date', { lastReviewed: '30/11/2026' }, 'lastReviewed'],
		['an impossible date', { lastReviewed: '2026-02-31' }, 'lastReviewed'],
	])('rejects %s', (_reason, over, path) => {
		const result = schema.safeParse(user(over));
		expect(result.success).toBe(false);
		expect(issuePaths(result)).toContain(path);
	});
});

describe('apis', () => {
	const schema = apiSchema({ ref });
	const api = (over: Record<string, unknown> = {}) => ({
		title: 'follow_pte()',
		summary: 's',
		symbols: ['follow_pte'],
		safety: 'lock-scoped',
		role: 'lookup',
		definedIn: 'mm/memory.c',
		introducedIn: '5.12',
		signatures: [{ version: '5.12', signature: 'int follow_pte(void);', export: 'EXPORT_SYMBOL_GPL' }],
		sources,
		lastReviewed: '2026-11-30',
		...over,
	});
	test('accepts a minimal entry', () => expect(schema.safeParse(api()).success).toBe(true));
	test.each([
		['a symbol with a space', { symbols: ['follow pte'] }, 'symbols.0'],
		['an unknown export kind', { signatures: [{ version: '5.12', signature: 's', export: 'GPL' }] }, 'signatures.0.export'],
		['an unknown safety', { safety: 'mostly' }, 'safety'],
	])('rejects %s', (_reason, over, path) => {
		expect(issuePaths(schema.safeParse(api(over)))).toContain(path);
	});
});

describe('uabis', () => {
	const schema = uabiSchema({ ref });
	const uabi = (over: Record<string, unknown> = {}) => ({
		title: 't',
		summary: 's',
		identifiers: ['V4L2_MEMORY_USERPTR'],
		interface: 'ioctl',
		subsystem: 'media',
		behaviour: [event],
		userspaceSees: 'EFAULT',
		sources,
		lastReviewed: '2026-11-30',
		...over,
	});
	test('accepts a minimal entry', () => expect(schema.safeParse(uabi()).success).toBe(true));
	test.each([
		['no identifiers', { identifiers: [] }, 'identifiers'],
		['an unknown interface kind', { interface: 'telepathy' }, 'interface'],
	])('rejects %s', (_reason, over, path) => {
		expect(issuePaths(schema.safeParse(uabi(over)))).toContain(path);
	});
});

describe('sources', () => {
	const schema = apiSchema({ ref });
	const base = { title: 't', summary: 's', symbols: ['f'], safety: 'safe', role: 'pinning', definedIn: 'mm/gup.c', introducedIn: '5.6', signatures: [{ version: '5.6', signature: 's', export: 'none' }], lastReviewed: '2026-11-30' };
	test.each([
		['an http link', [{ type: 'link', url: 'http://example.org', title: 't' }], 'sources.0.url'],
		['a Message-ID in angle brackets', [{ type: 'lore', messageId: '<a@b>', subject: 's' }], 'sources.0.messageId'],
		['an unknown source type', [{ type: 'rumour', text: 'x' }], 'sources.0.type'],
		['a source file at a tag-like version', [{ type: 'source', path: 'mm/gup.c', version: 'v5.6' }], 'sources.0.version'],
	])('rejects %s', (_reason, list, path) => {
		expect(issuePaths(schema.safeParse({ ...base, sources: list }))).toContain(path);
	});
});

describe('data collections', () => {
	test('subsystems reject a list that is not an address', () => {
		const result = subsystemSchema({ ref }).safeParse({ title: 't', summary: 's', paths: ['mm/'], lists: ['linux-mm'] });
		expect(issuePaths(result)).toEqual(['lists.0']);
	});
	test('kernel versions need a release date and a source', () => {
		const result = kernelVersionSchema().safeParse({ sources: [] });
		expect(issuePaths(result).sort()).toEqual(['released', 'sources']);
	});
	test('kernel versions accept a YAML date object', () => {
		expect(kernelVersionSchema().parse({ released: new Date('2021-04-25'), sources }).released.toISOString()).toBe('2021-04-25T00:00:00.000Z');
	});
	test('CVEs need at least one fix', () => {
		const result = cveSchema({ ref }).safeParse({ title: 't', summary: 's', severity: 'medium', severityNote: 'n', fixes: [], sources, lastReviewed: '2026-11-30' });
		expect(issuePaths(result)).toEqual(['fixes']);
	});
	test('threads need a Message-ID without brackets', () => {
		const result = threadSchema().safeParse({ subject: 's', date: '2020-10-09', messageId: 'no-at-sign', list: ['a@b.org'], author: 'a', summary: 's', lastReviewed: '2026-11-30' });
		expect(issuePaths(result)).toEqual(['messageId']);
	});
	test('guides need at least one user and a known audience', () => {
		const result = guideSchema({ ref }).safeParse({ title: 't', summary: 's', audience: 'managers', users: [], sources, lastReviewed: '2026-11-30' });
		expect(issuePaths(result).sort()).toEqual(['audience', 'users']);
	});
});
