/**
 * `JSON.stringify(value, null, '\t')` in pieces: the top-level arrays named in `streamed` are
 * written one element at a time, so a large document never exists as one string (the 5,000-user
 * /data/kb.json is 53 MB of text). Joined, the pieces are the same text, byte for byte.
 */
export function* tabIndentedJsonPieces(value: Record<string, unknown>, streamed: ReadonlyMap<string, Iterable<unknown>>): Generator<string> {
	// Inside the document, nested text moves right by one tab per level; JSON text has no raw
	// newlines in strings, so every newline starts a new line of structure.
	const indent = (text: string, tabs: string) => text.replaceAll('\n', `\n${tabs}`);
	// The members JSON.stringify leaves out.
	const keys = Object.keys(value).filter((key) => !['undefined', 'function', 'symbol'].includes(typeof value[key]));
	if (keys.length === 0) return yield '{}';
	yield '{\n';
	for (const [at, key] of keys.entries()) {
		const items = streamed.get(key);
		yield `\t${JSON.stringify(key)}: `;
		if (!items) {
			yield indent(JSON.stringify(value[key], null, '\t'), '\t');
		} else {
			let first = true;
			for (const item of items) {
				yield `${first ? '[\n' : ',\n'}\t\t${indent(JSON.stringify(item, null, '\t') ?? 'null', '\t\t')}`;
				first = false;
			}
			yield first ? '[]' : '\n\t]';
		}
		yield at < keys.length - 1 ? ',\n' : '\n';
	}
	yield '}';
}
