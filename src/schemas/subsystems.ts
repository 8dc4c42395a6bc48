/** `content/subsystems/<id>.yaml`: a kernel subsystem, used for grouping and search facets. */
import { z } from 'astro/zod';
import { aliases, kernelPath, text, type RefFn } from './shared.ts';

export const subsystemSchema = ({ ref }: { ref: RefFn }) =>
	z.strictObject({
		title: text.describe('Display name, e.g. "Media (V4L2, videobuf2)".'),
		summary: text.describe('What the subsystem does and how it meets the unsafe lookups.'),
		paths: z.array(kernelPath).min(1).describe('Kernel paths it covers.'),
		lists: z
			.array(z.string().regex(/^[a-z0-9.-]+@[a-z0-9.-]+$/, 'must be a list address'))
			.default([])
			.describe('Mailing lists, e.g. linux-media@vger.kernel.org.'),
		parent: ref('subsystems').optional().describe('Enclosing subsystem, if any.'),
		aliases,
	});
export type Subsystem = z.infer<ReturnType<typeof subsystemSchema>>;
