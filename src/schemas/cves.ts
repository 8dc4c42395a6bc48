/** `content/cves/<CVE-id>.yaml`: a CVE record about an unsafe PFN user. The id is the CVE id. */
import { z } from 'astro/zod';
import { commitRef, isoDate, lastReviewed, sources, stableVersion, text, type RefFn } from './shared.ts';

export const cveSchema = ({ ref }: { ref: RefFn }) =>
	z.strictObject({
		title: text.describe('Short name of the flaw.'),
		summary: text.describe('What the flaw is, in two or three sentences.'),
		published: isoDate.optional().describe('Public disclosure date, if known.'),
		severity: z.enum(['low', 'medium', 'high', 'critical']).describe('Severity as given by the record or advisory.'),
		severityNote: text.describe('Where the severity comes from.'),
		reporters: z.array(text).default([]).describe('Who found it.'),
		introducedBy: commitRef.optional().describe('Commit that introduced the flaw, if known.'),
		fixes: z
			.array(
				z.strictObject({
					version: ref('kernel-versions').describe('First mainline release with the fix.'),
					commit: commitRef.describe('The fixing commit.'),
					stable: z.array(stableVersion).default([]).describe('Stable releases with a backport.'),
				}),
			)
			.min(1)
			.describe('Fixing commits.'),
		advisories: z
			.array(z.strictObject({ id: text.describe('Advisory id.'), url: z.url({ protocol: /^https$/ }).describe('Advisory URL.') }))
			.default([])
			.describe('Other advisories (GHSA, distro).'),
		sources,
		lastReviewed,
	});
export type Cve = z.infer<ReturnType<typeof cveSchema>>;
