/** Kernel release numbers compared as numbers: 5.9 < 5.10 < 6.1, 2.6.28 < 3.0. */

// A build compares the same few dozen release ids millions of times (timelines, matrix cells).
const parsed = new Map<string, readonly number[]>();

export function parseVersion(version: string): readonly number[] {
	let parts = parsed.get(version);
	if (!parts) parsed.set(version, (parts = version.split('.').map((part) => Number.parseInt(part, 10))));
	return parts;
}

export function compareVersions(a: string, b: string): number {
	const pa = parseVersion(a);
	const pb = parseVersion(b);
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
		if (diff !== 0) return diff;
	}
	return 0;
}

export function sortVersions<T>(items: readonly T[], key: (item: T) => string): T[] {
	return [...items].sort((a, b) => compareVersions(key(a), key(b)));
}
