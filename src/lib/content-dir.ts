/**
 * Where the content lives: the top-level content/ folder, or another folder named by
 * UABI_KB_CONTENT (used by fixture builds in tests and by the benchmark's synthetic corpora).
 */
import { resolve } from 'node:path';

export const contentDir = (root: string = process.cwd()) => resolve(root, process.env['UABI_KB_CONTENT'] ?? 'content');
