/**
 * Builds the Pagefind index inside `astro build` (astro:build:done), so one build command gives
 * a searchable site. Pagefind's own command-line indexer reads the item folders of dist/: it
 * writes the same files as Pagefind's Node API (compared on a 5,000-user corpus) in about 20%
 * less time, since the Node API's service is slower at writing the index (README, Performance).
 * A failed run stops the build with Pagefind's output, and the number of indexed pages must
 * equal the number of built pages that carry data-pagefind-body: nothing is dropped silently.
 */
import type { AstroIntegration } from 'astro';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { routeOf } from '../lib/routes.ts';

/** Route folders of item pages, the only pages with data-pagefind-body. */
const searchableRoutes = Object.values(routeOf);

/** Built HTML files that ask to be indexed. */
export async function searchablePages(dist: string): Promise<string[]> {
	const found: string[] = [];
	for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
		if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
		const path = join(entry.parentPath, entry.name);
		// Bytes, not text: no need to decode hundreds of megabytes to find an ASCII marker.
		if ((await readFile(path)).includes('data-pagefind-body')) found.push(path);
	}
	return found.sort();
}

/**
 * The indexer binary that the `pagefind` package installs for this platform (its optional
 * dependency @pagefind/<platform>-<arch>), the extended build first, as Pagefind's own runner does.
 */
export function pagefindBinary(): string {
	const require = createRequire(import.meta.url);
	const os = platform() === 'win32' ? 'windows' : platform();
	const names = ['pagefind_extended', 'pagefind'].map((name) => `@pagefind/${os}-${arch()}/bin/${name}${os === 'windows' ? '.exe' : ''}`);
	for (const name of names) {
		try {
			return require.resolve(name);
		} catch {
			// try the next one
		}
	}
	throw new Error(`Pagefind: no indexer binary installed for ${os}-${arch()} (looked for ${names.join(', ')}); run npm ci`);
}

/** Runs the indexer; resolves with its output, rejects with it when the run fails. */
export function runPagefind(args: string[]): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(pagefindBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('error', (error) => reject(new Error(`Pagefind could not start: ${error.message}`)));
		child.on('close', (code, signal) => {
			if (code === 0) resolve(output);
			else reject(new Error(`Pagefind failed (${signal ?? `exit code ${code}`}):\n${output.trim()}`));
		});
	});
}

export function pagefindIntegration(): AstroIntegration {
	return {
		name: 'uabi-kb:pagefind',
		hooks: {
			'astro:build:done': async ({ dir, logger }) => {
				const dist = fileURLToPath(dir);
				// Redirect pages in the item folders carry no data-pagefind-body and are skipped by
				// Pagefind, so the check is on what the written index holds. Pages are counted while
				// Pagefind runs.
				const [pages, output] = await Promise.all([
					searchablePages(dist),
					runPagefind(['--site', dist, '--glob', `{${searchableRoutes.join(',')}}/*/index.html`, '--output-subdir', 'pagefind', '--force-language', 'en']),
				]);
				if (!/Indexed \d+ pages?/.test(output)) throw new Error(`Pagefind reported no indexed pages:\n${output.trim()}`);
				const entry = JSON.parse(await readFile(join(dist, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
				const indexed = Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
				if (indexed !== pages.length) {
					throw new Error(`Pagefind indexed ${indexed} pages, but ${pages.length} built pages carry data-pagefind-body`);
				}
				logger.info(`indexed ${indexed} pages`);
			},
		},
	};
}
