/** Labels and explanations of the status vocabulary, shared by badges, the matrix and exports. */
import type { Confidence, Status } from '../schemas/shared.ts';

export const statusLabel: Record<Status, string> = {
	safe: 'safe',
	unsafe: 'unsafe',
	warns: 'warns',
	taints: 'taints',
	rejected: 'rejected',
	fixed: 'fixed',
	removed: 'removed',
};

export const statusMeaning: Record<Status, string> = {
	safe: 'designed without the stale-pfn race',
	unsafe: 'works, and can use a stale pfn',
	warns: 'works, with a kernel warning',
	taints: 'works, and taints the kernel',
	rejected: 'refused by the kernel (see the condition)',
	fixed: 'works; the race is closed in the kernel',
	removed: 'the code or interface is gone',
};

/** What a badge says about a fact that is not verified; verified facts get no badge. */
export const confidenceNote: Record<Confidence, string> = {
	verified: '',
	inferred: 'inferred, not read directly in a primary source',
	unverified: 'unverified: we could not confirm this in a primary source',
};
