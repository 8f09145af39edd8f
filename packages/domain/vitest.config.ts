import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'domain',
    include: ['tests/**/*.test.ts'],
    // chinese-days' functions (compared with the calendar in its test) read dates in the host's
    // time zone: pin China's, where they are right.
    env: { TZ: 'Asia/Shanghai' },
    // Property tests run thousands of cases: room for a busy machine (no test asserts speed).
    testTimeout: 30_000,
  },
});
