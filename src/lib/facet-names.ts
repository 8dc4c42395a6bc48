/**
 * The search facets, in display order. One list for the Pagefind filters written at build time
 * (search-facets.ts), the search page's fieldsets and the browser script that reads them.
 */
export const facetNames = ['kind', 'subsystem', 'status', 'fixed-in', 'api', 'uabi', 'has-cve'] as const;
export type FacetName = (typeof facetNames)[number];
