import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, type FaultPlanInput } from '../../src/faults';
import { type ConsumerFaults, finalLine, formatReport, runSoak } from '../../src/soak';

/**
 * The soak of `npm run soak`, shorter: the same driver, the same platform, every fault kind at
 * higher rates so that a couple of hundred cases see each of them. It fails if anything is lost
 * or done twice, and also if a fault kind never fired: it cannot pass without the faults.
 */

const FAULTS: FaultPlanInput = {
  seed: 20_261_126,
  sqs: {
    batchEntryFailureRate: 0.04,
    // The dispatcher sends one batch per queue per stream batch: a couple of hundred SQS attempts
    // in a run, many of them in the outage; at these rates each kind fires about ten times.
    throttleRate: 0.1,
    unavailableRate: 0.1,
    // Long enough that a stream batch exhausts its retries: the dispatch failure path.
    outage: { afterAttempts: 40, forMs: 3_000, everyAttempts: 400 },
  },
  dynamodb: {
    throttleRate: 0.03,
    internalErrorRate: 0.02,
    outage: { afterAttempts: 60, forMs: 1_000, everyAttempts: 600 },
  },
  handlers: { dieAfterWriteRate: 0.02 },
  // Only task records reach the dispatcher (the mapping's filter): few batches, so high rates.
  stream: { duplicateBatchRate: 0.2, staleReplayRate: 0.2, staleReplayAfterBatches: 2 },
};

const CONSUMER: ConsumerFaults = {
  failRate: 0.05,
  duplicateRate: 0.05,
  // Enough that some message is dead-lettered: the DLQ → redrive path.
  poisonRate: 0.03,
  shuffle: true,
};

describe('Soak: no loss under faults', () => {
  it('files every case once, delivers and decides every task once, while every fault fires', async () => {
    // Act
    const report = await runSoak({
      cases: 160,
      seed: 7,
      concurrency: 12,
      faults: FAULTS,
      consumerFaults: CONSUMER,
      visibilityTimeoutSeconds: 4,
      // Generous: `npm test` runs other heavy files beside this one on the same cores.
      stallTimeoutMs: 120_000,
    });
    const summary = [...formatReport(report), finalLine(report)].join('\n');

    // Assess
    expect(finalLine(report), summary).toMatch(
      /^cases \d+, tasks delivered \d+, lost 0, duplicated 0$/,
    );
    expect(report.verdict.problems, summary).toEqual([]);
    expect(report.settled, summary).toBe(true);
    expect(report.ok, summary).toBe(true);
    // Every submission answered 201 is a case; the ones answered with a 5xx and no key to retry
    // with may have left a case too (the write went through, the function died).
    expect(report.verdict.cases).toBeGreaterThanOrEqual(report.submissions.accepted);
    expect(report.verdict.cases).toBeLessThanOrEqual(report.submissions.total);
    expect(report.verdict.tasksDelivered).toBe(report.verdict.tasks);
    for (const kind of FAULT_KINDS) {
      expect(report.faults[kind], `${kind} never fired\n${summary}`).toBeGreaterThan(0);
    }
    // Some faults the SDK's retries absorbed, some outlasted them.
    expect(report.faults['sdk.retried'], summary).toBeGreaterThan(0);
    expect(report.faults['sdk.exhausted'], summary).toBeGreaterThan(0);
    // Clients with an Idempotency-Key retried, and a retry never made a second case.
    expect(report.submissions.retries, summary).toBeGreaterThan(0);
    // Dead letters went back with the redrive, and exhausted stream batches were re-dispatched.
    expect(report.redrives.dlqMessages, summary).toBeGreaterThan(0);
    expect(report.redrives.dispatchFailures, summary).toBeGreaterThan(0);
  }, 300_000);
});
