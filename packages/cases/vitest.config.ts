import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'cases',
    include: ['tests/**/*.test.ts'],
    globalSetup: ['../local/src/testing/dynamodb-global-setup.ts'],
    env: { TZ: 'Asia/Shanghai' },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
