/**
 * How an item id is formed: the file name without its extension, unchanged. Kernel versions
 * keep their dots (`5.12`), CVE ids keep their case. Shared by the Astro loaders, the validator
 * and the tests, so all three agree on what an id is.
 */
import { basename } from 'node:path';

/** Allowed id spelling; anything else is reported by the validator. */
export const idPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function idFromPath(entry: string): string {
	const name = basename(entry);
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(0, dot) : name;
}

/** `generateId` for Astro's glob() loader. */
export function generateId({ entry }: { entry: string }): string {
	return idFromPath(entry);
}
