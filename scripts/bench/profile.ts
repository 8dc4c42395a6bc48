/**
 * Sums a V8 CPU profile (from `node --cpu-prof`, as `npm run bench -- --cpu-prof` takes of each
 * build) by what the time was spent on: MDX/Markdown compile, Shiki, Astro's renderer, the
 * site's own page code, Vite/Rolldown, the content layer, the validator's YAML and zod, Pagefind's
 * Node side, Node internals and garbage collection. Self time only (no double counting).
 * Pagefind's indexer and Rolldown's native threads run outside the main thread and do not show
 * here; their share is visible in the phase times of the build log.
 *
 * Usage: node scripts/bench/profile.ts <file.cpuprofile> [--top=25]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

/** First matching rule names the category of a frame (matched against "<url> <function>"). */
const rules: [string, RegExp][] = [
	['GC', /^ \(garbage collector\)$/],
	['idle (waiting: native threads, child processes, I/O)', /^ \(idle\)$/],
	['program (native, unattributed)', /^ \(program\)$/],
	['file I/O (native)', /^ (writeUtf8String|writeFileUtf8|readFileUtf8|openFileHandle|open|close|read|write|writeBuffer|writeString|writeBuffers|stat|lstat|fstat|readdir|mkdir|rmdir|unlink|realpath|fsync|copyFile|rename|statSync|internalModuleStat)$/],
	['Shiki (highlighting; wasm = its Oniguruma engine)', /^wasm:|\/(shiki|@shikijs|oniguruma-to-es|vscode-textmate|oniguruma-parser)\//],
	['MDX / Markdown compile', /\/(@mdx-js|micromark[^/]*|mdast-[^/]*|remark-[^/]*|rehype-[^/]*|hast-[^/]*|unified|vfile[^/]*|estree-[^/]*|unist-[^/]*|acorn[^/]*|recma-[^/]*|esast-[^/]*|property-information|space-separated-tokens|comma-separated-tokens|zwitch|bail|trough|devlop|character-entities[^/]*|decode-named-character-reference|parse-entities|stringify-entities|html-void-elements|ccount|markdown-table|longest-streak|github-slugger|periscopic|is-reference|astring|source-map[^/]*|@astrojs\/markdown-remark|@astrojs\/markdown-satteri|satteri|@satteri[^/]*|@astrojs\/mdx)\//],
	['Astro compiler (.astro → JS)', /\/@astrojs\/compiler\//],
	['site code at render time: compiled pages, components, MDX modules', /\/\.astro\/\.prerender\/|\/\.prerender\//],
	['Astro render runtime', /\/astro\/dist\/(runtime|core\/render|core\/app|core\/routing|core\/redirects)\//],
	['Astro build pipeline', /\/astro\/dist\/(core\/build|core\/logger|core\/util|core\/config|cli)\//],
	['Astro content layer (incl. devalue, js-yaml)', /\/astro\/dist\/(content|assets)\/|\/(devalue|js-yaml|gray-matter|smol-toml)\//],
	['Astro (other)', /\/astro\/dist\/|\/@astrojs\//],
	['Vite / Rolldown (JS side)', /\/(vite|rolldown|@rolldown|rollup|@rollup|esbuild|lightningcss|postcss[^/]*|magic-string|es-module-lexer|picomatch|tinyglobby|fdir)\//],
	['zod (schemas: validator and content layer)', /\/zod\//],
	['YAML parsing in the validator (yaml)', /\/yaml\//],
	['Pagefind (Node side; indexing runs in its own process)', /\/pagefind\//],
	['site code: validator, lib, integrations, config', /\/src\/(lib|integrations|schemas)\/|astro\.config\.mjs|astro\.bench\.mjs/],
	['site code (other)', /\/src\//],
	['Node internals', /^(node:|internal\/)/],
	['other node_modules', /\/node_modules\//],
];

export interface Category {
	name: string;
	ms: number;
	share: number;
}
export interface Breakdown {
	totalMs: number;
	categories: Category[];
	topFunctions: { name: string; ms: number }[];
	/** The same, per phase of the build (windows in ms since the process was spawned). */
	phases?: { name: string; ms: number; categories: Category[] }[];
}

const toCategories = (map: Map<string, number>, total: number): Category[] =>
	[...map]
		.map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: total ? Math.round((us / total) * 1000) / 10 : 0 }))
		.sort((a, b) => b.ms - a.ms);

/**
 * `windows`: phases as consecutive durations (ms); `originUs`: the monotonic time (µs) at which
 * the process was spawned, to place samples in the windows (profile times are monotonic µs).
 */
export function breakdown(profile: CpuProfile, opts: { top?: number; windows?: { name: string; ms: number }[]; originUs?: number } = {}): Breakdown {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const catOf = new Map<number, string>();
	const fnOf = new Map<number, string>();
	for (const node of profile.nodes) {
		const { functionName, url, lineNumber } = node.callFrame;
		const key = `${url} ${functionName}`;
		catOf.set(node.id, rules.find(([, re]) => re.test(key))?.[0] ?? (url ? 'other' : 'other (native)'));
		const short = url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '').replace(/^\/work\/main\//, '');
		fnOf.set(node.id, `${functionName || '(anonymous)'} ${short ? `${short}:${lineNumber + 1}` : ''}`.trim());
	}
	void byId;
	const cats = new Map<string, number>();
	const fns = new Map<string, number>();
	const bounds: number[] = [];
	let acc = 0;
	for (const w of opts.windows ?? []) bounds.push((acc += w.ms));
	const perPhase = (opts.windows ?? []).map(() => new Map<string, number>());
	const phaseTotals = (opts.windows ?? []).map(() => 0);
	let total = 0;
	let t = profile.startTime;
	for (let i = 0; i < profile.samples.length; i++) {
		const id = profile.samples[i]!;
		const us = profile.timeDeltas[i] ?? 0;
		t += us;
		const cat = catOf.get(id)!;
		cats.set(cat, (cats.get(cat) ?? 0) + us);
		const fn = fnOf.get(id)!;
		fns.set(fn, (fns.get(fn) ?? 0) + us);
		total += us;
		if (bounds.length) {
			const atMs = (t - (opts.originUs ?? profile.startTime)) / 1000;
			let w = bounds.findIndex((b) => atMs < b);
			if (w < 0) w = bounds.length - 1;
			perPhase[w]!.set(cat, (perPhase[w]!.get(cat) ?? 0) + us);
			phaseTotals[w]! += us;
		}
	}
	return {
		totalMs: Math.round(total / 1000),
		categories: toCategories(cats, total),
		topFunctions: [...fns]
			.map(([name, us]) => ({ name, ms: Math.round(us / 1000) }))
			.sort((a, b) => b.ms - a.ms)
			.slice(0, opts.top ?? 25),
		...(opts.windows
			? { phases: opts.windows.map((w, i) => ({ name: w.name, ms: Math.round(phaseTotals[i]! / 1000), categories: toCategories(perPhase[i]!, phaseTotals[i]!) })) }
			: {}),
	};
}

export const loadProfile = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

if (import.meta.main) {
	const { positionals, values } = parseArgs({
		allowPositionals: true,
		options: { top: { type: 'string', default: '25' }, phases: { type: 'string' } },
	});
	// --phases=bench/out/build-1000.json: split by the build's phases (origin assumed = profile start).
	const windows = values.phases ? (JSON.parse(readFileSync(values.phases, 'utf8')) as { phases: { name: string; ms: number }[] }).phases : undefined;
	for (const file of positionals) {
		const b = breakdown(loadProfile(file), { top: Number(values.top), ...(windows ? { windows } : {}) });
		console.log(`${file}: ${(b.totalMs / 1000).toFixed(1)} s of main-thread samples\n`);
		console.log('| category | s | share |\n| --- | --- | --- |');
		for (const c of b.categories) console.log(`| ${c.name} | ${(c.ms / 1000).toFixed(1)} | ${c.share}% |`);
		for (const p of b.phases ?? []) {
			console.log(`\n${p.name}: ${(p.ms / 1000).toFixed(1)} s sampled`);
			for (const c of p.categories.filter((x) => x.share >= 2)) console.log(`  ${c.share}%\t${(c.ms / 1000).toFixed(1)} s\t${c.name}`);
		}
		console.log('\n| function (self time) | ms |\n| --- | --- |');
		for (const f of b.topFunctions) console.log(`| ${f.name.replace(/\|/g, '\\|')} | ${f.ms} |`);
		console.log('');
	}
}
