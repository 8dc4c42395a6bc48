/** `content/users/<id>.mdx`: one in-tree user of an unsafe PFN lookup (a call site or driver). */
import { z } from 'astro/zod';
import { eventSchema } from './events.ts';
import {
	aliases,
	kernelPath,
	lastReviewed,
	sources,
	symbolName,
	text,
	type RefFn,
} from './shared.ts';

export const userSchema = ({ ref }: { ref: RefFn }) =>
	z.strictObject({
		title: text.describe('Page title: what the user is, e.g. "vfio type1: MAP_DMA of PFNMAP vmas".'),
		summary: text.describe('One sentence for cards, feeds, link previews and the cite box.'),
		role: z
			.enum(['long-term', 'short-term', 'revoker', 'internal'])
			.describe(
				'long-term: keeps the pfn after the lookup (DMA, IOMMU, guest mapping); short-term: uses it only around the lookup; revoker: the side that zaps mappings; internal: no uABI of its own',
			),
		subsystem: ref('subsystems').describe('Subsystem the code belongs to.'),
		files: z
			.array(
				z.strictObject({
					path: kernelPath.describe('File in the kernel tree.'),
					functions: z.array(symbolName).min(1).describe('Functions in that file on the path.'),
					note: text.optional().describe('Era or role of this file, e.g. "until 5.11".'),
				}),
			)
			.min(1)
			.describe('Kernel files and functions of this user.'),
		apis: z.array(ref('apis')).min(1).describe('Lookup APIs this user called over its life.'),
		uabis: z.array(ref('uabis')).default([]).describe('Userspace interfaces that reach this code.'),
		introducedIn: ref('kernel-versions').describe('First release in which the user existed in this form.'),
		timeline: z
			.array(eventSchema({ ref }))
			.min(1)
			.describe('Status events by kernel release, oldest first.'),
		security: z
			.strictObject({
				impact: text.describe('What goes wrong when the pfn goes stale.'),
				trigger: text.describe('Who can trigger it (privileges, device access).'),
				preconditions: z.array(text).default([]).describe('What must hold for the problem to occur.'),
				severity: z
					.enum(['none', 'low', 'medium', 'high', 'critical'])
					.describe('Our assessment in one word; explained in severityNote.'),
				severityNote: text.describe('Why this severity, in words.'),
				cves: z.array(ref('cves')).default([]).describe('CVE records for this user.'),
			})
			.describe('Security impact.'),
		migration: z
			.strictObject({
				summary: text.describe('What to move to, in one or two sentences.'),
				effort: z.enum(['none', 'low', 'medium', 'high']).describe('Cost of the move for a userspace program.'),
				userspaceCost: text.describe('What the move costs the people who use the uABI.'),
				apis: z.array(ref('apis')).default([]).describe('Replacement kernel APIs.'),
				uabis: z.array(ref('uabis')).default([]).describe('Replacement userspace interfaces.'),
			})
			.describe('Migration path. Guides point at the users they cover; the page lists them.'),
		threads: z.array(ref('threads')).default([]).describe('Key discussions about this user.'),
		sources,
		lastReviewed,
		aliases,
	});
export type User = z.infer<ReturnType<typeof userSchema>>;
