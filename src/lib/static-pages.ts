/** Pages that are not items: the home page, indexes, timeline, matrix and search. */
export const staticPages = ['/', '/users/', '/apis/', '/uabi/', '/subsystems/', '/versions/', '/guides/', '/cves/', '/threads/', '/timeline/', '/matrix/', '/search/'];
