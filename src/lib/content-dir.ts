/**
 * Where the content lives: the top-level content/ folder, or another folder named by
 * UABI_KB_CONTENT (used by fixture builds in tests and by the benchmark's synthetic corpora).
 */
import { resolve } from 'node:path';

export const contentDir = (root: string = process.cwd()) => resolve(root, process.env['UABI_KB_CONTENT'] ?? 'content');

/**
 * The content cache of a content folder (as named, e.g. by UABI_KB_CONTENT), relative to the
 * project: one per folder, so that builds of the fixture corpus or a benchmark corpus never see
 * entries cached from content/, and a copy of the project never shares a cache with another.
 */
export const contentCacheDir = (content: string = process.env['UABI_KB_CONTENT'] ?? 'content') => `./.astro/cache/${content.replace(/[^A-Za-z0-9]+/g, '-')}`;
