import type { ScheduledEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scheduledEvent, startScheduler } from '../../src';

afterEach(() => {
  vi.useRealTimers();
});

describe('Function: scheduledEvent', () => {
  it('builds the event EventBridge gives a scheduled function', () => {
    // Act
    const event = scheduledEvent({
      ruleName: 'changchun-flag-overdue',
      time: new Date('2026-03-02T08:00:00.123Z'),
    });

    // Assess
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: '2026-03-02T08:00:00Z',
      region: 'cn-north-1',
      resources: ['arn:aws-cn:events:cn-north-1:000000000000:rule/changchun-flag-overdue'],
      detail: {},
    });
  });

  it('uses the aws partition outside China', () => {
    expect(scheduledEvent({ region: 'eu-west-1' }).resources[0]).toMatch(
      /^arn:aws:events:eu-west-1:/,
    );
  });
});

describe('Function: startScheduler', () => {
  it('invokes every everySeconds with a fresh event, and stops', async () => {
    // Prepare
    vi.useFakeTimers();
    const events: ScheduledEvent[] = [];
    const scheduler = startScheduler({
      everySeconds: 60,
      ruleName: 'siping-flag-overdue',
      invoke: async (event) => {
        events.push(event);
      },
    });

    // Act
    await vi.advanceTimersByTimeAsync(59_000);
    const beforeFirst = events.length;
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(5 * 60_000);

    // Assess
    expect(beforeFirst).toBe(0);
    expect(events).toHaveLength(2);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
    expect(events[0]?.resources).toEqual([
      'arn:aws-cn:events:cn-north-1:000000000000:rule/siping-flag-overdue',
    ]);
  });

  it('runNow invokes at once and returns what the function returned', async () => {
    // Prepare
    const scheduler = startScheduler({
      everySeconds: 3600,
      invoke: async (event) => ({ flagged: 2, source: event.source }),
    });

    // Act
    const result = await scheduler.runNow();
    await scheduler.stop();

    // Assess
    expect(result).toEqual({ flagged: 2, source: 'aws.events' });
  });

  it('reports a failed scheduled invocation and keeps the schedule', async () => {
    // Prepare
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let calls = 0;
    const scheduler = startScheduler({
      everySeconds: 1,
      invoke: async () => {
        calls += 1;
        throw new Error(`failure ${calls}`);
      },
      onError: (error) => errors.push(error),
    });

    // Act
    await vi.advanceTimersByTimeAsync(2_000);
    await scheduler.stop();

    // Assess
    expect(errors).toEqual([new Error('failure 1'), new Error('failure 2')]);
    await expect(scheduler.runNow()).rejects.toThrow('failure 3');
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects everySeconds %s',
    (everySeconds) => {
      expect(() => startScheduler({ everySeconds, invoke: async () => undefined })).toThrow(
        /positive number/,
      );
    },
  );
});
