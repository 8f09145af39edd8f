import { defineProject } from 'vitest/config';

// Only the harness' pure parts (statistics, targets, tables, source maps, capacity formulas):
// the measurements themselves run with `npm run bench`, never in `npm test`.
export default defineProject({
  test: {
    name: 'bench',
    include: ['tests/**/*.test.ts'],
  },
});
