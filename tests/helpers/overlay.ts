/** Builds a content folder from the valid fixture corpus plus one invalid overlay. */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const fixtures = join(import.meta.dirname, '..', 'fixtures');
export const validContent = join(fixtures, 'valid', 'content');

/** Returns the root of a temporary project whose content/ is the valid corpus with `overlay` applied. */
export function contentWithOverlay(overlay: string): string {
	const root = mkdtempSync(join(tmpdir(), `uabi-kb-${overlay}-`));
	cpSync(validContent, join(root, 'content'), { recursive: true });
	cpSync(join(fixtures, 'invalid', overlay), join(root, 'content'), { recursive: true });
	return root;
}
