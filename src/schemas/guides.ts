/** `content/guides/<id>.mdx`: a migration guide with illustrative code. */
import { z } from 'astro/zod';
import { aliases, lastReviewed, sources, text, type RefFn } from './shared.ts';

export const guideSchema = ({ ref }: { ref: RefFn }) =>
	z.strictObject({
		title: text.describe('Guide title.'),
		summary: text.describe('Who it is for and what it gets them, in one sentence.'),
		audience: z.enum(['userspace', 'kernel', 'virtualization']).describe('Main readers.'),
		users: z.array(ref('users')).min(1).describe('Users this guide migrates away from.'),
		apis: z.array(ref('apis')).default([]).describe('APIs the guide uses or replaces.'),
		uabis: z.array(ref('uabis')).default([]).describe('Interfaces the guide uses or replaces.'),
		sources,
		lastReviewed,
		aliases,
	});
export type Guide = z.infer<ReturnType<typeof guideSchema>>;
