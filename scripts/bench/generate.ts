/**
 * Synthetic corpus for the benchmark: writes a complete content folder (all 8 collections) with
 * `users` entries shaped like the real ones, plus proportional apis, uabis, subsystems, cves,
 * threads and guides. The kernel versions are copied from the real content/kernel-versions/.
 * Deterministic: the same --users and --seed give byte-identical files. A file already in the
 * output folder with the same bytes is left as it is and a file no longer generated is removed, so
 * that a second run deletes and creates nothing: deleting 6,000 files before every build made the
 * build pay for them on this machine (scripts/bench/trash.ts).
 *
 * Shape of the corpus (per N users):
 *   subsystems N/50, apis N/25 (40% unsafe lookups, 60% replacements), uabis N/20, cves N/40,
 *   threads N/20, guides N/100 (each at least 2).
 *   A user: ~8 timeline events (6-10), 1-3 files, 1-3 lookup APIs, 0-2 uABIs, security with a
 *   CVE for 1 in 10, migration, 0-2 threads, 2-4 sources, an alias for 1 in 50; an MDX body of
 *   ~3-5 KB with cross-links, 2-3 <H2 id> sections, a <Note> for 1 in 3, a `c` fence with
 *   `// [!code ++]` / `// [!code --]` notation and a `diff` fence.
 *   Lookup APIs are picked with a Zipf-like weight (1/rank), as in the real corpus where most
 *   users call the same few (follow_pfn, follow_pte, ...): the most-called API has ~N/5 callers.
 *   Subsystems are picked uniformly (about 50 users each).
 *   Each user has a distinctive function name `<prefix>_<token>_<verb>` (see `searchTerm`), used
 *   by the search benchmark as a query with a known answer.
 *
 * Usage: node scripts/bench/generate.ts --users=1000 --out=bench/out/corpus-1000 [--seed=1]
 * The output passes `node scripts/validate.ts <out>`.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';

// ---------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32): every choice below goes through one generator.

export class Rng {
	#state: number;
	constructor(seed: number) {
		this.#state = seed >>> 0;
	}
	next(): number {
		let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}
	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)]!;
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
	/** `count` distinct items (fewer if the list is shorter). */
	some<T>(items: readonly T[], count: number): T[] {
		const pool = [...items];
		const out: T[] = [];
		while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!);
		return out;
	}
	/** Index in [0, n) with weight 1/(i+1). */
	zipf(n: number): number {
		let total = 0;
		for (let i = 1; i <= n; i++) total += 1 / i;
		let r = this.next() * total;
		for (let i = 0; i < n; i++) {
			r -= 1 / (i + 1);
			if (r <= 0) return i;
		}
		return n - 1;
	}
	hex(length: number): string {
		let out = '';
		while (out.length < length) out += Math.floor(this.next() * 16).toString(16);
		return out;
	}
	token(length: number): string {
		const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
		let out = '';
		for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
		return out;
	}
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: kernel-flavoured prose, so that the search index sees a realistic mix of common
// words (shared by every page) and rare identifiers (one or a few pages each).

