/**
 * Where `astro build` writes its pages: set by the uabi-kb:text-views integration from the
 * config, read by the item pages that write their plain-text views (src/lib/text-route.ts). Both
 * run in the build's process; this module imports nothing, so the config can load it.
 */
type Holder = typeof globalThis & { __uabiKbOutDir?: string };

export function setOutDir(dir: string): void {
	(globalThis as Holder).__uabiKbOutDir = dir;
}

export function outDir(): string | undefined {
	return (globalThis as Holder).__uabiKbOutDir;
}
