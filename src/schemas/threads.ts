/** `content/threads/<id>.yaml`: a key mailing-list discussion. */
import { z } from 'astro/zod';
import { isoDate, lastReviewed, messageId, text } from './shared.ts';

export const threadSchema = () =>
	z.strictObject({
		subject: text.describe('Subject of the first mail, verbatim.'),
		date: isoDate.describe('Date of the first mail.'),
		messageId: messageId.describe('Message-ID of the first mail (or of the key reply).'),
		list: z.array(z.string().regex(/^[a-z0-9.-]+@[a-z0-9.-]+$/, 'must be a list address')).min(1).describe('Lists it went to.'),
		author: text.describe('Who started it.'),
		summary: text.describe('What was said and decided, in our words.'),
		keyMessages: z
			.array(
				z.strictObject({
					messageId: messageId.describe('Message-ID of the reply.'),
					author: text.describe('Who wrote it.'),
					date: isoDate.optional().describe('When.'),
					point: text.describe('Its point, in our words.'),
				}),
			)
			.default([])
			.describe('Replies worth reading, in order.'),
		lastReviewed,
	});
export type Thread = z.infer<ReturnType<typeof threadSchema>>;
