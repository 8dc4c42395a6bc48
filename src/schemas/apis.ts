/** `content/apis/<id>.mdx`: a kernel API, unsafe lookup or replacement. The id is the symbol. */
import { z } from 'astro/zod';
import {
	aliases,
	commitRef,
	confidence,
	kernelPath,
	lastReviewed,
	sources,
	symbolName,
	text,
	type RefFn,
} from './shared.ts';

export const apiSchema = ({ ref }: { ref: RefFn }) =>
	z.strictObject({
		title: text.describe('Display name, e.g. "follow_pfn()".'),
		summary: text.describe('One sentence: what it does and whether it is safe.'),
		symbols: z.array(symbolName).min(1).describe('Identifiers a patch would use (function, flag, struct).'),
		safety: z
			.enum(['unsafe', 'lock-scoped', 'safe'])
			.describe('unsafe: result outlives the lookup with no reference; lock-scoped: valid only under the lock it returns; safe: holds a reference or a notifier'),
		role: z
			.enum(['lookup', 'pinning', 'dma-buf', 'notifier', 'iommu', 'revocation'])
			.describe('What family of API this is.'),
		definedIn: kernelPath.describe('File that defines it in the newest tree where it exists.'),
		header: kernelPath.optional().describe('Header that declares it.'),
		introducedIn: ref('kernel-versions').describe('First release with this API.'),
		removedIn: ref('kernel-versions').optional().describe('Release that removed it, if any.'),
		signatures: z
			.array(
				z.strictObject({
					version: ref('kernel-versions').describe('First release with this signature or export.'),
					signature: text.describe('The C prototype, written out by us.'),
					export: z
						.enum(['none', 'EXPORT_SYMBOL', 'EXPORT_SYMBOL_GPL', 'static', 'inline'])
						.describe('How modules can reach it.'),
					commits: z.array(commitRef).default([]).describe('Commits that made this change.'),
					note: text.optional().describe('What changed.'),
					confidence: confidence.default('verified'),
				}),
			)
			.min(1)
			.describe('Signature and export history, oldest first.'),
		replacedBy: z.array(ref('apis')).default([]).describe('What to use instead.'),
		threads: z.array(ref('threads')).default([]).describe('Key discussions about this API.'),
		sources,
		lastReviewed,
		aliases,
	});
export type Api = z.infer<ReturnType<typeof apiSchema>>;
