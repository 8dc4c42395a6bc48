/**
 * `npm run build`: runs `astro build` (Pagefind runs inside it) and fails when the log holds a
 * warning or error line that is not on the allowlist below. Astro reports some problems only
 * as log lines (a missing image, a duplicate route, a deprecated option) and still exits 0.
 * Arguments are passed to astro build (e.g. --outDir dist-fixture).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * V8 lets a heap grow to a multiple of what survived the last full collection before it
 * collects again; at 5,000 users the build's live heap was about 0.6 GB when this was added,
 * yet its RSS reached 2.3 GB. Growing by at most a fixed share of the survivors keeps the heap
 * near the live size and scales with the content, unlike a fixed --max-old-space-size that a
 * larger corpus would hit (measured at 25 %: RSS 2.29 -> 1.58 GB, build time within run-to-run
 * noise). Without it the Node process peaked at 1.5 GB instead of 1.0 GB (stop 15). 60 % since
 * step 30: at 5,000 users, fewer full collections; in alternating builds 40 % used about 3
 * core-seconds less CPU than 25 %, and 60 % about 2 less than 40 %, for a peak of 1,123-1,168 MB
 * against 1,007-1,033 MB at 25 % (line: 1,536 MB; README, Performance).
 */
export const nodeFlags = ['--heap-growing-percent=60'];

/** The command that runs `astro build` with our V8 flags: [program, arguments]. The benchmark uses it too. */
export function astroBuildCommand(args: readonly string[]): [string, string[]] {
	const astro = join(dirname(createRequire(import.meta.url).resolve('astro/package.json')), 'bin/astro.mjs');
	return [process.execPath, [...nodeFlags, astro, 'build', ...args]];
}

/** Log lines we accept, each with the reason. Keep this list short. */
export const allowlist: { pattern: RegExp; reason: string }[] = [
	// Nothing is allowed at present: the MDX directive warning is filtered in astro.config.mjs
	// (vite.build.rollupOptions.onwarn) with its reason, so it never reaches the log.
];

// Astro tags problems [WARN]/[ERROR]; Vite and Rolldown start theirs with "warning:" or "(!)".
// Route lines (├─ /threads/…-warning/) name pages and are never problems.
const problem = /\[(WARN|ERROR)\]|^\s*(\[vite\]\s*)?warning:|^\s*\(!\)|\bdeprecated\b/i;
const routeLine = /^\s*\S*\s*[├└]─/;

export function offendingLines(log: string): string[] {
	return log
		.split('\n')
		.map((line) => line.replace(/\x1b\[[0-9;]*m/g, ''))
		.filter((line) => problem.test(line.replace(/^\d\d:\d\d:\d\d\s+/, '')) && !routeLine.test(line) && !allowlist.some((entry) => entry.pattern.test(line)));
}

/** Whether Astro reported a finished build (colour codes stripped). */
export function buildCompleted(log: string): boolean {
	return /\[build\] Complete!/.test(log.replace(/\x1b\[[0-9;]*m/g, ''));
}

if (import.meta.main) {
	const [program, args] = astroBuildCommand(process.argv.slice(2));
	const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
	let log = '';
	const tee = (chunk: Buffer, out: NodeJS.WriteStream) => {
		log += chunk.toString();
		out.write(chunk);
	};
	child.stdout.on('data', (c: Buffer) => tee(c, process.stdout));
	child.stderr.on('data', (c: Buffer) => tee(c, process.stderr));
	child.on('close', (code) => {
		if (code !== 0) process.exit(code ?? 1);
		// A build that stops early can still exit 0 (seen when worker threads let the event loop
		// run dry): only a log that reports completion counts as a build.
		if (!buildCompleted(log)) {
			console.error('\nbuild log check: astro build exited without reporting "[build] Complete!"');
			process.exit(1);
		}
		const bad = offendingLines(log);
		if (bad.length > 0) {
			console.error(`\nbuild log check: ${bad.length} warning/error line(s) not on the allowlist in scripts/build.ts:`);
			for (const line of bad) console.error(`  ${line}`);
			process.exit(1);
		}
		console.log('build log check: clean');
	});
}
