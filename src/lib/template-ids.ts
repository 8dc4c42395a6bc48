/**
 * Element ids that each page template uses for its own sections. An MDX body on that page must
 * not reuse them: the validator checks `<H2 id>`/`<H3 id>` against this list, so that every
 * anchor on a page is unique and `#security` always means the template's section.
 */
import type { CollectionName } from '../schemas/shared.ts';

const everyPage = ['main', 'summary', 'cite', 'cite-url', 'cite-markdown', 'cite-trailer', 'cite-summary', 'copy-status', 'site-search', 'sources'];

export const templateIds: Partial<Record<CollectionName, readonly string[]>> = {
	users: [...everyPage, 'timeline', 'security', 'migration', 'related'],
	apis: [...everyPage, 'signatures', 'callers', 'replaces', 'related'],
	uabis: [...everyPage, 'timeline', 'users', 'migration', 'related'],
	guides: [...everyPage, 'users'],
};
