/**
 * Building blocks shared by every collection schema.
 *
 * Schemas import `z` from `astro/zod` only, so they load in plain Vitest and in the standalone
 * validator as well as inside Astro. Cross-links are created through a `ref` function passed in
 * by the caller: Astro's `reference()` in `content.config.ts`, a stub in tests and the validator.
 */
import { z } from 'astro/zod';

/** The collections of the knowledge base; folder name = collection key = schema file = route. */
export const collectionNames = [
	'users',
	'apis',
	'uabis',
	'subsystems',
	'kernel-versions',
	'cves',
	'threads',
	'guides',
] as const;
export type CollectionName = (typeof collectionNames)[number];

/** A resolved link to another item, as Astro's reference() produces it. */
export interface ItemRef {
	collection: string;
	id: string;
}
/** Produces the schema of a link to another collection's item. */
export type RefFn = (collection: CollectionName) => z.ZodType<ItemRef>;

/** A mainline release number as used for ids: `5.12`, `6.1`, and `2.6.28` for the 2.6 era. */
export const kernelVersionPattern = /^(?:2\.6\.\d{1,2}|[3-9]\.\d{1,2}|[1-9]\d\.\d{1,2})$/;
export const kernelVersion = z
	.string({ error: 'must be a quoted string such as "5.12" (an unquoted 5.10 is read as 5.1)' })
	.regex(kernelVersionPattern, 'must be a mainline release number such as "5.12" or "2.6.28"');

/** A stable release, e.g. `5.10.19`; stable releases are mentioned, never linked as items. */
export const stableVersion = z
	.string({ error: 'must be a quoted string such as "5.10.19"' })
	.regex(/^\d+\.\d+\.\d+$/, 'must be a stable release number such as "5.10.19"');

/** An abbreviated or full git commit id (at least 12 hex digits, as kernel Fixes: tags use). */
export const commitId = z
	.string({ error: 'must be a quoted string of 12 to 40 hex digits' })
	.regex(/^[0-9a-f]{12,40}$/, 'must be 12 to 40 lowercase hex digits');

/** A mail Message-ID without angle brackets, as lore.kernel.org resolves it. */
export const messageId = z
	.string()
	.regex(/^[^\s<>@]+@[^\s<>@]+$/, 'must be a Message-ID like "1234.5678@host" without <>');

/** A C identifier (function, macro, ioctl, Kconfig symbol). */
export const symbolName = z
	.string()
	.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a C identifier such as follow_pfn');

/** A path inside the kernel source tree, relative to its top. */
export const kernelPath = z
	.string()
	.regex(/^[A-Za-z0-9_.+-]+(?:\/[A-Za-z0-9_.+*-]+)*\/?$/, 'must be a relative kernel source path');

/** A calendar date written YYYY-MM-DD; YAML may already have turned it into a Date. */
export const isoDate = z
	.union([
		z.date(),
		z
			.string()
			.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
			// JavaScript rolls 2026-02-31 over to March; a round trip catches such dates.
			.refine((value) => {
				const date = new Date(`${value}T00:00:00Z`);
				return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
			}, 'must be a real calendar date'),
	])
	.transform((value) => (typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value))
	.refine((value) => !Number.isNaN(value.getTime()), 'must be a real calendar date');

/** How sure we are of a fact; anything but `verified` is shown as such on the page. */
export const confidence = z
	.enum(['verified', 'inferred', 'unverified'])
	.describe(
		'verified: read in a primary source; inferred: one step of reasoning from primary sources; unverified: not confirmed, the page says so',
	);
export type Confidence = z.infer<typeof confidence>;

/**
 * What a user (or a uABI) does in a kernel release. The same words are used in the matrix.
 * `safe` is for interfaces designed without the problem (a replacement such as DMABUF).
 */
export const statusValues = ['safe', 'unsafe', 'warns', 'taints', 'rejected', 'fixed', 'removed'] as const;
export const status = z
	.enum(statusValues)
	.describe(
		'safe: designed without the race; unsafe: works and races; warns: works with a kernel warning; taints: works and taints; rejected: refused (see condition); fixed: works, race closed in place; removed: the code or interface is gone',
	);
export type Status = z.infer<typeof status>;

const nonEmpty = z.string().trim().min(1, 'must not be empty');
/** A non-empty line of prose. */
export const text = nonEmpty;

/** A source backing a claim: a commit, a lore mail, a file at a version, or another document. */
export const source = z.discriminatedUnion('type', [
	z.strictObject({
		type: z.literal('commit').describe('A commit in the mainline kernel tree.'),
		commit: commitId.describe('Commit id, 12 hex digits or more.'),
		subject: nonEmpty.describe('The commit subject line, verbatim.'),
		note: nonEmpty.optional().describe('What this commit shows, if not obvious.'),
	}),
	z.strictObject({
		type: z.literal('lore').describe('A mail on a kernel mailing list.'),
		messageId: messageId.describe('Message-ID; links go to https://lore.kernel.org/r/<id>.'),
		subject: nonEmpty.describe('The mail subject, verbatim.'),
		date: isoDate.optional().describe('The date the mail was sent.'),
		note: nonEmpty.optional().describe('What this mail shows, if not obvious.'),
	}),
	z.strictObject({
		type: z.literal('source').describe('A kernel source file at a release tag.'),
		path: kernelPath.describe('Path in the kernel tree.'),
		version: kernelVersion.describe('Release whose tag was read, e.g. "6.1" for v6.1.'),
		note: nonEmpty.optional().describe('What was read there.'),
	}),
	z.strictObject({
		type: z.literal('link').describe('Any other public document (advisory, CVE record, manual).'),
		url: z.url({ protocol: /^https$/ }).describe('An https URL.'),
		title: nonEmpty.describe('Title of the document.'),
		note: nonEmpty.optional().describe('What this document shows, if not obvious.'),
	}),
]);
export type Source = z.infer<typeof source>;

export const sources = z.array(source).min(1, 'needs at least one source').describe('Sources backing the claims of this item.');

/** Old ids of an item, kept so that published URLs keep working (they become redirects). */
export const aliases = z
	.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a plain id'))
	.default([])
	.describe('Old ids of this item; each one becomes a redirect to the current page.');

export const lastReviewed = isoDate.describe('Date a person last checked this item against its sources.');

/** A commit that made a change, shown with its subject. */
export const commitRef = z.strictObject({
	id: commitId.describe('Mainline commit id.'),
	subject: nonEmpty.describe('Commit subject, verbatim.'),
});
