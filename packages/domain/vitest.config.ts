import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'domain',
    include: ['tests/**/*.test.ts'],
    // chinese-days answers in the host's time zone: pin China's, as a city's machines are.
    env: { TZ: 'Asia/Shanghai' },
    // Property tests run thousands of cases: room for a busy machine (no test asserts speed).
    testTimeout: 30_000,
  },
});
