/** `content/kernel-versions/<x.y>.yaml`: a mainline release. The id keeps its dots. */
import { z } from 'astro/zod';
import { confidence, isoDate, sources, text } from './shared.ts';

export const kernelVersionSchema = () =>
	z.strictObject({
		released: isoDate.describe('Release date of the final tag.'),
		confidence: confidence.default('verified').describe('How sure the release date is.'),
		mergeWindow: text.optional().describe('What of this story was merged in its merge window.'),
		sources,
	});
export type KernelVersion = z.infer<ReturnType<typeof kernelVersionSchema>>;