const nouns = [
	'mapping', 'buffer', 'page table', 'pfn', 'vma', 'exporter', 'importer', 'driver', 'device', 'BAR', 'fence',
	'IOMMU domain', 'guest', 'hypervisor', 'mmap lock', 'PTE lock', 'notifier', 'reference', 'refcount', 'range',
	'region', 'allocation', 'DMA address', 'scatterlist', 'frame vector', 'memslot', 'file descriptor', 'ioctl',
	'userspace program', 'VMM', 'ring', 'queue', 'descriptor', 'aperture', 'framebuffer', 'carveout', 'heap',
	'attachment', 'callback', 'fault handler', 'zap', 'invalidation', 'revocation', 'hot-unplug', 'reset',
];
const verbs = [
	'caches', 'looks up', 'resolves', 'pins', 'maps', 'revokes', 'zaps', 'walks', 'translates', 'hands over',
	'keeps', 'drops', 'releases', 'checks', 'refuses', 'accepts', 'rejects', 'tracks', 'invalidates', 'exports',
];
const adjectives = [
	'stale', 'physical', 'contiguous', 'read-only', 'writable', 'refcounted', 'device', 'guest', 'long-term',
	'short-term', 'unpinned', 'pinned', 'cached', 'uncached', 'huge', 'special', 'remapped', 'foreign', 'freed',
];
const connectives = ['because', 'while', 'after', 'before', 'until', 'so that', 'even though', 'unless', 'once'];
const people = [
	'A. Lindqvist', 'B. Okafor', 'C. Moreau', 'D. Yamada', 'E. Novak', 'F. Haddad', 'G. Rossi', 'H. Kowalski',
	'I. Brennan', 'J. Castillo', 'K. Varga', 'L. Nakamura', 'M. Petrov', 'N. Adeyemi', 'O. Schmidt', 'P. Dubois',
];
const lists = ['linux-mm@kvack.org', 'linux-kernel@vger.kernel.org', 'dri-devel@lists.freedesktop.org', 'kvm@vger.kernel.org', 'linux-media@vger.kernel.org', 'iommu@lists.linux.dev'];
const subsystemWords = [
	'media', 'drm', 'vfio', 'kvm', 'accel', 'rdma', 'net', 'sound', 'block', 'scsi', 'nvme', 'virt', 'fpga', 'misc',
	'staging', 'usb', 'pci', 'gpu', 'dma', 'iommu', 'crypto', 'hwtracing', 'infiniband', 'remoteproc', 'vdpa',
];
const prefixes = ['vx', 'qm', 'rk', 'zt', 'hb', 'pl', 'sn', 'kd', 'wv', 'gj', 'fx', 'tm', 'bq', 'nc', 'dy', 'lh'];
const fnVerbs = ['map', 'pin', 'lookup', 'get_pfn', 'import', 'attach', 'fault', 'remap', 'prepare', 'walk'];
const statusFlow: Record<string, readonly string[]> = {
	unsafe: ['unsafe', 'unsafe', 'warns', 'taints', 'fixed', 'rejected'],
	warns: ['warns', 'taints', 'fixed', 'rejected', 'removed'],
	taints: ['taints', 'fixed', 'rejected', 'removed'],
	fixed: ['fixed', 'fixed', 'removed'],
	rejected: ['rejected', 'removed'],
	removed: ['removed'],
};
const headingPool = [
	['how-it-works', 'How it works'],
	['race', 'How the race happens'],
	['code', 'The code, before and after'],
	['userspace', 'What userspace sees'],
	['history', 'History'],
	['exporter', 'The exporter side'],
	['importer', 'The importer side'],
	['testing', 'How to test it'],
] as const;

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function sentence(rng: Rng, extra: string[] = []): string {
	const words = [
		'The', rng.pick(adjectives), rng.pick(nouns), rng.pick(verbs), 'the', rng.pick(adjectives), rng.pick(nouns),
		rng.pick(connectives), 'the', rng.pick(nouns), rng.pick(verbs), 'a', rng.pick(nouns),
	];
	if (extra.length > 0 && rng.chance(0.5)) words.push('in', rng.pick(extra));
	return `${words.join(' ')}.`;
}
const paragraph = (rng: Rng, n: number, extra: string[] = []) => Array.from({ length: n }, () => sentence(rng, extra)).join(' ');
const line = (rng: Rng) => cap(`${rng.pick(verbs)} ${rng.pick(adjectives)} ${rng.pick(nouns)}s`);
const subject = (rng: Rng, area: string) => `${area}: ${rng.pick(verbs).replace(/s$/, '').replace(/ .*/, '')} ${rng.pick(adjectives)} ${rng.pick(nouns)}s`;

// ---------------------------------------------------------------------------------------------

export interface CorpusSize {
	users: number;
	subsystems: number;
	apis: number;
	lookupApis: number;
	uabis: number;
	cves: number;
	threads: number;
	guides: number;
	versions: number;
}

