/** Writes /data/kb.json (see exportJson). Kept apart from export.ts, which needs Astro's content runtime. */
import { z } from 'astro/zod';
import { exportSchema } from '../schemas/export.ts';
import { tabIndentedJsonPieces } from './json-pieces.ts';

/**
 * The text of /data/kb.json: `data` parsed with the published schema's source (so the export never
 * drifts from it) and written with tab indentation and a final newline. The item lists are parsed
 * and written one item at a time: at 5,000 users, a parsed copy of the whole export plus its text
 * as one string made this page the build's peak of memory.
 */
export function exportJson(data: Readonly<Record<string, unknown>>): ReadableStream<Uint8Array> {
	const lists = Object.keys(data).filter((key) => Array.isArray(data[key]));
	const head = exportSchema.parse({ ...data, ...Object.fromEntries(lists.map((key) => [key, []])) });
	const shape = exportSchema.shape as Record<string, z.ZodType>;
	const parsedItems = function* (key: string) {
		const element = (shape[key] as z.ZodArray<z.ZodType>).element;
		for (const [at, item] of (data[key] as unknown[]).entries()) {
			const parsed = element.safeParse(item);
			if (!parsed.success) throw new Error(`/data/kb.json: ${key}[${at}] does not match the export schema:\n${z.prettifyError(parsed.error)}`);
			yield parsed.data;
		}
	};
	const pieces = tabIndentedJsonPieces(head, new Map(lists.map((key) => [key, parsedItems(key)])));
	const encoder = new TextEncoder();
	return new ReadableStream({
		pull(controller) {
			const next = pieces.next();
			if (next.done) {
				controller.enqueue(encoder.encode('\n'));
				controller.close();
			} else controller.enqueue(encoder.encode(next.value));
		},
	});
}

