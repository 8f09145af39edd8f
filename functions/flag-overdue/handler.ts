import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { wireFromEnv } from '@jilin/cases';
import { logger, metrics } from '@jilin/lambda-kit';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';

const { service } = await wireFromEnv();

/** Scheduled: 超期预警 and 超期 flags on open cases; the counts become metrics and alarms. */
async function flag(_event: ScheduledEvent) {
  const report = await service.flagOverdue();
  metrics.addMetric('CasesDueSoonFlagged', MetricUnit.Count, report.dueSoon);
  metrics.addMetric('CasesOverdueFlagged', MetricUnit.Count, report.overdue);
  logger.info('overdue scan', { ...report });
  return report;
}

export const handler = middy(flag).use(injectLambdaContext(logger)).use(logMetrics(metrics));
