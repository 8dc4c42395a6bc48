/**
 * The two overlaps of a cold build stay in place: bodies are rendered while the content is
 * validated (src/integrations/validate.ts), and Pagefind starts while the pages other than
 * item pages are rendered (src/integrations/pagefind.ts). The server bundle reads the content
 * store instead of inlining it (src/integrations/content-store.ts). Each can silently stop
 * working, for example after an Astro upgrade, without changing the output; the build log says
 * which ran.
 */
import { expect, test } from 'vitest';
import { join } from 'node:path';
import { ownFixtureContent } from '../helpers/own-build.ts';

test('a cold build renders bodies while validating, indexes while rendering, and reads the store unbundled', { timeout: 120_000 }, () => {
	const own = ownFixtureContent('early');
	try {
		const { status, log } = own.build(join(own.work, 'dist'));
		expect(status, log).toBe(0);
		expect(log).toMatch(/\[uabi-kb:validate\] content OK: \d+ items; rendering bodies while loading/);
		expect(log).toMatch(/\[uabi-kb:pagefind\] Pagefind starts on the \d+ item pages; the other pages wait until it has read them/);
		expect(log).toMatch(/\[uabi-kb:pagefind\] the other pages render now: Pagefind has read the item pages/);
		expect(log).toMatch(/\[uabi-kb:pagefind\] indexed \d+ pages \(started while the other pages rendered\)/);
		expect(log).toMatch(/\[uabi-kb:content-store\] the server bundle reads the content store from \S+data-store\.json instead of inlining \d+ characters/);
	} finally {
		own.remove();
	}
});
