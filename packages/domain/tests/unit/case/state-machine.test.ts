import { describe, expect, it } from 'vitest';
import {
  canApply,
  EVENT_RULES,
  EVENTS,
  isTerminal,
  nextStatus,
  STATUS_TEXT,
  STATUSES,
  type Status,
  type TaskEvent,
  TERMINAL_STATUSES,
} from '../../../src/case/state-machine';
import { IllegalTransitionError } from '../../../src/errors';

/**
 * The life of a 办件 as REFERENCE.md documents it, written out independently of EVENT_RULES so
 * that the table is checked against the documentation, not against itself:
 * 申报 → 预审 → 受理 / 不予受理 / 补正 (→ 预审) → 准予 / 不予 → 办结 → 送达; 撤回 before a decision.
 */
const DOCUMENTED: ReadonlyArray<readonly [Status, TaskEvent, Status]> = [
  ['submitted', 'dispatch', 'prereview'],
  ['prereview', 'accept', 'accepted'],
  ['prereview', 'refuse', 'rejected'],
  ['prereview', 'request_correction', 'correction_requested'],
  ['correction_requested', 'resubmit', 'prereview'],
  ['accepted', 'approve', 'approved'],
  ['accepted', 'deny', 'denied'],
  ['approved', 'complete', 'completed'],
  ['denied', 'complete', 'completed'],
  ['completed', 'deliver', 'delivered'],
  ['submitted', 'withdraw', 'withdrawn'],
  ['prereview', 'withdraw', 'withdrawn'],
  ['correction_requested', 'withdraw', 'withdrawn'],
  ['accepted', 'withdraw', 'withdrawn'],
];

const documentedNext = (status: Status, event: TaskEvent): Status | undefined =>
  DOCUMENTED.find(([from, e]) => from === status && e === event)?.[2];

const ALL_PAIRS = STATUSES.flatMap((status) =>
  EVENTS.map((event) => ({ status, event, to: documentedNext(status, event) })),
);
const ALLOWED = ALL_PAIRS.filter((p) => p.to !== undefined);
const FORBIDDEN = ALL_PAIRS.filter((p) => p.to === undefined);

/** Chinese characters, so a message is one a citizen can read. */
const HAN = /\p{Script=Han}/u;

describe('Function: nextStatus', () => {
  it('covers every (status, event) pair in exactly one of the two tables', () => {
    // Prepare
    const expectedPairs = STATUSES.length * EVENTS.length;

    // Act
    const covered = ALLOWED.length + FORBIDDEN.length;

    // Assess
    expect(covered).toBe(expectedPairs);
    expect(ALLOWED).toHaveLength(DOCUMENTED.length);
  });

  it.each(ALLOWED)('returns $to when $event is applied to $status', ({ status, event, to }) => {
    // Prepare
    const rule = EVENT_RULES[event];

    // Act
    const result = nextStatus(status, event);

    // Assess
    expect(result).toBe(to);
    expect(rule.from).toContain(status);
    expect(canApply(status, event)).toBe(true);
  });

  it.each(FORBIDDEN)(
    'throws IllegalTransitionError when $event is applied to $status',
    ({ status, event }) => {
      // Prepare
      let caught: unknown;

      // Act
      try {
        nextStatus(status, event);
      } catch (error) {
        caught = error;
      }

      // Assess
      expect(caught).toBeInstanceOf(IllegalTransitionError);
      const error = caught as IllegalTransitionError;
      expect(error.code).toBe('ILLEGAL_TRANSITION');
      expect(error.name).toBe('IllegalTransitionError');
      expect(error.from).toBe(status);
      expect(error.event).toBe(event);
      expect(error.messageZh).toMatch(HAN);
      expect(error.messageZh).toContain(STATUS_TEXT[status].labelZh);
      expect(error.messageZh).toContain(EVENT_RULES[event].labelZh);
      expect(canApply(status, event)).toBe(false);
    },
  );
});

describe('Constant: EVENT_RULES', () => {
  it.each([
    ['refuse', true],
    ['request_correction', true],
    ['deny', true],
    ['dispatch', false],
    ['accept', false],
    ['resubmit', false],
    ['approve', false],
    ['complete', false],
    ['deliver', false],
    ['withdraw', false],
  ] as const)('requires a reason for %s: %s', (event, required) => {
    // Act
    const rule = EVENT_RULES[event];

    // Assess
    expect(rule.requiresReason).toBe(required);
  });

  it.each([
    ['dispatch', ['system']],
    ['accept', ['officer']],
    ['refuse', ['officer']],
    ['request_correction', ['officer']],
    ['approve', ['officer']],
    ['deny', ['officer']],
    ['complete', ['officer']],
    ['resubmit', ['applicant']],
    ['withdraw', ['applicant']],
    ['deliver', ['window', 'system']],
  ] as const)('lets only the documented actors cause %s', (event, actors) => {
    // Act
    const rule = EVENT_RULES[event];

    // Assess
    expect([...rule.actors].sort()).toEqual([...actors].sort());
    expect(rule.labelZh).toMatch(HAN);
  });
});

describe('Constant: TERMINAL_STATUSES', () => {
  it('holds exactly rejected, delivered and withdrawn', () => {
    // Act
    const terminal = [...TERMINAL_STATUSES].sort();

    // Assess
    expect(terminal).toEqual(['delivered', 'rejected', 'withdrawn']);
  });

  it.each(STATUSES.map((status) => ({ status })))(
    'says whether $status is terminal',
    ({ status }) => {
      // Prepare
      const leadsSomewhere = DOCUMENTED.some(([from]) => from === status);

      // Act
      const terminal = isTerminal(status);

      // Assess
      expect(terminal).toBe(!leadsSomewhere);
    },
  );
});

describe('Constant: STATUSES', () => {
  it('are all reachable from submitted', () => {
    // Prepare
    const reached = new Set<Status>(['submitted']);
    const queue: Status[] = ['submitted'];

    // Act
    for (let status = queue.shift(); status !== undefined; status = queue.shift()) {
      for (const event of EVENTS) {
        if (!canApply(status, event)) continue;
        const to = nextStatus(status, event);
        if (!reached.has(to)) {
          reached.add(to);
          queue.push(to);
        }
      }
    }

    // Assess
    expect([...reached].sort()).toEqual([...STATUSES].sort());
  });

  it.each(STATUSES.map((status) => ({ status })))('has zh-CN texts for $status', ({ status }) => {
    // Act
    const text = STATUS_TEXT[status];

    // Assess
    expect(text.labelZh).toMatch(HAN);
    expect(text.citizenZh).toMatch(HAN);
  });
});
