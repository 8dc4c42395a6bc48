/**
 * The compatibility matrix: for each user, the status in force in each kernel release, with the
 * event behind it. Columns run from the first release where this story has a dated change
 * (MATRIX_FROM) to the newest release in the data; earlier history is on each entry's page.
 */
import { compareVersions } from './kernel-version.ts';
import { eventAnchor, inSubsystem, statusAt, urlOf, type Kb, type UserEntry } from './queries.ts';
import type { Status } from '../schemas/shared.ts';

/** Linux 5.8 (2020): /dev/mem revocation and vfio PFNMAP faulting, the start of this story. */
export const MATRIX_FROM = '5.8';

export interface MatrixCell {
	version: string;
	status?: Status;
	/** True when the event that set this status landed in this very release. */
	changed: boolean;
	href?: string;
	change?: string;
	commit?: string;
}

export const matrixVersions = (kb: Kb) => kb.versions.map((v) => v.id).filter((id) => compareVersions(id, MATRIX_FROM) >= 0);

export function matrixRow(user: UserEntry, versions: readonly string[]): MatrixCell[] {
	const events = user.data.timeline;
	return versions.map((version) => {
		const event = statusAt(events, version);
		if (!event) return { version, changed: false };
		const index = events.indexOf(event);
		return {
			version,
			status: event.status,
			changed: event.version.id === version,
			href: `${urlOf('users', user.id)}#${eventAnchor(events, index)}`,
			change: event.change,
			...(event.commits[0] ? { commit: event.commits[0].id } : {}),
		};
	});
}

/** Above this many users, /matrix/ lists subsystems and each subsystem's matrix is its own page. */
export const MATRIX_INLINE_LIMIT = 200;

/** Subsystems that have users, each with its users, in display order. */
export function matrixGroups(kb: Kb): { subsystem: Kb['subsystems'][number]; users: UserEntry[] }[] {
	return kb.subsystems.map((subsystem) => ({ subsystem, users: inSubsystem(kb, subsystem.id).users })).filter((g) => g.users.length > 0);
}
