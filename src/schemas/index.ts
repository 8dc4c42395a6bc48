/** Every collection schema by collection key, for content.config.ts, the validator and tests. */
import { apiSchema } from './apis.ts';
import { cveSchema } from './cves.ts';
import { guideSchema } from './guides.ts';
import { kernelVersionSchema } from './kernel-versions.ts';
import type { CollectionName, RefFn } from './shared.ts';
import { subsystemSchema } from './subsystems.ts';
import { threadSchema } from './threads.ts';
import { uabiSchema } from './uabis.ts';
import { userSchema } from './users.ts';

export const schemaFactories = {
	users: userSchema,
	apis: apiSchema,
	uabis: uabiSchema,
	subsystems: subsystemSchema,
	'kernel-versions': kernelVersionSchema,
	cves: cveSchema,
	threads: threadSchema,
	guides: guideSchema,
} satisfies Record<CollectionName, (ctx: { ref: RefFn }) => unknown>;

/** File extension each collection is written in. */
export const collectionFormat: Record<CollectionName, 'mdx' | 'yaml'> = {
	users: 'mdx',
	apis: 'mdx',
	uabis: 'mdx',
	guides: 'mdx',
	subsystems: 'yaml',
	'kernel-versions': 'yaml',
	cves: 'yaml',
	threads: 'yaml',
};

export * from './shared.ts';
