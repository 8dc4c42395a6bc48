/**
 * Where the benchmark puts output it replaces: moved into bench/out/trash/ (a rename, no file is
 * freed) just before a build, and deleted once the run has measured everything.
 *
 * Why not delete it there and then: this machine's root file system is ext4 without a journal,
 * and there, creating a file skips every free inode that was freed in the last 5 s, or in the
 * last 305 s when its inode-table block is dirty, which it is as soon as a new file lands in it
 * (`find_inode_bit()` and `recently_deleted()` in fs/ext4/ialloc.c; the check runs only when
 * the file system has no journal). The skipping restarts from the start of the block group for
 * every new file, so a build that writes 18,000 files seconds after the last build's 18,000
 * were deleted spends about 2.8 core-seconds in that scan (`perf record -a` of one benchmark
 * build, README "Performance", step 27), time a first build of the site does not spend. A file
 * system with a journal does not do this scan at all.
 *
 * Deleting at the end of a run only moves the cost to the next run if it starts within five
 * minutes: `lastEmptied` lets the benchmark say so in its results.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** How long ext4 without a journal keeps skipping an inode freed in a block that is dirty. */
export const RECENTLY_DELETED_S = 305;

const trashOf = (benchOut: string) => join(benchOut, 'trash');
const recordOf = (benchOut: string) => join(benchOut, 'trash-emptied.json');

/** Moves `path` (a file or folder; nothing if it does not exist) into the trash of `benchOut`. */
export function moveToTrash(path: string, benchOut: string): void {
	if (!existsSync(path)) return;
	const trash = trashOf(benchOut);
	mkdirSync(trash, { recursive: true });
	let target = join(trash, `${basename(path)}-${Date.now()}`);
	for (let n = 1; existsSync(target); n++) target = join(trash, `${basename(path)}-${Date.now()}-${n}`);
	renameSync(path, target);
}

/** Counts the files and folders under `dir` (not `dir` itself). */
function countEntries(dir: string): number {
	return readdirSync(dir, { recursive: true }).length;
}

/**
 * Deletes everything in the trash and records when and how many files and folders, for
 * `lastEmptied`. Returns that number.
 */
export function emptyTrash(benchOut: string, now = Date.now()): number {
	const trash = trashOf(benchOut);
	if (!existsSync(trash)) return 0;
	const entries = countEntries(trash);
	rmSync(trash, { recursive: true, force: true });
	if (entries > 0) writeFileSync(recordOf(benchOut), JSON.stringify({ at: new Date(now).toISOString(), entries }));
	return entries;
}

/**
 * The last emptying of the trash if it was less than RECENTLY_DELETED_S seconds before `now`:
 * builds started now create their files among inodes that ext4 (without a journal) still skips.
 */
export function lastEmptied(benchOut: string, now = Date.now()): { secondsAgo: number; entries: number } | undefined {
	const record = recordOf(benchOut);
	if (!existsSync(record)) return undefined;
	const { at, entries } = JSON.parse(readFileSync(record, 'utf8')) as { at: string; entries: number };
	const secondsAgo = Math.round((now - Date.parse(at)) / 1000);
	return secondsAgo >= 0 && secondsAgo < RECENTLY_DELETED_S ? { secondsAgo, entries } : undefined;
}

/** The sentence the benchmark prints and stores when `lastEmptied` found a recent deletion. */
export const recentDeletionNote = (d: { secondsAgo: number; entries: number }) =>
	`the trash of an earlier run (${d.entries} files and folders) was deleted ${d.secondsAgo} s before; on ext4 without a journal, files are slower to create for ${RECENTLY_DELETED_S} s after a deletion`;
