import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		projects: [
			{
				// Node-only tests: schemas, validator, lib functions, content integrity, build failures.
				test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 120_000 },
			},
			{
				// Checks of the built site in dist/: run after `npm run build`.
				test: { name: 'dist', include: ['tests/built/**/*.test.ts'], environment: 'node', testTimeout: 120_000 },
			},
		],
	},
});
