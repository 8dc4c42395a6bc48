/**
 * A dated change in a kernel release: the shape shared by a user's timeline and a uABI's
 * behaviour history. Every event must carry at least one commit or one source.
 */
import { z } from 'astro/zod';
import {
	commitRef,
	confidence,
	isoDate,
	source,
	stableVersion,
	status,
	text,
	type RefFn,
} from './shared.ts';

export const eventSchema = ({ ref }: { ref: RefFn }) =>
	z
		.strictObject({
			version: ref('kernel-versions').describe('First mainline release with this change, e.g. "5.12".'),
			date: isoDate.optional().describe('When the change was committed or merged, if known.'),
			status: status.describe('What the item does from this release on.'),
			change: text.describe('The change in one short line, written as a heading.'),
			detail: text.optional().describe('A few sentences on what changed and why.'),
			condition: text
				.optional()
				.describe('When the status applies only under a setting, e.g. "kvm.allow_unsafe_mappings=0 (default)".'),
			commits: z.array(commitRef).default([]).describe('Mainline commits that made the change.'),
			stable: z.array(stableVersion).default([]).describe('Stable releases that received a backport.'),
			confidence: confidence.default('verified'),
			sources: z.array(source).default([]).describe('Sources beyond the commits (mails, files).'),
		})
		.superRefine((event, ctx) => {
			if (event.commits.length === 0 && event.sources.length === 0) {
				ctx.addIssue({
					code: 'custom',
					path: ['commits'],
					message: 'an event needs at least one commit or one source',
				});
			}
		});
export type Event = z.infer<ReturnType<typeof eventSchema>>;
