/**
 * Wiring only: one loader and one schema per collection. Schemas live in src/schemas/; content
 * lives in the top-level content/ folder. Every id is the file name (src/lib/ids.ts).
 * The validator integration (src/integrations/validate.ts) checks all of content/ before Astro
 * loads it, so problems are reported as file:line: field: message. MDX collections use
 * src/lib/loader.ts, YAML collections Astro's glob() loader.
 */
import { defineCollection, reference } from 'astro:content';
import { glob } from 'astro/loaders';
import { generateId } from './lib/ids.ts';
import { contentDir } from './lib/content-dir.ts';
import { mdxLoader } from './lib/loader.ts';
import {
	apiSchema,
	cveSchema,
	guideSchema,
	kernelVersionSchema,
	subsystemSchema,
	threadSchema,
	uabiSchema,
	userSchema,
} from './schemas/all.ts';

const ref = (collection: Parameters<typeof reference>[0]) => reference(collection);
const files = (folder: string, ext: string) =>
	glob({ pattern: `*.${ext}`, base: `${contentDir()}/${folder}`, generateId });
// MDX bodies are rendered once at content sync, not compiled into one module per entry.
const mdx = (folder: string) => mdxLoader(`${contentDir()}/${folder}`);

export const collections = {
	// content/users/<id>.mdx — unsafe-PFN users; read by /users/, /matrix/, search, exports.
	users: defineCollection({ loader: mdx('users'), schema: userSchema({ ref }) }),
	// content/apis/<symbol>.mdx — lookup APIs and replacements; read by /apis/.
	apis: defineCollection({ loader: mdx('apis'), schema: apiSchema({ ref }) }),
	// content/uabis/<id>.mdx — userspace interfaces; read by /uabi/.
	uabis: defineCollection({ loader: mdx('uabis'), schema: uabiSchema({ ref }) }),
	// content/subsystems/<id>.yaml — grouping and search facets; read by /subsystems/.
	subsystems: defineCollection({ loader: files('subsystems', 'yaml'), schema: subsystemSchema({ ref }) }),
	// content/kernel-versions/<x.y>.yaml — releases, ids keep their dots; read by /versions/, /matrix/.
	'kernel-versions': defineCollection({ loader: files('kernel-versions', 'yaml'), schema: kernelVersionSchema() }),
	// content/cves/<CVE-id>.yaml — CVE records; read by /cves/.
	cves: defineCollection({ loader: files('cves', 'yaml'), schema: cveSchema({ ref }) }),
	// content/threads/<id>.yaml — key mail threads; read by /threads/ and every citing page.
	threads: defineCollection({ loader: files('threads', 'yaml'), schema: threadSchema() }),
	// content/guides/<id>.mdx — migration guides; read by /guides/.
	guides: defineCollection({ loader: mdx('guides'), schema: guideSchema({ ref }) }),
};
