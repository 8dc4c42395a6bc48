/**
 * The one place that says where the site lives. The Astro config, the pages (canonical URLs,
 * cite box, feed, sitemap) and the command-line tool all read it. Override at build time with
 * UABI_KB_SITE=https://example.org (no trailing slash).
 */
export const SITE_URL = (process.env['UABI_KB_SITE'] ?? 'https://uabi-kb.org').replace(/\/+$/, '');
export const SITE_NAME = 'uabi-kb';
export const SITE_TAGLINE = "The Linux kernel's unsafe PFN lookups and the uABI changes their fixes caused";

/**
 * The Content-Security-Policy every page carries (as a <meta> tag, since the site is static).
 * Scripts only from this origin, no inline script or eval; 'wasm-unsafe-eval' is for Pagefind's
 * WebAssembly search. Styles allow inline attributes because Shiki colours tokens with
 * style="--shiki-light:…" variables. Nothing may be loaded from another origin.
 */
export const CONTENT_SECURITY_POLICY = [
	"default-src 'self'",
	"script-src 'self' 'wasm-unsafe-eval'",
	"style-src 'self' 'unsafe-inline'",
	"img-src 'self' data:",
	"font-src 'self'",
	"connect-src 'self'",
	"object-src 'none'",
	"base-uri 'none'",
	"form-action 'self'",
	"frame-src 'none'",
	"worker-src 'self'",
	"manifest-src 'self'",
].join('; ');
