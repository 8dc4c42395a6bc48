/**
 * A small static server for the built site, used by the browser tests and the benchmark:
 * serves dist/ (or the folder given as --dir) on loopback, answers folders with index.html,
 * unknown paths with 404.html and status 404, and never listens beyond 127.0.0.1.
 * Usage: node scripts/serve.ts [--dir dist] [--port 4321]
 */
import { createServer, type Server } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const types: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.xml': 'application/xml; charset=utf-8',
	'.txt': 'text/plain; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.wasm': 'application/wasm',
	'.pf_meta': 'application/octet-stream',
	'.pf_fragment': 'application/octet-stream',
	'.pf_index': 'application/octet-stream',
	'.pf_filter': 'application/octet-stream',
};

function fileFor(root: string, urlPath: string): string | undefined {
	let path: string;
	try {
		path = decodeURIComponent(urlPath);
	} catch {
		return undefined;
	}
	const full = normalize(join(root, path));
	if (!full.startsWith(root)) return undefined;
	for (const candidate of [full, join(full, 'index.html')]) {
		try {
			if (statSync(candidate).isFile()) return candidate;
		} catch {
			// try the next candidate
		}
	}
	return undefined;
}

export function serve(dir: string, port: number): Promise<Server> {
	const root = resolve(dir);
	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const file = fileFor(root, url.pathname);
		const status = file ? 200 : 404;
		const path = file ?? join(root, '404.html');
		res.writeHead(status, { 'content-type': types[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
		if (req.method === 'HEAD') {
			res.end();
			return;
		}
		createReadStream(path).on('error', () => res.end()).pipe(res);
	});
	return new Promise((done) => server.listen(port, '127.0.0.1', () => done(server)));
}

if (import.meta.main) {
	const { values } = parseArgs({ options: { dir: { type: 'string', default: 'dist' }, port: { type: 'string', default: '4321' } } });
	const server = await serve(values.dir, Number(values.port));
	const address = server.address() as { port: number };
	console.log(`serving ${values.dir} at http://127.0.0.1:${address.port}/`);
}
