import { defineConfig } from 'vitest/config';

// Each workspace declares its own projects (unit, integration) in its vitest.config.ts.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'functions/vitest.config.ts',
      'infra/vitest.config.ts',
    ],
  },
});
