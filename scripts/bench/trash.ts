/**
 * Where the benchmark puts output it replaces: moved into bench/out/trash/ (a rename, no file is
 * freed) just before a build, and deleted only when the trash has grown large (TRASH_LIMIT), after
 * a run has measured everything, or by hand: `node scripts/bench/trash.ts`.
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
 * Deleting at the end of every run would move the cost to the next run whenever it starts within
 * five minutes, as runs in a working session do (a run begun 225 s after 212,590 files and folders
 * were deleted took 44.8 s at 5,000 users, with 11.1 s of kernel time against 8-9 s); so the
 * trash is kept until it is large, and `lastEmptied` lets the benchmark say in its results when a
 * build follows an emptying.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** How long ext4 without a journal keeps skipping an inode freed in a block that is dirty. */
export const RECENTLY_DELETED_S = 305;

/**
 * Files and folders the trash may hold before a run empties it: about sixteen 5,000-user outputs
 * with their corpora (some 6 GB), two `bench:ab` runs of four rounds.
 */
export const TRASH_LIMIT = 500_000;

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
	return existsSync(trash) ? deleteTrash(benchOut, countEntries(trash), now) : 0;
}

/** Deletes the trash, which holds `entries` files and folders, and records it for `lastEmptied`. */
function deleteTrash(benchOut: string, entries: number, now = Date.now()): number {
	rmSync(trashOf(benchOut), { recursive: true, force: true });
	if (entries > 0) writeFileSync(recordOf(benchOut), JSON.stringify({ at: new Date(now).toISOString(), entries }));
	return entries;
}

/** Empties the trash if it holds more than `limit` files and folders; returns what it holds or held. */
export function emptyTrashIfFull(benchOut: string, limit = TRASH_LIMIT): { entries: number; emptied: boolean } {
	const trash = trashOf(benchOut);
	const entries = existsSync(trash) ? countEntries(trash) : 0;
	if (entries <= limit) return { entries, emptied: false };
	return { entries: deleteTrash(benchOut, entries), emptied: true };
}

/** What a run says about the trash when it ends. */
export function trashReport({ entries, emptied }: { entries: number; emptied: boolean }): string | undefined {
	if (emptied) return `deleted the ${entries} files and folders of replaced output in bench/out/trash/ (more than ${TRASH_LIMIT}); a build in the next ${RECENTLY_DELETED_S} s is slower on this machine`;
	if (entries > 0) return `bench/out/trash/ keeps ${entries} files and folders of replaced output (emptied above ${TRASH_LIMIT}, or by node scripts/bench/trash.ts)`;
	return undefined;
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

if (import.meta.main) {
	const benchOut = join(import.meta.dirname, '..', '..', 'bench', 'out');
	const entries = emptyTrash(benchOut);
	console.log(entries ? `deleted ${entries} files and folders in bench/out/trash/; a benchmark build in the next ${RECENTLY_DELETED_S} s is slower on this machine` : 'bench/out/trash/ is empty');
}
