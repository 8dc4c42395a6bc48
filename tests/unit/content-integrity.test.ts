/**
 * The real content/ folder: validates cleanly (every reference resolves, ids unique, timelines
 * ordered numerically), and holds enough to make a site: no orphan API, every subsystem used.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { formatProblem, validateContent, type LoadedItem } from '../../src/lib/validate.ts';
import { compareVersions } from '../../src/lib/kernel-version.ts';

const root = join(import.meta.dirname, '..', '..');
let items: LoadedItem[] = [];
const of = (collection: string) => items.filter((i) => i.collection === collection);
const ids = (list: unknown) => ((list as { id: string }[] | undefined) ?? []).map((r) => r.id);

beforeAll(() => {
	const result = validateContent(join(root, 'content'), root);
	expect(result.problems.map(formatProblem)).toEqual([]);
	items = result.items;
});

describe('content/', () => {
	test('has every collection populated', () => {
		for (const collection of ['users', 'apis', 'uabis', 'subsystems', 'kernel-versions', 'cves', 'threads', 'guides']) {
			expect(of(collection).length, collection).toBeGreaterThan(0);
		}
	});

	test('kernel versions sort numerically and their release dates rise with them', () => {
		const versions = of('kernel-versions')
			.map((v) => ({ id: v.id, released: (v.data as { released: Date }).released }))
			.sort((a, b) => compareVersions(a.id, b.id));
		for (let i = 1; i < versions.length; i++) {
			expect(versions[i]!.released.getTime(), `${versions[i - 1]!.id} → ${versions[i]!.id}`).toBeGreaterThan(versions[i - 1]!.released.getTime());
		}
	});

	test('no orphan API: every API is used, replaced into, migrated to, or linked from prose', () => {
		const referenced = new Set<string>();
		for (const item of items) for (const m of item.body.matchAll(/\]\(\/apis\/([^/)#]+)\//g)) referenced.add(m[1]!);
		for (const user of of('users')) {
			const d = user.data as { apis: unknown; migration: { apis: unknown } };
			ids(d.apis).forEach((id) => referenced.add(id));
			ids(d.migration.apis).forEach((id) => referenced.add(id));
		}
		for (const api of of('apis')) ids((api.data as { replacedBy: unknown }).replacedBy).forEach((id) => referenced.add(id));
		for (const guide of of('guides')) ids((guide.data as { apis: unknown }).apis).forEach((id) => referenced.add(id));
		expect(of('apis').map((a) => a.id).filter((id) => !referenced.has(id))).toEqual([]);
	});

	test('every subsystem has at least one user or uABI', () => {
		const used = new Set([...of('users'), ...of('uabis')].map((i) => (i.data as { subsystem: { id: string } }).subsystem.id));
		const parents = new Set(of('subsystems').map((s) => (s.data as { parent?: { id: string } }).parent?.id));
		expect(of('subsystems').map((s) => s.id).filter((id) => !used.has(id) && !parents.has(id))).toEqual([]);
	});

	test('every user is covered by a timeline that starts at or after it appeared', () => {
		for (const user of of('users')) {
			const d = user.data as { introducedIn: { id: string }; timeline: { version: { id: string } }[] };
			expect(compareVersions(d.timeline[0]!.version.id, d.introducedIn.id), user.id).toBeGreaterThanOrEqual(0);
		}
	});
});
