/**
 * Lowering the scheduling priority of one thread, so that the work on the build's critical path
 * gets the cores first. On Linux a nice value set with setpriority() for "this process" (pid 0)
 * belongs to the calling thread alone: Node's garbage collector, I/O and other threads keep
 * theirs. Elsewhere the same call lowers the whole process, so these helpers do nothing there.
 */
import { readdir } from 'node:fs/promises';
import { getPriority, platform, setPriority } from 'node:os';

export interface ThreadPriority {
	getPriority(): number;
	setPriority(priority: number): void;
}

const thisThread: ThreadPriority = { getPriority: () => getPriority(), setPriority: (priority) => setPriority(priority) };

/**
 * Lowers the calling thread's priority by `steps` nice levels (at most to 19) and returns a
 * function that sets it back, or undefined when nothing was changed (not Linux, or refused).
 * Setting it back needs a privilege that an unprivileged process lacks (it may lower its
 * priority, not raise it again); the thread then stays at the lower priority.
 */
export function lowerThreadPriority(steps: number, os: ThreadPriority = thisThread, system = platform()): (() => void) | undefined {
	if (system !== 'linux') return undefined;
	let before: number;
	try {
		before = os.getPriority();
		os.setPriority(Math.min(19, before + steps));
	} catch {
		return undefined; // a priority we may not set: the thread simply competes as before
	}
	return () => {
		try {
			os.setPriority(before);
		} catch {
			// refused without the privilege to raise a priority: harmless, see above
		}
	};
}

/** Lowers the calling thread's priority by `steps` nice levels until `until` settles, then sets it back. */
export function lowerPriorityUntil(until: Promise<unknown>, steps: number, os: ThreadPriority = thisThread, system = platform()): void {
	const restore = lowerThreadPriority(steps, os, system);
	if (restore) void until.then(restore, restore);
}

/**
 * Sets every thread of process `pid` to `priority` (Linux: a process's threads each have their
 * own nice value; setting the process id's reaches its first thread only). Returns how many
 * threads were changed; raising a priority needs a privilege, and a refusal changes nothing.
 */
export async function setProcessPriority(pid: number, priority: number, system = platform()): Promise<number> {
	if (system !== 'linux') return 0;
	const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
	let changed = 0;
	for (const task of tasks) {
		try {
			setPriority(Number(task), priority);
			changed++;
		} catch {
			// refused (no privilege) or the thread has ended
		}
	}
	return changed;
}
