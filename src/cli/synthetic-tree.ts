/**
 * Writes a synthetic kernel-like source tree, for measuring `uabi-kb scan` without a kernel
 * checkout. The layout (arch/, drivers/<subsystem>/…, include/, mm/ …), the mix of .c and .h
 * files and of other files (Makefile, Kconfig, .rst, a .git folder) and the sizes imitate a
 * kernel tree; a few files use the given identifiers in code, comments, strings and longer names.
 *
 *   npx node src/cli/synthetic-tree.ts /tmp/kernel-70k --files=70000 --mean-bytes=16000
 *
 * The output is the same for the same options (a seeded generator).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SyntheticOptions {
	/** Number of .c and .h files. */
	files: number;
	/** Mean size of a source file in bytes (sizes follow a long-tailed spread around it). */
	meanBytes: number;
	/** Identifiers to plant. */
	identifiers: string[];
	/** One file in this many gets a real call of an identifier. */
	hitEvery: number;
	seed: number;
}

export interface SyntheticTree {
	sourceFiles: number;
	otherFiles: number;
	bytes: number;
	/** Relative paths of the files with a planted call, and how many calls each has. */
	planted: Map<string, number>;
}

const defaults: SyntheticOptions = {
	files: 70_000,
	meanBytes: 2_000,
	identifiers: ['follow_pfn', 'follow_pte', 'unsafe_follow_pfn', 'get_vaddr_frames'],
	hitEvery: 500,
	seed: 1,
};

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const tops: [string, number][] = [
	['drivers', 0.55], ['arch', 0.17], ['include', 0.08], ['fs', 0.06], ['net', 0.05], ['sound', 0.04],
	['kernel', 0.02], ['mm', 0.01], ['lib', 0.01], ['tools', 0.01],
];
const words = ['gpu', 'drm', 'media', 'net', 'usb', 'pci', 'vfio', 'scsi', 'iommu', 'staging', 'platform', 'misc', 'char', 'core', 'common', 'phy', 'clk', 'soc', 'x86', 'arm64', 'hw', 'dev', 'bus', 'dma', 'mem'];

function chunkPool(next: () => number): string[] {
	const pool: string[] = [];
	for (let i = 0; i < 256; i++) {
		const name = `${words[Math.floor(next() * words.length)]}_${i}`;
		pool.push(
			[
				`/*`,
				` * ${name}_setup() - prepare the ${name} state before use.`,
				` * Returns 0 on success or a negative error code.`,
				` */`,
				`static int ${name}_setup(struct ${name}_dev *dev, unsigned long flags)`,
				`{`,
				`\tint ret;`,
				``,
				`\tif (!dev || flags & ~${name.toUpperCase()}_MASK)`,
				`\t\treturn -EINVAL;`,
				`\tret = ${name}_hw_init(dev->regs, flags);`,
				`\tif (ret)`,
				`\t\tdev_err(dev->dev, "${name}: init failed: %d\\n", ret);`,
				`\treturn ret;`,
				`}`,
				``,
			].join('\n'),
		);
	}
	return pool;
}

export function makeSyntheticTree(dir: string, options: Partial<SyntheticOptions> = {}): SyntheticTree {
	const o = { ...defaults, ...options };
	const next = random(o.seed);
	const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
	rmSync(dir, { recursive: true, force: true });
	const pool = chunkPool(next);
	const tree: SyntheticTree = { sourceFiles: 0, otherFiles: 0, bytes: 0, planted: new Map() };
	const madeDirs = new Set<string>();
	const write = (rel: string, text: string) => {
		const slash = rel.lastIndexOf('/');
		const parent = rel.slice(0, slash);
		if (!madeDirs.has(parent)) {
			mkdirSync(join(dir, parent), { recursive: true });
			madeDirs.add(parent);
		}
		writeFileSync(join(dir, rel), text);
		tree.bytes += Buffer.byteLength(text);
	};

	// Folders of about 25 files each, spread over the top folders by weight.
	const perDir = 25;
	const dirs: string[] = [];
	for (let d = 0; d * perDir < o.files; d++) {
		let r = next();
		let top = tops[0]![0];
		for (const [name, weight] of tops) {
			if ((r -= weight) <= 0) {
				top = name;
				break;
			}
		}
		const depth = 1 + Math.floor(next() * 3);
		const parts = [top];
		for (let k = 0; k < depth; k++) parts.push(`${pick(words)}${k === depth - 1 ? `-${d}` : ''}`);
		dirs.push(parts.join('/'));
	}

	for (let i = 0; i < o.files; i++) {
		const folder = dirs[Math.floor(i / perDir)]!;
		const header = next() < 0.4 || folder.startsWith('include');
		const rel = `${folder}/${pick(words)}_${i}.${header ? 'h' : 'c'}`;
		// Long-tailed sizes: most files small, a few large, mean about meanBytes.
		const size = Math.max(200, Math.round(-Math.log(1 - next()) * o.meanBytes));
		const parts: string[] = ['// SPDX-License-Identifier: GPL-2.0\n#include <linux/kernel.h>\n\n'];
		let length = parts[0]!.length;
		while (length < size) {
			const chunk = pick(pool);
			parts.push(chunk);
			length += chunk.length;
		}
		if (i % o.hitEvery === 0) {
			// A real call, plus mentions that must not count.
			const id = pick(o.identifiers);
			parts.splice(1, 0, `/* ${id}() is mentioned in a comment */\nstatic const char *why = "${id} in a string";\nint my_${id}_wrapper(void);\n`);
			parts.push(`int planted_${i}(struct vm_area_struct *vma, unsigned long *pfn)\n{\n\treturn ${id}(vma, vma->vm_start, pfn);\n}\n`);
			tree.planted.set(rel, 1);
		}
		write(rel, parts.join(''));
		tree.sourceFiles += 1;
		// Build files and docs next to the sources, which the scan must skip.
		if (i % perDir === 0) {
			write(`${folder}/Makefile`, `obj-y += ${pick(words)}.o\n# ${pick(o.identifiers)}\n`);
			write(`${folder}/Kconfig`, `config ${pick(words).toUpperCase()}_${i}\n\tbool "fixture"\n`);
			tree.otherFiles += 2;
		}
	}
	// A .git folder whose contents look like sources: skipped by the scan.
	for (let i = 0; i < 50; i++) write(`.git/objects/${String(i).padStart(2, '0')}/planted.c`, `int x(void) { return ${pick(o.identifiers)}(0, 0, 0); }\n`);
	tree.otherFiles += 50;
	return tree;
}

if (import.meta.main) {
	const [dir, ...rest] = process.argv.slice(2);
	if (!dir) {
		console.error('usage: node src/cli/synthetic-tree.ts <dir> [--files=N] [--mean-bytes=N] [--identifiers=a,b]');
		process.exit(2);
	}
	const options: Partial<SyntheticOptions> = {};
	for (const arg of rest) {
		const [key, value = ''] = arg.split('=');
		if (key === '--files') options.files = Number(value);
		else if (key === '--mean-bytes') options.meanBytes = Number(value);
		else if (key === '--identifiers') options.identifiers = value.split(',');
		else {
			console.error(`unknown option ${arg}`);
			process.exit(2);
		}
	}
	const started = performance.now();
	const tree = makeSyntheticTree(dir, options);
	console.log(
		`${dir}: ${tree.sourceFiles} .c/.h files, ${tree.otherFiles} other files, ${(tree.bytes / 1e6).toFixed(0)} MB, ` +
			`${tree.planted.size} planted calls, written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
	);
}
