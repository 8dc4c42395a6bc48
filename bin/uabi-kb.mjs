#!/usr/bin/env node
// The `uabi-kb` command. The tool is written in TypeScript and run as is: Node 22.18 and newer
// strip the types natively. Inside this repository `npx uabi-kb …` uses the Node 22 of the
// `node` dev dependency; started by an older Node (e.g. `npx --prefix <repo>` from elsewhere),
// it runs itself again with that Node 22 when it is installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
	const localNode = fileURLToPath(new URL('../node_modules/.bin/node', import.meta.url));
	const self = fileURLToPath(import.meta.url);
	if (existsSync(localNode) && !process.env.UABI_KB_REEXEC) {
		const child = spawnSync(localNode, [self, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, UABI_KB_REEXEC: '1' } });
		process.exit(child.status ?? 2);
	}
	process.stderr.write(
		`uabi-kb: needs Node 22.18 or newer to run its TypeScript sources; this is Node ${process.versions.node}.\n` +
			`Install the dev dependencies (npm ci) in ${fileURLToPath(new URL('..', import.meta.url))} and run it as "npx uabi-kb ..." there.\n`,
	);
	process.exit(2);
}
// A reader that stops early (`| head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
	stream.on('error', (error) => {
		if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
		throw error;
	});
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
