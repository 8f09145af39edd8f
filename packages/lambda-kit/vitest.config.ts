import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'lambda-kit',
    include: ['tests/**/*.test.ts'],
    env: {
      // Dev mode: Logger writes through the global console (so tests can capture it) and Metrics
      // emits no EMF; the namespace is set so Metrics never warns that it is missing.
      POWERTOOLS_DEV: 'true',
      POWERTOOLS_SERVICE_NAME: 'lambda-kit-tests',
      POWERTOOLS_METRICS_NAMESPACE: 'JilinGovServices',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_TRACE_ENABLED: 'false',
      TZ: 'Asia/Shanghai',
    },
  },
});
