import { describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DATA_STORE_MODULE_ID, storeModulePlan, storeReaderModule } from '../../src/integrations/content-store.ts';

/** The module Astro writes for a single-file store (astro/dist/content/vite-plugin-content-virtual-mod.js). */
const astroInlineModule = (json: string) => `export default JSON.parse(${JSON.stringify(json)})`;

describe('the content store read at render time instead of bundled', () => {
	test('replaces only Astro’s inlined single-file store, and only when the file is there', () => {
		const dir = mkdtempSync(join(tmpdir(), 'uabi-kb-store-'));
		try {
			const file = join(dir, 'data-store.json');
			const inline = astroInlineModule('[]');
			expect(storeModulePlan(DATA_STORE_MODULE_ID, inline, file)).toBe('keep');
			writeFileSync(file, '[]');
			expect(storeModulePlan(DATA_STORE_MODULE_ID, inline, file)).toBe('read');
			expect(storeModulePlan('/src/pages/index.astro', inline, file)).toBe('keep');
			expect(storeModulePlan('astro:data-layer-content', inline, file)).toBe('keep');
			// The chunked store and the empty store are other forms: left to Astro, and reported.
			expect(storeModulePlan(DATA_STORE_MODULE_ID, 'export default{"users":[(await import("astro:data-layer-content-chunk:a.json"))]}', file)).toBe('unknown');
			expect(storeModulePlan(DATA_STORE_MODULE_ID, 'export default new Map()', file)).toBe('unknown');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	test('the reading module exports the same value as Astro’s inlined module', async () => {
		// A folder name with a quote and a space, so that the path must be escaped in the module.
		const dir = mkdtempSync(join(tmpdir(), `uabi-kb-store-'q "`));
		try {
			const store = [{ users: 1 }, ['a'], 'follow_pfn() “quoted” \\ back\\slash \u2028 line separator 🐧', { id: 2, html: 3 }, 'vfio', '<p>x</p>'];
			const json = JSON.stringify(store);
			const file = join(dir, 'data-store.json');
			writeFileSync(file, json);
			const inlined = join(dir, 'inlined.mjs');
			const reader = join(dir, 'reader.mjs');
			writeFileSync(inlined, astroInlineModule(json));
			writeFileSync(reader, storeReaderModule(file));
			const expected = ((await import(pathToFileURL(inlined).href)) as { default: unknown }).default;
			const actual = ((await import(pathToFileURL(reader).href)) as { default: unknown }).default;
			expect(expected).toEqual(store);
			expect(actual).toEqual(expected);
			// It reads the file when imported: the module itself carries none of the store.
			expect(storeReaderModule(file)).not.toContain('vfio');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
