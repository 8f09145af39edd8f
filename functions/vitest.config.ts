import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'functions',
    include: ['tests/**/*.test.ts'],
    // What a city's stack gives each function; SDK calls are faked in these unit tests.
    env: {
      TZ: 'Asia/Shanghai',
      AWS_REGION: 'cn-north-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      PLATFORM: 'changchun',
      CASE_TABLE_NAME: 'changchun-cases',
      IDEMPOTENCY_TABLE_NAME: 'changchun-idempotency',
      APPLICANT_KEY_SECRET: 'unit-test-secret-0123456789abcdef0123456789',
      DEPARTMENT_QUEUE_URLS: JSON.stringify({
        'public-security':
          'https://sqs.cn-north-1.amazonaws.com.cn/000000000000/changchun-public-security',
        'market-regulation':
          'https://sqs.cn-north-1.amazonaws.com.cn/000000000000/changchun-market-regulation',
        hrss: 'https://sqs.cn-north-1.amazonaws.com.cn/000000000000/changchun-hrss',
      }),
      POWERTOOLS_SERVICE_NAME: 'changchun',
      POWERTOOLS_METRICS_NAMESPACE: 'JilinGovServices',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_DEV: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    },
  },
});
