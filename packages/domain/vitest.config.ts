import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'domain',
    include: ['tests/**/*.test.ts'],
    // chinese-days answers in the host's time zone: pin China's, as a city's machines are.
    env: { TZ: 'Asia/Shanghai' },
  },
});
