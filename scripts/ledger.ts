/**
 * `npm run ledger:update`: adds every URL the built site publishes (its sitemap plus its
 * redirects) to tests/url-ledger.txt. The ledger only grows: a URL once published must keep
 * answering, as a page or through one redirect (tests/built/ledger.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { publishedPaths } from '../tests/helpers/published.ts';

const root = resolve(import.meta.dirname, '..');
const ledgerFile = join(root, 'tests', 'url-ledger.txt');
const header = '# Every URL path uabi-kb has published. Append-only: npm run ledger:update adds new ones.\n';
const existing = readFileSync(ledgerFile, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
const published = publishedPaths(join(root, 'dist'));
const merged = [...new Set([...existing, ...published.pages, ...published.redirects.keys()])].sort();
writeFileSync(ledgerFile, header + merged.join('\n') + '\n');
console.log(`ledger: ${merged.length} URLs (${merged.length - existing.length} new)`);
