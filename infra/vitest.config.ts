import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'infra',
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/support/tmpdir.ts'],
    // Synthesising a platform's stack with the cdk-nag packs takes a second or two; the test that
    // bundles a function with esbuild takes a few more.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
