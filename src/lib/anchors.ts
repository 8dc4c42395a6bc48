/** Anchors of timeline events, shared by pages, exports and the validator. Pure. */

/** Event anchors are stable: `v<version>` for the first event of a version, then `v<version>-2`, … */
export function eventAnchor(events: readonly { version: { id: string } }[], index: number): string {
	const version = events[index]!.version.id;
	const nth = events.slice(0, index).filter((e) => e.version.id === version).length;
	return `v${version}${nth ? `-${nth + 1}` : ''}`;
}
