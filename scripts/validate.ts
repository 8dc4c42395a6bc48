/** `npm run validate [content-dir]`: report every content problem, exit 1 if there are any. */
import { resolve } from 'node:path';
import { formatProblem, validateContent } from '../src/lib/validate.ts';

const dir = resolve(process.argv[2] ?? 'content');
const { problems, items } = validateContent(dir, process.cwd());
for (const problem of problems) console.error(formatProblem(problem));
if (problems.length > 0) {
	console.error(`\n${problems.length} problem(s) in ${dir}`);
	process.exit(1);
}
console.log(`content OK: ${items.length} items checked in ${dir}`);
