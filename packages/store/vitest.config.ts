import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'store',
    include: ['tests/**/*.test.ts'],
    // Amazon's DynamoDB Local, started once for the integration tests; each test file makes
    // its own table, so files run in parallel without sharing data.
    globalSetup: ['../local/src/testing/dynamodb-global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
