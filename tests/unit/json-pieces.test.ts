import { describe, expect, test } from 'vitest';
import { tabIndentedJsonPieces } from '../../src/lib/json-pieces.ts';

const samples: [name: string, value: Record<string, unknown>][] = [
	['empty object', {}],
	['scalars and nesting', { a: 1, b: 'two\nlines "quoted" \u2028 é', c: null, d: true, e: { f: [1, { g: [] }], h: {} } }],
	['lists of objects, an empty list, a list of scalars', { version: 3, users: [{ id: 'a', tags: ['x', 'y'], sub: { n: 1 } }, { id: 'b', tags: [] }], apis: [], names: ['p', 'q'] }],
	['members JSON leaves out, and holes in lists', { a: undefined, b: () => 1, users: [undefined, 1, { c: undefined }], z: 'last' }],
	['dates and nested toJSON', { when: new Date(Date.UTC(2021, 2, 4)), users: [{ at: new Date(Date.UTC(2020, 9, 9)) }] }],
];

describe('JSON written in pieces', () => {
	test.each(samples)('%s: the same text as JSON.stringify(value, null, "\\t")', (_, value) => {
		const lists = Object.keys(value).filter((key) => Array.isArray(value[key]));
		// Every list streamed, then none: both ways give JSON.stringify's text.
		for (const streamed of [new Map(lists.map((key) => [key, (value[key] as unknown[]).values()])), new Map()]) {
			expect([...tabIndentedJsonPieces(value, streamed)].join('')).toBe(JSON.stringify(value, null, '\t'));
		}
	});

	test('a streamed list is read one element at a time, as the text is consumed', () => {
		let read = 0;
		const items = (function* () {
			for (const id of ['a', 'b', 'c']) {
				read++;
				yield { id };
			}
		})();
		const pieces = tabIndentedJsonPieces({ users: [] }, new Map([['users', items]]));
		pieces.next();
		pieces.next();
		expect(read).toBe(0);
		pieces.next();
		expect(read).toBe(1);
		expect([...pieces].join('')).toContain('"c"');
		expect(read).toBe(3);
	});
});