export function corpusSize(users: number): Omit<CorpusSize, 'versions'> {
	const at = (per: number) => Math.max(2, Math.round(users / per));
	const apis = Math.max(4, Math.round(users / 25));
	return { users, subsystems: at(50), apis, lookupApis: Math.max(2, Math.round(apis * 0.4)), uabis: at(20), cves: at(40), threads: at(20), guides: at(100) };
}

/** The query the search benchmark types for user `index`: a function name found on that page only. */
export const searchTermOf = (user: { functions: string[] }) => user.functions[0]!;

export interface GeneratedUser {
	id: string;
	functions: string[];
}

export interface Generated {
	dir: string;
	size: CorpusSize;
	users: GeneratedUser[];
	files: number;
	bytes: number;
}

interface Item {
	id: string;
	title: string;
}

/** Splits the real releases so that each synthetic timeline has room for ~8 events. */
function readVersions(realContent: string): string[] {
	const ids = readdirSync(join(realContent, 'kernel-versions'))
		.filter((f) => f.endsWith('.yaml'))
		.map((f) => f.slice(0, -'.yaml'.length));
	const num = (v: string) => v.split('.').map(Number);
	return ids.sort((a, b) => {
		const pa = num(a);
		const pb = num(b);
		for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
			const d = (pa[i] ?? 0) - (pb[i] ?? 0);
			if (d) return d;
		}
		return 0;
	});
}

const yaml = (data: unknown) => stringify(data, { version: '1.1', lineWidth: 110 });
const mdx = (data: unknown, body: string) => `---\n${yaml(data)}---\n${body}`;
const date = (rng: Rng, from = 2008, to = 2026) => {
	const y = rng.int(from, to);
	const m = rng.int(1, 12);
	const d = rng.int(1, 28);
	return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

/** Paths of the files under `dir`, relative to it (none if it does not exist). */
function filesUnder(dir: string): Set<string> {
	try {
		return new Set(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))));
	} catch {
		return new Set();
	}
}

/** Writes `data` to `path` unless the file already holds exactly these bytes. */
function writeIfChanged(path: string, data: Buffer): void {
	try {
		if (readFileSync(path).equals(data)) return;
	} catch {
		// not there yet
	}
	writeFileSync(path, data);
}

