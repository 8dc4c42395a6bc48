/** Barrel of the schema factories, for content.config.ts. */
export { apiSchema } from './apis.ts';
export { cveSchema } from './cves.ts';
export { guideSchema } from './guides.ts';
export { kernelVersionSchema } from './kernel-versions.ts';
export { subsystemSchema } from './subsystems.ts';
export { threadSchema } from './threads.ts';
export { uabiSchema } from './uabis.ts';
export { userSchema } from './users.ts';
