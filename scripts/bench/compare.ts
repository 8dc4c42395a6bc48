/**
 * Compares two benchmark results: `node scripts/bench/compare.ts a.json b.json`
 * (or `npm run bench:compare -- a.json b.json`). For every size present in both files, prints
 * each numeric figure of a and b and the ratio b/a (below 1 = b is smaller/faster).
 * `--all` also lists figures that did not change and per-route render times.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Numeric leaves worth comparing, keyed by a readable path. Lists of samples are skipped. */
function flatten(value: Json, path: string, out: Map<string, number>, all: boolean): void {
	if (typeof value === 'number') {
		out.set(path, value);
		return;
	}
	if (Array.isArray(value)) {
		if (path.endsWith('.phases')) {
			for (const p of value as { name: string; ms: number }[]) out.set(`${path}.${p.name}`, p.ms);
		} else if (all && path.endsWith('.routes')) {
			for (const r of value as { route: string; totalMs: number }[]) out.set(`${path}.${r.route}.totalMs`, r.totalMs);
		} else if (path.endsWith('.variants')) {
			for (const v of value as { variant: string; wallMs: number }[]) out.set(`${path}.${v.variant}.wallMs`, v.wallMs);
		}
		return;
	}
	if (value && typeof value === 'object') {
		for (const [key, child] of Object.entries(value)) flatten(child, path ? `${path}.${key}` : key, out, all);
	}
}

interface Report {
	date: string;
	srcHash: string;
	results: { users: number; [key: string]: Json }[];
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { all: { type: 'boolean', default: false } } });
if (positionals.length !== 2) {
	console.error('usage: node scripts/bench/compare.ts a.json b.json [--all]');
	process.exit(2);
}
const [a, b] = positionals.map((file) => JSON.parse(readFileSync(file, 'utf8')) as Report) as [Report, Report];
console.log(`a: ${positionals[0]} (${a.date}, src ${a.srcHash})`);
console.log(`b: ${positionals[1]} (${b.date}, src ${b.srcHash})\n`);
const skip = /(^|\.)(loadBefore|loadAfter|exitCode|generateMs|initMs|initBytes)$|\.(routes|queries)\b|maxMs|\.corpus\.(?!files)/;
for (const ra of a.results) {
	const rb = b.results.find((r) => r.users === ra.users);
	if (!rb) continue;
	const fa = new Map<string, number>();
	const fb = new Map<string, number>();
	flatten(ra as unknown as Json, '', fa, values.all);
	flatten(rb as unknown as Json, '', fb, values.all);
	console.log(`## ${ra.users} users\n`);
	console.log('| figure | a | b | b/a |');
	console.log('| --- | --- | --- | --- |');
	for (const [key, va] of fa) {
		if (!values.all && skip.test(key)) continue;
		const vb = fb.get(key);
		if (vb === undefined) continue;
		if (!values.all && va === vb) continue;
		const ratio = va === 0 ? (vb === 0 ? 1 : Infinity) : vb / va;
		console.log(`| ${key} | ${va} | ${vb} | ${Number.isFinite(ratio) ? ratio.toFixed(2) : '∞'} |`);
	}
	console.log('');
}
