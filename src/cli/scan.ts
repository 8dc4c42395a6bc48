/**
 * `uabi-kb scan`: every call site of the tracked APIs in a kernel tree (C files and headers),
 * grouped by subsystem, each marked with whether the knowledge base covers it.
 *
 * Speed: the walk reads folders in parallel; the files are then split between worker threads
 * (one per CPU, at most 8), each of which reads its files one after the other, drops a file
 * after one combined regular-expression test unless it may hold an identifier, and lexes only
 * the files that pass (scan-files.ts). Without worker threads it runs the same loop in-thread.
 */
import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { scanFiles, type FilesResult, type RawSite } from './scan-files.ts';
import type { WorkerInput, WorkerMessage } from './scan-worker.ts';
import { subsystemOf, type Entry, type Knowledge, type UserLink } from './knowledge.ts';

/**
 * How a call site is covered:
 * - `covered`: a user entry lists the file;
 * - `definition`: the file defines or declares the API (its own page covers it);
 * - `replacement`: a call of a safe API, which needs no entry;
 * - `missing`: nothing in the knowledge base mentions this file.
 */
export type Coverage = 'covered' | 'definition' | 'replacement' | 'missing';

export interface Site {
	/** Path relative to the top of the tree, with `/`. */
	file: string;
	line: number;
	column: number;
	identifier: string;
	apis: Entry[];
	coverage: Coverage;
	/** Users whose entry lists the file. */
	users: UserLink[];
}

export interface SubsystemGroup {
	/** Subsystem id, or "other" for paths no subsystem claims. */
	id: string;
	title: string;
	url: string | null;
	sites: Site[];
}

export interface ScanResult {
	root: string;
	filesScanned: number;
	/** Files that passed the cheap pre-filter and were read line by line. */
	filesMatched: number;
	sites: Site[];
	groups: SubsystemGroup[];
	/** Files with at least one `missing` site, sorted. */
	missingFiles: string[];
	/** Threads that read the files (1: this thread only). */
	threads: number;
}

export interface ScanProgress {
	filesScanned: number;
	filesFound: number;
	walking: boolean;
	sites: number;
}

export interface ScanOptions {
	/** Leave out APIs for which this returns false. */
	filter?: (entry: Entry) => boolean;
	/** Worker threads (default: one per CPU, at most 8; 1 scans in this thread). */
	threads?: number;
	/** Called now and then while scanning. */
	onProgress?: (progress: ScanProgress) => void;
}

const isSource = (name: string) => name.endsWith('.c') || name.endsWith('.h');

/** Lists the .c and .h files under `root` (relative paths), skipping .git and other dot folders. */
export async function listSources(root: string, onDir?: (found: number) => void): Promise<string[]> {
	const files: string[] = [];
	const pending: string[] = [''];
	const workers = 16;
	let active = 0;
	await new Promise<void>((resolveAll, rejectAll) => {
		const pump = () => {
			while (active < workers && pending.length > 0) {
				const rel = pending.pop()!;
				active += 1;
				readdir(join(root, rel), { withFileTypes: true })
					.then((entries) => {
						for (const entry of entries) {
							const path = rel ? `${rel}/${entry.name}` : entry.name;
							if (entry.isDirectory()) {
								if (!entry.name.startsWith('.')) pending.push(path);
							} else if (entry.isFile() && isSource(entry.name)) {
								files.push(path);
							}
						}
					}, (error: NodeJS.ErrnoException) => {
						// An unreadable folder deep in the tree is skipped; the top one is an error.
						if (rel === '') throw error;
					})
					.then(() => {
						active -= 1;
						onDir?.(files.length);
						if (active === 0 && pending.length === 0) resolveAll();
						else pump();
					})
					.catch(rejectAll);
			}
		};
		pump();
	});
	return files.sort();
}

/** Below this many files, starting threads costs more than it saves. */
const minFilesPerThread = 2_000;

