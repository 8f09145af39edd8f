import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'local',
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
