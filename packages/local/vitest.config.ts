import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'local',
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    // Starting DynamoDB Local and the platform takes seconds, more on a busy 2-core machine.
    hookTimeout: 120_000,
  },
});
