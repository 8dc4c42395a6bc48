import { afterAll, expect, test } from 'vitest';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAhead } from '../../src/lib/read-ahead.ts';
import { validateContent } from '../../src/lib/validate.ts';

const dir = mkdtempSync(join(tmpdir(), 'uabi-kb-read-ahead-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens `fifo` for writing once some thread has it open for reading (ENXIO until then). */
async function writerWhenRead(fifo: string, ms = 5_000): Promise<number> {
	const until = Date.now() + ms;
	for (;;) {
		try {
			return openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENXIO' || Date.now() > until) throw error;
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
	}
}

test('another thread reads the files in order, past ones it cannot read, while this thread waits', async () => {
	// Named pipes show who reads them: a writer can open one only while a reader has it open.
	const first = join(dir, 'first.fifo');
	const second = join(dir, 'second.fifo');
	for (const fifo of [first, second]) expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
	const folder = join(dir, 'a-folder');
	mkdirSync(folder);
	const stop = readAhead([join(dir, 'missing.mdx'), folder, first, second]);
	try {
		// No reader has the second pipe yet: the reader is blocked on the first one.
		expect(() => openSync(second, constants.O_WRONLY | constants.O_NONBLOCK)).toThrow(/ENXIO/);
		for (const fifo of [first, second]) {
			const fd = await writerWhenRead(fifo);
			writeSync(fd, 'x'.repeat(1_000));
			closeSync(fd);
		}
	} finally {
		stop();
	}
});

test('the validator finds the same problems and items with the files read ahead', () => {
	const content = join(dir, 'content');
	mkdirSync(join(content, 'threads'), { recursive: true });
	writeFileSync(join(content, 'threads', 'broken.yaml'), 'subject: [unclosed\n');
	const plain = validateContent('content', '.');
	const ahead = validateContent('content', '.', { readAhead: true });
	expect(ahead.problems).toEqual(plain.problems);
	expect(ahead.items.map((item) => [item.collection, item.id, item.data])).toEqual(plain.items.map((item) => [item.collection, item.id, item.data]));
	expect(plain.items.length).toBeGreaterThan(50);
	const broken = validateContent(content, dir, { readAhead: true });
	expect(broken.problems.map((problem) => problem.file)).toEqual([join('content', 'threads', 'broken.yaml')]);
});

test('nothing to read starts no thread and stops quietly', () => {
	const stop = readAhead([]);
	expect(stop()).toBeUndefined();
});
