/**
 * The shape of /data/kb.json, the machine-readable export: every item of every collection with
 * links resolved to { id, url, title } and backlinks computed. Published as JSON Schema at
 * /data/kb.schema.json. EXPORT_VERSION changes whenever a field changes meaning or goes away.
 */
import { z } from 'astro/zod';
import { statusValues } from './shared.ts';

export const EXPORT_VERSION = 1;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('A date, YYYY-MM-DD.');
const url = z.string().regex(/^https:\/\//).describe('An absolute https URL.');
const version = z.string().regex(/^\d+\.\d+(\.\d+)?$/).describe('A mainline kernel release, e.g. "5.12".');
const status = z.enum(statusValues);
const confidence = z.enum(['verified', 'inferred', 'unverified']);
const link = z.strictObject({ id: z.string(), url, title: z.string() }).describe('A link to another item of the knowledge base.');
const commit = z.strictObject({ id: z.string().regex(/^[0-9a-f]{12,40}$/), subject: z.string(), url });
const source = z
	.strictObject({ type: z.enum(['commit', 'lore', 'source', 'link']), label: z.string(), url, detail: z.string().optional(), note: z.string().optional() })
	.describe('A source, as shown on the page.');
const event = z.strictObject({
	anchor: z.string().describe('Fragment of the event on its page, e.g. "v6.1".'),
	url,
	version,
	date: date.optional(),
	status,
	change: z.string(),
	detail: z.string().optional(),
	condition: z.string().optional(),
	commits: z.array(commit),
	stable: z.array(z.string()),
	confidence,
	sources: z.array(source),
});
const common = { id: z.string(), url, aliases: z.array(z.string()) };

export const exportSchema = z
	.strictObject({
		schema: url.describe('URL of this JSON Schema.'),
		version: z.literal(EXPORT_VERSION),
		site: url,
		updated: date.describe('Newest lastReviewed or event date in the data (not the build time).'),
		counts: z.record(z.string(), z.number().int().nonnegative()),
		users: z.array(
			z.strictObject({
				...common,
				textUrl: url,
				title: z.string(),
				summary: z.string(),
				role: z.enum(['long-term', 'short-term', 'revoker', 'internal']),
				subsystem: link,
				files: z.array(z.strictObject({ path: z.string(), functions: z.array(z.string()), note: z.string().optional() })),
				apis: z.array(link),
				uabis: z.array(link),
				introducedIn: version,
				statusNow: status,
				timeline: z.array(event),
				security: z.strictObject({
					impact: z.string(),
					trigger: z.string(),
					preconditions: z.array(z.string()),
					severity: z.enum(['none', 'low', 'medium', 'high', 'critical']),
					severityNote: z.string(),
					cves: z.array(link),
				}),
				migration: z.strictObject({
					summary: z.string(),
					effort: z.enum(['none', 'low', 'medium', 'high']),
					userspaceCost: z.string(),
					apis: z.array(link),
					uabis: z.array(link),
				}),
				guides: z.array(link).describe('Computed: guides that cover this user.'),
				threads: z.array(link),
				sources: z.array(source),
				lastReviewed: date,
			}),
		),
		apis: z.array(
			z.strictObject({
				...common,
				textUrl: url,
				title: z.string(),
				summary: z.string(),
				symbols: z.array(z.string()),
				safety: z.enum(['unsafe', 'lock-scoped', 'safe']),
				role: z.string(),
				definedIn: z.string(),
				header: z.string().optional(),
				introducedIn: version,
				removedIn: version.optional(),
				signatures: z.array(z.strictObject({ version, signature: z.string(), export: z.string(), commits: z.array(commit), note: z.string().optional(), confidence })),
				replacedBy: z.array(link),
				callers: z.array(link).describe('Computed: users that list this API.'),
				replaces: z.array(link).describe('Computed: APIs that list this one in replacedBy.'),
				threads: z.array(link),
				sources: z.array(source),
				lastReviewed: date,
			}),
		),
		uabis: z.array(
			z.strictObject({
				...common,
				textUrl: url,
				title: z.string(),
				summary: z.string(),
				identifiers: z.array(z.string()),
				interface: z.string(),
				subsystem: link,
				statusNow: status,
				behaviour: z.array(event),
				userspaceSees: z.string(),
				replacements: z.array(link),
				users: z.array(link).describe('Computed: users that serve this interface.'),
				replaces: z.array(link).describe('Computed: interfaces that list this one as a replacement.'),
				threads: z.array(link),
				sources: z.array(source),
				lastReviewed: date,
			}),
		),
		subsystems: z.array(
			z.strictObject({ ...common, title: z.string(), summary: z.string(), paths: z.array(z.string()), lists: z.array(z.string()), parent: link.optional(), users: z.array(link), uabis: z.array(link) }),
		),
		kernelVersions: z.array(
			z.strictObject({ id: version, url, released: date, confidence, mergeWindow: z.string().optional(), sources: z.array(source), events: z.number().int().nonnegative() }),
		),
		cves: z.array(
			z.strictObject({
				id: z.string().regex(/^CVE-\d{4}-\d{4,}$/),
				url,
				title: z.string(),
				summary: z.string(),
				published: date.optional(),
				severity: z.enum(['low', 'medium', 'high', 'critical']),
				severityNote: z.string(),
				reporters: z.array(z.string()),
				introducedBy: commit.optional(),
				fixes: z.array(z.strictObject({ version, commit, stable: z.array(z.string()) })),
				advisories: z.array(z.strictObject({ id: z.string(), url })),
				users: z.array(link),
				sources: z.array(source),
				lastReviewed: date,
			}),
		),
		threads: z.array(
			z.strictObject({
				id: z.string(),
				url,
				archiveUrl: url,
				subject: z.string(),
				date,
				messageId: z.string(),
				list: z.array(z.string()),
				author: z.string(),
				summary: z.string(),
				keyMessages: z.array(z.strictObject({ messageId: z.string(), url, author: z.string(), date: date.optional(), point: z.string() })),
				citedBy: z.array(link),
				lastReviewed: date,
			}),
		),
		guides: z.array(
			z.strictObject({ ...common, title: z.string(), summary: z.string(), audience: z.string(), users: z.array(link), apis: z.array(link), uabis: z.array(link), sources: z.array(source), lastReviewed: date }),
		),
	})
	.describe('uabi-kb data export: the whole knowledge base with resolved links and computed backlinks.');
export type KbExport = z.infer<typeof exportSchema>;