/** Runs scanFiles in `threads` worker threads, each on an interleaved share of the files. */
function scanInWorkers(root: string, files: string[], identifiers: string[], threads: number, onProgress: (scanned: number, sites: number) => void): Promise<FilesResult> {
	const shares = Array.from({ length: threads }, (_, t) => files.filter((_, i) => i % threads === t));
	const scanned = shares.map(() => 0);
	const sites = shares.map(() => 0);
	const workers: Worker[] = [];
	return new Promise<FilesResult>((resolveAll, rejectAll) => {
		const results: FilesResult[] = [];
		const fail = (error: unknown) => {
			for (const worker of workers) void worker.terminate();
			rejectAll(error);
		};
		shares.forEach((share, t) => {
			const workerData: WorkerInput = { root, files: share, identifiers };
			const worker = new Worker(new URL('./scan-worker.ts', import.meta.url), { workerData });
			workers.push(worker);
			worker.on('error', fail);
			worker.on('exit', (code) => {
				if (code !== 0 && results.length < threads) fail(new Error(`scan worker stopped with code ${code}`));
			});
			worker.on('message', (message: WorkerMessage) => {
				if (message.type === 'progress') {
					scanned[t] = message.scanned;
					sites[t] = message.sites;
					onProgress(scanned.reduce((a, b) => a + b, 0), sites.reduce((a, b) => a + b, 0));
					return;
				}
				results.push(message.result);
				if (results.length === threads) {
					resolveAll({
						sites: results.flatMap((r) => r.sites),
						scanned: results.reduce((n, r) => n + r.scanned, 0),
						matched: results.reduce((n, r) => n + r.matched, 0),
					});
				}
			});
		});
	});
}

export async function scanTree(root: string, knowledge: Knowledge, options: ScanOptions = {}): Promise<ScanResult> {
	const filter = options.filter ?? (() => true);
	const apis = knowledge.entries.filter((e) => e.kind === 'api' && filter(e));
	const apisOf = (identifier: string) => (knowledge.byIdentifier.get(identifier) ?? []).filter((e) => apis.includes(e));
	const progress: ScanProgress = { filesScanned: 0, filesFound: 0, walking: true, sites: 0 };
	const report = () => options.onProgress?.(progress);

	const files = await listSources(root, (found) => {
		progress.filesFound = found;
		report();
	});
	progress.walking = false;
	progress.filesFound = files.length;

	const identifiers = [...new Set(apis.flatMap((e) => e.identifiers))];
	const onFiles = (scanned: number, found: number) => {
		progress.filesScanned = scanned;
		progress.sites = found;
		report();
	};
	const automatic = Math.min(availableParallelism(), 8, Math.floor(files.length / minFilesPerThread));
	const threads = Math.max(1, Math.min(options.threads ?? automatic, files.length));
	let raw: FilesResult | undefined;
	let used = 1;
	if (threads > 1) {
		try {
			raw = await scanInWorkers(root, files, identifiers, threads, onFiles);
			used = threads;
		} catch {
			raw = undefined; // No worker threads here: scan in this thread instead.
		}
	}
	// In-thread, yield now and then so that progress reaches the terminal.
	raw ??= await scanFiles(root, files, identifiers, (scanned, found) => {
		onFiles(scanned, found);
		return new Promise((resolveLater) => setImmediate(resolveLater));
	});
	progress.filesScanned = raw.scanned;
	progress.sites = raw.sites.length;
	report();

	const sites: Site[] = raw.sites.map((found: RawSite) => {
		const siteApis = apisOf(found.identifier);
		const users = knowledge.usersByFile.get(found.file) ?? [];
		const coverage: Coverage = users.length > 0
			? 'covered'
			: siteApis.some((api) => api.definedIn.includes(found.file))
				? 'definition'
				: siteApis.every((api) => api.safety === 'safe' && api.status !== 'removed')
					? 'replacement'
					: 'missing';
		return { ...found, apis: siteApis, coverage, users };
	});
	const filesMatched = raw.matched;
	sites.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
	const groups = new Map<string, SubsystemGroup>();
	for (const site of sites) {
		const subsystem = subsystemOf(knowledge, site.file);
		const id = subsystem?.id ?? 'other';
		let group = groups.get(id);
		if (!group) {
			group = { id, title: subsystem?.title ?? 'Not in any subsystem of the knowledge base', url: subsystem?.url ?? null, sites: [] };
			groups.set(id, group);
		}
		group.sites.push(site);
	}
	const ordered = [...groups.values()].sort((a, b) => Number(a.id === 'other') - Number(b.id === 'other') || a.id.localeCompare(b.id));
	const missingFiles = [...new Set(sites.filter((s) => s.coverage === 'missing').map((s) => s.file))];
	return { root, filesScanned: progress.filesScanned, filesMatched, sites, groups: ordered, missingFiles, threads: used };
}
