/** Schema factories with a stub `ref` that returns `{ collection, id }`, as Astro's reference() does. */
import { z } from 'astro/zod';
import type { CollectionName } from '../../src/schemas/shared.ts';

export const ref = (collection: CollectionName) => z.string().transform((id) => ({ collection, id }));

/** Issue paths of a failed parse, joined with dots, for assertions. */
export function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] {
	return (result.error?.issues ?? []).map((issue) => issue.path.map(String).join('.'));
}
