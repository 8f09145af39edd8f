import { describe, expect, it } from 'vitest';
import { keys, matchesTaskStreamFilter, TASK_STREAM_FILTER } from '../../src';

const record = (eventName: string, sk: string) => ({
  eventName,
  dynamodb: { Keys: { pk: { S: 'CASE#220100-20261126-00000001' }, sk: { S: sk } } },
});

describe('Function: matchesTaskStreamFilter', () => {
  it.each([
    ['INSERT', keys.taskSk('hrss'), true],
    ['MODIFY', keys.taskSk('market-regulation'), true],
    ['REMOVE', keys.taskSk('hrss'), false],
    ['INSERT', keys.caseSk, false],
    ['MODIFY', keys.caseSk, false],
    ['INSERT', keys.timelineSk(2), false],
    ['INSERT', keys.auditSk(1), false],
  ])('%s of %s → %s', (eventName, sk, expected) => {
    expect(matchesTaskStreamFilter(record(eventName, sk))).toBe(expected);
  });

  it('refuses a record without keys or event name', () => {
    expect(matchesTaskStreamFilter({})).toBe(false);
    expect(matchesTaskStreamFilter({ eventName: 'INSERT' })).toBe(false);
  });

  it('filters on the task sort key prefix the key builder makes', () => {
    expect(keys.taskSk('hrss').startsWith(TASK_STREAM_FILTER.sortKeyPrefix)).toBe(true);
    expect(TASK_STREAM_FILTER.sortKeyPrefix).toBe('TASK#');
  });
});
