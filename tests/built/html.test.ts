/**
 * Every built page validates with html-validate (recommended rules; the three exceptions are
 * explained in CONTRIBUTING.md under "Quality gates").
 */
import { expect, test } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';

const root = join(import.meta.dirname, '..', '..');
const dist = join(root, 'dist');

test('every page in dist is valid HTML', async () => {
	const validator = new HtmlValidate(new FileSystemConfigLoader());
	const files = (readdirSync(dist, { recursive: true }) as string[]).filter((f) => f.endsWith('.html') && !f.startsWith('pagefind'));
	expect(files.length).toBeGreaterThan(10);
	const problems: string[] = [];
	for (const file of files) {
		const report = await validator.validateFile(join(dist, file));
		for (const result of report.results) {
			for (const m of result.messages) problems.push(`${file}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
		}
	}
	expect(problems).toEqual([]);
});
