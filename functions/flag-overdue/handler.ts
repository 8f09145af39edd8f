import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { wireFromEnv } from '@jilin/cases';
import { logger, metrics } from '@jilin/lambda-kit';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';

const { service } = await wireFromEnv();

/**
 * Scheduled: 超期预警 and 超期 flags on each part of the open cases (a bundle's parts each have
 * their own 承诺时限), and the 差评 follow-ups past their date; the counts become metrics and
 * alarms. Moving cases indexed whole before
 * parts were gets at most half the time left, so the flags always get the rest.
 */
async function flag(_event: ScheduledEvent, context: Context) {
  const report = await service.flagOverdue({
    moveForMs: context.getRemainingTimeInMillis() / 2,
  });
  metrics.addMetric('PartsDueSoonFlagged', MetricUnit.Count, report.dueSoon);
  metrics.addMetric('PartsOverdueFlagged', MetricUnit.Count, report.overdue);
  // 差评 the departments have not answered by the date the applicant was given.
  const lateFollowUps = await service.overdueFollowUps({
    noteForMs: context.getRemainingTimeInMillis() - 10_000,
  });
  const followUpsOverdue = Object.values(lateFollowUps).reduce((a, b) => a + b, 0);
  metrics.addMetric('FollowUpsOverdue', MetricUnit.Count, followUpsOverdue);
  logger.info('overdue scan', { ...report, followUpsOverdue, lateFollowUps });
  return { ...report, followUpsOverdue };
}

export const handler = middy(flag).use(injectLambdaContext(logger)).use(logMetrics(metrics));