export function generate(opts: { users: number; out: string; seed?: number; realContent?: string }): Generated {
	const rng = new Rng(opts.seed ?? 1);
	const out = resolve(opts.out);
	const realContent = resolve(opts.realContent ?? 'content');
	const n = corpusSize(opts.users);
	const stale = filesUnder(out);
	for (const c of ['users', 'apis', 'uabis', 'subsystems', 'kernel-versions', 'cves', 'threads', 'guides']) mkdirSync(join(out, c), { recursive: true });
	let files = 0;
	let bytes = 0;
	const put = (path: string, data: Buffer) => {
		writeIfChanged(join(out, path), data);
		stale.delete(path);
		files++;
	};
	const write = (path: string, text: string) => {
		const data = Buffer.from(text);
		put(path, data);
		bytes += data.length;
	};

	// Kernel versions: the real ones, copied as they are.
	const versions = readVersions(realContent);
	for (const v of versions) {
		put(join('kernel-versions', `${v}.yaml`), readFileSync(join(realContent, 'kernel-versions', `${v}.yaml`)));
	}
	const idx = (v: string) => versions.indexOf(v);
	const matrixStart = idx('5.8') >= 0 ? idx('5.8') : Math.floor(versions.length / 3);

	const commit = (area: string) => ({ id: rng.hex(12), subject: subject(rng, area) });
	const lore = (area: string) => ({
		type: 'lore',
		messageId: `${rng.int(20080101, 20261231)}${rng.hex(6)}.${rng.int(1000, 99999)}-1-${rng.token(6)}@example.org`,
		subject: `[PATCH] ${subject(rng, area)}`,
		date: date(rng),
	});
	const someSources = (area: string, path: string, count: number) =>
		Array.from({ length: count }, (_, i) => {
			switch ((i + rng.int(0, 3)) % 4) {
				case 0:
					return { type: 'commit', commit: rng.hex(12), subject: subject(rng, area) };
				case 1:
					return lore(area);
				case 2:
					return { type: 'source', path, version: rng.pick(versions.slice(matrixStart)) };
				default:
					return { type: 'link', url: `https://example.org/${area}/${rng.token(8)}`, title: cap(`${rng.pick(adjectives)} ${rng.pick(nouns)} notes`) };
			}
		});

	// Subsystems.
	const subsystems: (Item & { path: string; area: string })[] = [];
	for (let i = 0; i < n.subsystems; i++) {
		const word = subsystemWords[i % subsystemWords.length]!;
		const id = `${word}-${String(i).padStart(3, '0')}`;
		const path = i % 3 === 0 ? `drivers/${word}/${rng.token(5)}/` : `drivers/${word}${i}/`;
		const item = { id, title: `${cap(word)} group ${i}`, path, area: `${word}${i}` };
		subsystems.push(item);
		write(
			`subsystems/${id}.yaml`,
			yaml({
				title: item.title,
				summary: paragraph(rng, 2),
				paths: [path, `include/${word}/${rng.token(5)}/`],
				lists: [rng.pick(lists)],
				...(i >= subsystemWords.length && rng.chance(0.3) ? { parent: subsystems[i % subsystemWords.length]!.id } : {}),
			}),
		);
	}

	// Threads.
	const threads: (Item & { messageId: string })[] = [];
	for (let i = 0; i < n.threads; i++) {
		const id = `thread-${String(i).padStart(4, '0')}-${rng.token(4)}`;
		const area = rng.pick(subsystems).area;
		const messageId = `${rng.hex(10)}.${i}@example.org`;
		const subj = `[PATCH v${rng.int(1, 9)}] ${subject(rng, area)}`;
		threads.push({ id, title: subj, messageId });
		write(
			`threads/${id}.yaml`,
			yaml({
				subject: subj,
				date: date(rng, 2015),
				messageId,
				list: rng.some(lists, rng.int(1, 3)),
				author: rng.pick(people),
				summary: paragraph(rng, rng.int(3, 6)),
				keyMessages: Array.from({ length: rng.int(0, 3) }, (_, k) => ({
					messageId: `${rng.hex(10)}.${i}.${k}@example.org`,
					author: rng.pick(people),
					date: date(rng, 2015),
					point: paragraph(rng, rng.int(1, 2)),
				})),
				lastReviewed: '2026-11-30',
			}),
		);
	}

	// CVEs (ids in a reserved-looking range so they never clash with real ones).
	const cves: Item[] = [];
	for (let i = 0; i < n.cves; i++) {
		const id = `CVE-2099-${String(10000 + i)}`;
		const title = cap(`${rng.pick(adjectives)} ${rng.pick(nouns)} after ${rng.pick(nouns)} ${rng.pick(['revocation', 'reset', 'unmap', 'free'])}`);
		cves.push({ id, title });
		const fixV = rng.pick(versions.slice(matrixStart));
		write(
			`cves/${id}.yaml`,
			yaml({
				title,
				summary: paragraph(rng, rng.int(2, 3)),
				published: date(rng, 2019),
				severity: rng.pick(['low', 'medium', 'high', 'critical']),
				severityNote: paragraph(rng, 1),
				reporters: rng.some(people, rng.int(0, 2)),
				introducedBy: commit('mm'),
				fixes: [{ version: fixV, commit: commit('mm'), stable: [`${fixV.split('.').slice(0, 2).join('.')}.${rng.int(1, 200)}`] }],
				sources: [{ type: 'link', url: `https://example.org/cve/${id}`, title: `${id} record` }],
				lastReviewed: '2026-11-30',
			}),
		);
	}

	// APIs: the first ~40% are unsafe lookups (what users call), the rest replacements.
	const apis: (Item & { lookup: boolean })[] = [];
	for (let i = 0; i < n.apis; i++) {
		const lookup = i < n.lookupApis;
		const base = lookup
			? `${rng.pick(['follow', 'walk', 'resolve', 'lookup', 'peek'])}_${rng.pick(['pfn', 'pte', 'phys', 'frames', 'pfnmap'])}`
			: `${rng.pick(['pin', 'dmabuf', 'iommufd', 'hmm', 'notifier'])}_${rng.pick(['user_pages', 'attach', 'map', 'range', 'get'])}`;
		const id = `${base}_${String(i).padStart(3, '0')}`;
		apis.push({ id, title: `${id}()`, lookup });
	}
	const lookupApis = apis.filter((a) => a.lookup);
	const safeApis = apis.filter((a) => !a.lookup);
	for (const api of apis) {
		const start = rng.int(0, versions.length - 12);
		const sigCount = rng.int(1, 3);
		let sigAt = start;
		const sigVersions = Array.from({ length: sigCount }, (_, k) => versions[(sigAt += k === 0 ? 0 : rng.int(1, 3))]!);
		const removed = api.lookup && rng.chance(0.4) ? versions[start + rng.int(8, 11)] : undefined;
		const area = rng.pick(subsystems).area;
		const sections = rng.some(headingPool, 2);
		const body = [
			paragraph(rng, rng.int(3, 5), [`[${rng.pick(apis).title}](/apis/${rng.pick(apis).id}/)`]),
			`\n<H2 id="${sections[0]![0]}">${sections[0]![1]}</H2>\n`,
			paragraph(rng, rng.int(3, 6)),
			'',
			'```c title="' + api.id + '.h"',
			`int ${api.id}(struct vm_area_struct *vma, unsigned long addr, unsigned long *pfn);`,
			`void ${api.id}_end(struct vm_area_struct *vma); // [!code ++]`,
			'```',
			`\n<H2 id="${sections[1]![0]}">${sections[1]![1]}</H2>\n`,
			paragraph(rng, rng.int(2, 4)),
			'',
		].join('\n');
		write(
			`apis/${api.id}.mdx`,
			mdx(
				{
					title: api.title,
					summary: paragraph(rng, 1),
					symbols: [api.id, `${api.id.toUpperCase()}_FLAG`],
					safety: api.lookup ? rng.pick(['unsafe', 'lock-scoped']) : 'safe',
					role: api.lookup ? 'lookup' : rng.pick(['pinning', 'dma-buf', 'notifier', 'iommu', 'revocation']),
					definedIn: `mm/${rng.pick(['memory', 'gup', 'hmm', 'mmap'])}.c`,
					header: 'include/linux/mm.h',
					introducedIn: versions[start]!,
					...(removed ? { removedIn: removed } : {}),
					signatures: sigVersions.map((v, k) => ({
						version: v,
						signature: `int ${api.id}(struct vm_area_struct *vma, unsigned long addr${', unsigned long *pfn'.repeat(k + 1)});`,
						export: rng.pick(['EXPORT_SYMBOL', 'EXPORT_SYMBOL_GPL', 'none']),
						commits: [commit(area)],
						...(k > 0 ? { note: paragraph(rng, 1) } : {}),
						confidence: rng.pick(['verified', 'verified', 'inferred']),
					})),
					replacedBy: api.lookup ? [rng.pick(safeApis).id] : [],
					threads: rng.some(threads, rng.int(0, 2)).map((t) => t.id),
					sources: someSources(area, 'mm/memory.c', rng.int(1, 3)),
					lastReviewed: '2026-11-30',
				},
				body,
			),
		);
	}

	// uABIs.
	const uabis: (Item & { subsystem: string })[] = [];
	for (let i = 0; i < n.uabis; i++) {
		const sub = rng.pick(subsystems);
		const id = `${sub.id}-${rng.pick(['userptr', 'map-dma', 'memslot', 'mmap', 'import', 'mem'])}-${String(i).padStart(4, '0')}`;
		const ident = `${sub.area.toUpperCase().replace(/[^A-Z0-9]/g, '')}_IOCTL_${rng.token(5).toUpperCase()}`;
		uabis.push({ id, title: `${ident} on device memory`, subsystem: sub.id });
	}
	for (const uabi of uabis) {
		const start = rng.int(0, versions.length - 10);
		let status = rng.pick(['unsafe', 'unsafe', 'safe']);
		let at = start;
		const behaviour = Array.from({ length: rng.int(2, 4) }, (_, k) => {
			if (k > 0) {
				at = Math.min(versions.length - 1, at + rng.int(1, 3));
				status = status === 'safe' ? 'safe' : rng.pick(statusFlow[status]!);
			}
			return {
				version: versions[at]!,
				status,
				change: line(rng),
				detail: paragraph(rng, rng.int(1, 3)),
				commits: [commit('uapi')],
			};
		});
		write(
			`uabis/${uabi.id}.mdx`,
			mdx(
				{
					title: uabi.title,
					summary: paragraph(rng, 1),
					identifiers: [uabi.title.split(' ')[0]!, `/dev/${uabi.id.slice(0, 12)}`],
					interface: rng.pick(['ioctl', 'ioctl', 'mmap', 'syscall', 'sysfs']),
					subsystem: uabi.subsystem,
					behaviour,
					userspaceSees: `EFAULT from ${uabi.title.split(' ')[0]}`,
					replacements: rng.chance(0.5) ? [rng.pick(uabis.filter((u) => u.id !== uabi.id)).id] : [],
					threads: rng.some(threads, rng.int(0, 2)).map((t) => t.id),
					sources: someSources('uapi', 'include/uapi/linux/types.h', rng.int(1, 3)),
					lastReviewed: '2026-11-30',
				},
				`${paragraph(rng, rng.int(3, 6))}\n\n<H2 id="how-it-works">How it works</H2>\n\n${paragraph(rng, rng.int(3, 6))}\n`,
			),
		);
	}

	// Users.
	const users: (GeneratedUser & Item)[] = [];
	const usedTokens = new Set<string>();
	for (let i = 0; i < n.users; i++) {
		const sub = subsystems[rng.int(0, subsystems.length - 1)]!;
		let token = rng.token(5);
		while (usedTokens.has(token)) token = rng.token(5);
		usedTokens.add(token);
		const prefix = rng.pick(prefixes);
		const fns = [`${prefix}${token}_${rng.pick(fnVerbs)}`, `${sub.area}_${rng.pick(fnVerbs)}_${rng.token(3)}`];
		const id = `${sub.id}-${rng.pick(['userptr', 'pfnmap', 'mmio', 'dma', 'memslot', 'revoke'])}-${token}`;
		const title = `${cap(sub.area)}: ${rng.pick(verbs)} ${rng.pick(adjectives)} ${rng.pick(nouns)}s in ${fns[0]}()`;
		users.push({ id, title, functions: fns });
	}
	for (const [i, user] of users.entries()) {
		const sub = subsystems.find((s) => user.id.startsWith(`${s.id}-`))!;
		const filePath = `${sub.path}${user.functions[0]!.split('_')[0]}.c`;
		// Timeline: ~8 events, non-decreasing versions, introducedIn = first event.
		const count = rng.int(6, 10);
		const start = rng.int(0, versions.length - count - 1);
		let at = start;
		let status = 'unsafe';
		const timeline = Array.from({ length: count }, (_, k) => {
			if (k > 0) {
				at = Math.min(versions.length - 1, at + rng.int(0, 2));
				status = rng.chance(0.6) ? status : rng.pick(statusFlow[status]!);
			}
			const viaCommit = rng.chance(0.8);
			return {
				version: versions[at]!,
				...(rng.chance(0.4) ? { date: date(rng, 2008) } : {}),
				status,
				change: line(rng),
				...(rng.chance(0.6) ? { detail: paragraph(rng, rng.int(1, 3)) } : {}),
				...(status === 'rejected' && rng.chance(0.5) ? { condition: `${sub.area}.allow_unsafe=0 (default)` } : {}),
				...(viaCommit ? { commits: Array.from({ length: rng.int(1, 2) }, () => commit(sub.area)) } : {}),
				...(rng.chance(0.3) ? { stable: [`${versions[at]!.split('.').slice(0, 2).join('.')}.${rng.int(1, 150)}`] } : {}),
				...(rng.chance(0.2) ? { confidence: rng.pick(['inferred', 'unverified']) } : {}),
				...(!viaCommit || rng.chance(0.2) ? { sources: [lore(sub.area)] } : {}),
			};
		});
		// Small corpora have fewer than three lookup APIs to choose from.
		const apiCount = Math.min(rng.int(1, 3), lookupApis.length);
		const userApis = new Set<string>();
		while (userApis.size < apiCount) userApis.add(lookupApis[rng.zipf(lookupApis.length)]!.id);
		const sameSub = uabis.filter((u) => u.subsystem === sub.id);
		const userUabis = rng.some(sameSub.length > 0 ? sameSub : uabis, rng.int(0, 2)).map((u) => u.id);
		const others = [users[(i + 1) % users.length]!, users[(i + 7) % users.length]!];
		const apiLinks = [...userApis].map((a) => `[${a}()](/apis/${a}/)`);
		const [h1, h2, h3] = rng.some(headingPool, 3);
		const sectionCount = rng.int(2, 3);
		const fn = user.functions[0]!;
		const codeBody = [
			'```c title="' + filePath.split('/').pop() + '"',
			`static int ${fn}(struct ${sub.area}_ctx *ctx, unsigned long addr)`,
			'{',
			'\tstruct vm_area_struct *vma;',
			'\tunsigned long pfn;',
			'\tint ret;',
			'',
			'\tmmap_read_lock(ctx->mm);',
			'\tvma = vma_lookup(ctx->mm, addr);',
			'\tif (!vma || !(vma->vm_flags & (VM_IO | VM_PFNMAP))) {',
			'\t\tmmap_read_unlock(ctx->mm);',
			'\t\treturn -EINVAL;',
			'\t}',
			`\tret = ${[...userApis][0]}(vma, addr, &pfn); // [!code --]`,
			'\tret = pin_user_pages_fast(addr, 1, FOLL_LONGTERM, &ctx->page); // [!code ++]',
			'\tmmap_read_unlock(ctx->mm);',
			'\tif (ret < 0)',
			'\t\treturn ret;',
			`\tctx->dma = ${sub.area}_map_phys(ctx, PFN_PHYS(pfn)); // [!code highlight]`,
			'\treturn 0;',
			'}',
			'```',
		].join('\n');
		const diffBody = [
			'```diff',
			` \tvma = vma_lookup(current->mm, start);`,
			`-\tret = ${[...userApis][0]}(vma, start, &pfn);`,
			'-\tif (ret)',
			'-\t\treturn ret;',
			`+\tret = ${fn}_pin(ctx, start, npages);`,
			'+\tif (ret < 0)',
			'+\t\treturn ret;',
			' \tmmap_read_unlock(current->mm);',
			'```',
		].join('\n');
		const body = [
			`${paragraph(rng, rng.int(3, 5), [`\`${fn}()\``, `\`${filePath}\``])} It calls ${apiLinks.join(', ')}; see also [${others[0]!.title.split(':')[0]}](/users/${others[0]!.id}/) and [the matrix](/matrix/).`,
			'',
			`<H2 id="${h1![0]}">${h1![1]}</H2>`,
			'',
			paragraph(rng, rng.int(4, 7), [`\`${fn}()\``]),
			'',
			`1. ${sentence(rng)}\n2. ${sentence(rng)}\n3. ${sentence(rng)}`,
			'',
			`<H2 id="${h2![0]}">${h2![1]}</H2>`,
			'',
			paragraph(rng, rng.int(3, 5)),
			'',
			codeBody,
			'',
			rng.chance(0.33) ? `<Note kind="${rng.pick(['note', 'warning', 'unverified'])}">${sentence(rng)}</Note>\n` : '',
			...(sectionCount === 3 ? [`<H2 id="${h3![0]}">${h3![1]}</H2>`, '', paragraph(rng, rng.int(3, 5)), ''] : []),
			paragraph(rng, 2, [`[${others[1]!.id}](/users/${others[1]!.id}/#security)`]),
			'',
			diffBody,
			'',
		].join('\n');
		const safeReplacement = rng.chance(0.7) ? [rng.pick(safeApis).id] : [];
		write(
			`users/${user.id}.mdx`,
			mdx(
				{
					title: user.title,
					summary: `${sentence(rng)} ${sentence(rng)}`,
					role: rng.pick(['long-term', 'long-term', 'short-term', 'revoker', 'internal']),
					subsystem: sub.id,
					files: [
						{ path: filePath, functions: user.functions },
						...(rng.chance(0.5) ? [{ path: `${sub.path}core.c`, functions: [`${sub.area}_ioctl`], note: `Dispatches to ${user.functions[0]}().` }] : []),
					],
					apis: [...userApis],
					uabis: userUabis,
					introducedIn: versions[start]!,
					timeline,
					security: {
						impact: paragraph(rng, 2),
						trigger: paragraph(rng, 1),
						preconditions: Array.from({ length: rng.int(0, 3) }, () => sentence(rng)),
						severity: rng.pick(['none', 'low', 'medium', 'high', 'critical']),
						severityNote: paragraph(rng, 2),
						cves: rng.chance(0.1) ? [rng.pick(cves).id] : [],
					},
					migration: {
						summary: paragraph(rng, 2),
						effort: rng.pick(['none', 'low', 'medium', 'high']),
						userspaceCost: paragraph(rng, 1),
						apis: safeReplacement,
						uabis: rng.chance(0.3) ? [rng.pick(uabis).id] : [],
					},
					threads: rng.some(threads, rng.int(0, 2)).map((t) => t.id),
					sources: someSources(sub.area, filePath, rng.int(2, 4)),
					lastReviewed: '2026-11-30',
					...(rng.chance(0.02) ? { aliases: [`old-${user.id}`] } : {}),
				},
				body,
			),
		);
	}

	// Guides: each covers a handful of users.
	for (let i = 0; i < n.guides; i++) {
		const id = `guide-${String(i).padStart(3, '0')}-${rng.token(4)}`;
		const covered = rng.some(users, rng.int(1, 5));
		write(
			`guides/${id}.mdx`,
			mdx(
				{
					title: cap(`${rng.pick(verbs)} ${rng.pick(adjectives)} ${rng.pick(nouns)}s: a migration guide (${i})`),
					summary: paragraph(rng, 1),
					audience: rng.pick(['userspace', 'kernel', 'virtualization']),
					users: covered.map((u) => u.id),
					apis: rng.some(safeApis, rng.int(0, 2)).map((a) => a.id),
					uabis: rng.some(uabis, rng.int(0, 2)).map((u) => u.id),
					sources: someSources('docs', 'Documentation/core-api/pin_user_pages.rst', rng.int(1, 2)),
					lastReviewed: '2026-11-30',
				},
				[
					paragraph(rng, 3),
					'',
					'<H2 id="step-1">Step one</H2>',
					'',
					paragraph(rng, 4),
					'',
					'<H2 id="step-2">Step two</H2>',
					'',
					'```diff',
					'- USERPTR',
					'+ DMABUF',
					'```',
					'',
				].join('\n'),
			),
		);
	}

	for (const path of stale) rmSync(join(out, path));
	return { dir: out, size: { ...n, versions: versions.length }, users: users.map(({ id, functions }) => ({ id, functions })), files, bytes };
}

if (import.meta.main) {
	const { values } = parseArgs({
		options: { users: { type: 'string', default: '1000' }, out: { type: 'string' }, seed: { type: 'string', default: '1' } },
	});
	const users = Number(values.users);
	const out = values.out ?? `bench/out/corpus-${users}`;
	const started = performance.now();
	const result = generate({ users, out, seed: Number(values.seed) });
	console.log(
		`wrote ${result.files} files (${(result.bytes / 1e6).toFixed(1)} MB) to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
			Object.entries(result.size).map(([k, v]) => `${k} ${v}`).join(', '),
	);
}
