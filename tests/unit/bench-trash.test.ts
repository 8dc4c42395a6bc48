import { afterEach, expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyTrash, emptyTrashIfFull, lastEmptied, moveToTrash, RECENTLY_DELETED_S, recentDeletionNote, trashReport } from '../../scripts/bench/trash.ts';

const dirs: string[] = [];
const scratch = () => {
	const dir = mkdtempSync(join(tmpdir(), 'uabi-kb-trash-'));
	dirs.push(dir);
	return dir;
};
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

test('moveToTrash renames a folder into the trash, whole, and leaves nothing behind', () => {
	const out = scratch();
	const dist = join(out, 'dist-5000');
	mkdirSync(join(dist, 'users', 'a'), { recursive: true });
	writeFileSync(join(dist, 'users', 'a', 'index.html'), 'page a');
	moveToTrash(dist, out);
	expect(existsSync(dist)).toBe(false);
	const [moved, ...more] = readdirSync(join(out, 'trash'));
	expect(more).toEqual([]);
	expect(moved).toMatch(/^dist-5000-\d+$/);
	expect(readFileSync(join(out, 'trash', moved!, 'users', 'a', 'index.html'), 'utf8')).toBe('page a');
});

test('moveToTrash does nothing for a path that does not exist, and keeps two moves of one name apart', () => {
	const out = scratch();
	moveToTrash(join(out, 'dist-1000'), out);
	expect(existsSync(join(out, 'trash'))).toBe(false);
	for (const text of ['first', 'second']) {
		mkdirSync(join(out, 'corpus-10'));
		writeFileSync(join(out, 'corpus-10', 'f'), text);
		moveToTrash(join(out, 'corpus-10'), out);
	}
	const moved = readdirSync(join(out, 'trash'));
	expect(moved).toHaveLength(2);
	expect(moved.map((name) => readFileSync(join(out, 'trash', name, 'f'), 'utf8')).sort()).toEqual(['first', 'second']);
});

test('emptyTrash deletes the trash, counts what it held and records when', () => {
	const out = scratch();
	expect(emptyTrash(out)).toBe(0);
	expect(lastEmptied(out)).toBeUndefined();
	mkdirSync(join(out, 'dist-10', 'users'), { recursive: true });
	writeFileSync(join(out, 'dist-10', 'users', 'x.txt'), 'x');
	writeFileSync(join(out, 'dist-10', 'index.html'), 'i');
	moveToTrash(join(out, 'dist-10'), out);
	const now = Date.parse('2026-12-01T04:00:00Z');
	// dist-10-<time>/, users/, users/x.txt, index.html
	expect(emptyTrash(out, now)).toBe(4);
	expect(existsSync(join(out, 'trash'))).toBe(false);
	expect(lastEmptied(out, now + 12_000)).toEqual({ secondsAgo: 12, entries: 4 });
	expect(lastEmptied(out, now + (RECENTLY_DELETED_S - 1) * 1000)).toEqual({ secondsAgo: RECENTLY_DELETED_S - 1, entries: 4 });
	expect(lastEmptied(out, now + RECENTLY_DELETED_S * 1000)).toBeUndefined();
	expect(lastEmptied(out, now - 1000)).toBeUndefined();
});

test('the note names the count, the delay and the window', () => {
	expect(recentDeletionNote({ secondsAgo: 42, entries: 18106 })).toBe(
		'the trash of an earlier run (18106 files and folders) was deleted 42 s before; on ext4 without a journal, files are slower to create for 305 s after a deletion',
	);
});

test('emptyTrashIfFull keeps the trash up to the limit and empties it above; the report says which', () => {
	const out = scratch();
	expect(emptyTrashIfFull(out, 2)).toEqual({ entries: 0, emptied: false });
	expect(trashReport({ entries: 0, emptied: false })).toBeUndefined();
	mkdirSync(join(out, 'dist-10'));
	writeFileSync(join(out, 'dist-10', 'a'), 'a');
	moveToTrash(join(out, 'dist-10'), out);
	// dist-10-<time>/ and a: two entries, not more than the limit
	expect(emptyTrashIfFull(out, 2)).toEqual({ entries: 2, emptied: false });
	expect(readdirSync(join(out, 'trash'))).toHaveLength(1);
	expect(lastEmptied(out)).toBeUndefined();
	expect(trashReport({ entries: 2, emptied: false })).toMatch(/^bench\/out\/trash\/ keeps 2 files and folders/);
	expect(emptyTrashIfFull(out, 1)).toEqual({ entries: 2, emptied: true });
	expect(existsSync(join(out, 'trash'))).toBe(false);
	expect(lastEmptied(out)?.entries).toBe(2);
	expect(trashReport({ entries: 2, emptied: true })).toMatch(/^deleted the 2 files and folders .* slower on this machine$/);
});
