/**
 * The one place that says where the site lives. The Astro config, the pages (canonical URLs,
 * cite box, feed, sitemap) and the command-line tool all read it. Override at build time with
 * UABI_KB_SITE=https://example.org (no trailing slash).
 */
export const SITE_URL = (process.env['UABI_KB_SITE'] ?? 'https://uabi-kb.org').replace(/\/+$/, '');
export const SITE_NAME = 'uabi-kb';
export const SITE_TAGLINE = "The Linux kernel's unsafe PFN lookups and the uABI changes their fixes caused";
