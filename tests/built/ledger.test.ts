/**
 * Permanent URLs: every URL in tests/url-ledger.txt still answers, as a page or through exactly
 * one redirect to a page; redirects have no chains or cycles and never shadow a live page; and
 * every URL the site publishes today is in the ledger (run `npm run ledger:update` to add new ones).
 */
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answer, publishedPaths } from '../helpers/published.ts';

const root = join(import.meta.dirname, '..', '..');
const dist = join(root, 'dist');
const ledger = readFileSync(join(root, 'tests', 'url-ledger.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

test('the ledger is not empty', () => expect(ledger.length).toBeGreaterThan(100));

test('every URL ever published still answers: a page, or one redirect hop to a page', () => {
	const problems: string[] = [];
	for (const path of ledger) {
		const first = answer(dist, path);
		if (first.kind === 'missing') problems.push(`${path}: gone`);
		if (first.kind !== 'redirect') continue;
		const second = answer(dist, first.to);
		if (second.kind === 'missing') problems.push(`${path} → ${first.to}: target gone`);
		if (second.kind === 'redirect') problems.push(`${path} → ${first.to} → ${second.to}: redirect chain`);
	}
	expect(problems).toEqual([]);
});

test('redirects never shadow a page of the sitemap, and never point at themselves', () => {
	const { pages, redirects } = publishedPaths(dist);
	const live = new Set(pages.filter((p) => p.endsWith('/')));
	expect([...redirects.keys()].filter((from) => live.has(from))).toEqual([]);
	expect([...redirects].filter(([from, to]) => from === to)).toEqual([]);
});

test('every URL the site publishes is in the ledger', () => {
	const { pages, redirects } = publishedPaths(dist);
	const known = new Set(ledger);
	expect([...pages, ...redirects.keys()].filter((p) => !known.has(p)), 'run `npm run ledger:update` and commit tests/url-ledger.txt').toEqual([]);
});
