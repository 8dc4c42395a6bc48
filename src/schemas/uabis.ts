/** `content/uabis/<id>.mdx`: a userspace-visible interface affected by the unsafe lookups. */
import { z } from 'astro/zod';
import { eventSchema } from './events.ts';
import { aliases, lastReviewed, sources, text, type RefFn } from './shared.ts';

export const uabiSchema = ({ ref }: { ref: RefFn }) =>
	z.strictObject({
		title: text.describe('Display name, e.g. "V4L2_MEMORY_USERPTR on device memory".'),
		summary: text.describe('One sentence: what the interface is and what changed.'),
		identifiers: z
			.array(z.string().regex(/^[A-Za-z_/][A-Za-z0-9_/.*()-]*$/, 'must be an identifier or path'))
			.min(1)
			.describe('Names userspace writes: ioctls, constants, syscalls, device paths.'),
		interface: z
			.enum(['ioctl', 'syscall', 'mmap', 'ptrace', 'procfs', 'sysfs', 'module-param', 'kconfig'])
			.describe('Kind of interface.'),
		subsystem: ref('subsystems').describe('Subsystem that owns the interface.'),
		behaviour: z
			.array(eventSchema({ ref }))
			.min(1)
			.describe('What userspace sees, by release, oldest first.'),
		userspaceSees: text.describe('What a program sees today when it hits the change (errno, log line).'),
		replacements: z.array(ref('uabis')).default([]).describe('Interfaces to use instead.'),
		threads: z.array(ref('threads')).default([]).describe('Key discussions about this interface.'),
		sources,
		lastReviewed,
		aliases,
	});
export type Uabi = z.infer<ReturnType<typeof uabiSchema>>;
