import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deriveProgress,
  type Outcome,
  planEvent,
  type TaskChange,
  type TaskState,
} from '../../../src/case/progress';
import {
  canApply,
  EVENT_RULES,
  EVENTS,
  STATUSES,
  type Status,
  type TaskEvent,
  TERMINAL_STATUSES,
} from '../../../src/case/state-machine';
import { IllegalTransitionError } from '../../../src/errors';

/** 企业开办-like departments; index 5 names a department that has no task in any case. */
const DEPARTMENTS = [
  'market-regulation',
  'tax',
  'public-security',
  'hrss',
  'housing-fund',
  'education',
] as const;

/** Events an officer (or the platform, for dispatch) causes on one department's task. */
const DEPARTMENT_EVENTS = EVENTS.filter(
  (e) => e !== 'resubmit' && e !== 'withdraw' && e !== 'deliver',
);
const CASE_EVENTS: readonly TaskEvent[] = ['resubmit', 'withdraw', 'deliver'];
const DECIDED: readonly Status[] = ['approved', 'denied', 'completed', 'delivered'];
const OUTCOMES: readonly Outcome[] = [
  'pending',
  'approved',
  'partially_approved',
  'denied',
  'rejected',
  'withdrawn',
];

const isLive = (t: TaskState) => t.status !== 'rejected' && t.status !== 'withdrawn';

/**
 * One step of a run: a fully random event for a random department (mostly refused), a move that
 * one task's status allows (so that runs get deep into the life of a case), or a case-level event.
 */
type Step =
  | { readonly kind: 'random'; readonly event: TaskEvent; readonly department: number }
  | { readonly kind: 'enabled'; readonly pick: number }
  | { readonly kind: 'case'; readonly event: TaskEvent };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('random' as const),
      event: fc.constantFrom(...EVENTS),
      department: fc.integer({ min: 0, max: DEPARTMENTS.length - 1 }),
    }),
  },
  {
    weight: 7,
    arbitrary: fc.record({ kind: fc.constant('enabled' as const), pick: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('case' as const),
      event: fc.constantFrom(...CASE_EVENTS),
    }),
  },
);

const runArb = fc.record({
  taskCount: fc.integer({ min: 1, max: 5 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 50 }),
});

/** The event and department a step stands for, given the tasks as they are now. */
function resolve(
  step: Step,
  tasks: readonly TaskState[],
): { event: TaskEvent; department?: string } {
  if (step.kind === 'random')
    return { event: step.event, department: DEPARTMENTS[step.department] };
  if (step.kind === 'case') return { event: step.event };
  const enabled = tasks.flatMap((t) =>
    DEPARTMENT_EVENTS.filter((e) => canApply(t.status, e)).map((event) => ({
      event,
      department: t.department,
    })),
  );
  const chosen = enabled[step.pick % Math.max(enabled.length, 1)];
  return chosen ?? { event: CASE_EVENTS[step.pick % CASE_EVENTS.length] ?? 'deliver' };
}

/** What a real service records with each move, so that outcomes and notices are exercised. */
function applyChange(task: TaskState, change: TaskChange, event: TaskEvent): TaskState {
  const moved: TaskState = { ...task, status: change.to };
  switch (event) {
    case 'approve':
      return { ...moved, decision: { outcome: 'approved' } };
    case 'deny':
      return {
        ...moved,
        decision: { outcome: 'denied', reason: `${task.department}: 不符合法定条件` },
      };
    case 'refuse':
      return { ...moved, refusal: { reason: `${task.department}: 不属于本部门职权范围` } };
    case 'request_correction':
      return {
        ...moved,
        correction: { reason: `${task.department}: 材料不齐全`, materials: ['id-card', 'lease'] },
      };
    case 'resubmit':
      return { ...moved, correction: undefined };
    default:
      return moved;
  }
}

const freeze = (tasks: readonly TaskState[]): readonly TaskState[] =>
  Object.freeze(tasks.map((t) => Object.freeze({ ...t })));

function expectedMovers(
  tasks: readonly TaskState[],
  event: TaskEvent,
  department: string | undefined,
): readonly TaskState[] {
  switch (event) {
    case 'resubmit':
      return tasks.filter((t) => t.status === 'correction_requested');
    case 'withdraw':
      return tasks.filter((t) => canApply(t.status, 'withdraw'));
    case 'deliver':
      return tasks.filter(isLive);
    default:
      return tasks.filter((t) => t.department === department);
  }
}

/**
 * Checks what the derived progress must say of any set of tasks. Runs thousands of times per
 * test, so it asserts with node:assert (microseconds) rather than expect.
 */
function checkProgress(tasks: readonly TaskState[]): Status {
  const progress = deriveProgress(tasks);
  const live = tasks.filter(isLive);

  assert.ok(STATUSES.includes(progress.status), `unknown status ${progress.status}`);
  assert.ok(OUTCOMES.includes(progress.outcome), `unknown outcome ${progress.outcome}`);
  const [only] = tasks;
  if (tasks.length === 1 && only) {
    assert.equal(progress.status, only.status, "a one-task case has its task's status");
  }
  if (progress.status === 'completed') {
    assert.ok(live.length > 0, 'a completed case has a live part');
    for (const t of live) assert.equal(t.status, 'completed', 'completed before every live part');
  }
  if (progress.status === 'correction_requested') assert.equal(progress.waitingOn, 'applicant');
  if (TERMINAL_STATUSES.includes(progress.status)) assert.equal(progress.waitingOn, 'nobody');

  const approved = live.filter((t) => t.decision?.outcome === 'approved').length;
  const turnedDown = tasks.filter(
    (t) => t.decision?.outcome === 'denied' || t.status === 'rejected',
  ).length;
  if (progress.outcome === 'approved')
    assert.equal(turnedDown, 0, 'approved with a part turned down');
  if (progress.outcome === 'partially_approved') {
    assert.ok(approved > 0 && turnedDown > 0, 'partially approved needs both kinds of part');
  }
  if (progress.outcome === 'denied') assert.equal(approved, 0, 'denied with a part approved');
  if (progress.outcome !== 'pending' && live.length > 0) {
    for (const t of live) assert.ok(DECIDED.includes(t.status), 'an outcome before every decision');
  }

  // Every part denied, refused or waiting on a 补正 is explained to the applicant.
  for (const t of tasks) {
    const kinds = progress.notices.filter((n) => n.department === t.department).map((n) => n.kind);
    assert.equal(kinds.includes('denied'), t.decision?.outcome === 'denied', 'denied notice');
    assert.equal(kinds.includes('rejected'), t.status === 'rejected', 'rejected notice');
    assert.equal(kinds.includes('correction'), t.status === 'correction_requested', '补正 notice');
  }
  return progress.status;
}

describe('Function: planEvent (property)', () => {
  it('moves tasks only along EVENT_RULES edges and keeps the derived progress consistent', () => {
    // Prepare
    const seen = new Set<Status>();
    const property = fc.property(runArb, ({ taskCount, steps }) => {
      let tasks = freeze(
        DEPARTMENTS.slice(0, taskCount).map((department) => ({
          department,
          status: 'submitted' as const,
        })),
      );
      let decisionReached = false;

      // Act
      for (const step of steps) {
        const { event, department } = resolve(step, tasks);
        const before = JSON.stringify(tasks);
        const caseStatus = deriveProgress(tasks).status;
        const target = tasks.find((t) => t.department === department);
        const isDepartmentEvent = !CASE_EVENTS.includes(event);

        let changes: TaskChange[];
        try {
          changes = planEvent(tasks, event, department);
        } catch (error) {
          // Assess: a refused event is an IllegalTransitionError and changes nothing.
          assert.ok(error instanceof IllegalTransitionError, `${event}: ${String(error)}`);
          assert.equal(error.code, 'ILLEGAL_TRANSITION');
          assert.equal(error.event, event);
          // A department's own task reports its status; anything else, the case's.
          assert.equal(error.from, isDepartmentEvent && target ? target.status : caseStatus);
          assert.match(error.messageZh, /\p{Script=Han}/u);
          assert.equal(JSON.stringify(tasks), before, 'a refused event changed the tasks');
          if (isDepartmentEvent) {
            assert.ok(
              target === undefined || !canApply(target.status, event),
              `${event} refused although ${department} could take it`,
            );
          }
          continue;
        }

        // Assess: an accepted event moves only the tasks it should, along allowed edges.
        assert.ok(
          !TERMINAL_STATUSES.includes(caseStatus),
          `${event} accepted on a ${caseStatus} case`,
        );
        if (event === 'withdraw') assert.ok(!decisionReached, 'withdraw accepted after a decision');
        if (event === 'deliver') {
          for (const t of tasks.filter(isLive))
            assert.equal(t.status, 'completed', 'early deliver');
        }
        assert.ok(changes.length > 0, `${event} accepted but moves nothing`);
        assert.deepEqual(
          changes.map((c) => c.department).sort(),
          expectedMovers(tasks, event, department)
            .map((t) => t.department)
            .sort(),
        );
        for (const change of changes) {
          const task = tasks.find((t) => t.department === change.department);
          assert.equal(change.from, task?.status, 'a change from a status the task is not in');
          assert.ok(EVENT_RULES[event].from.includes(change.from), `${event} from ${change.from}`);
          assert.equal(change.to, EVENT_RULES[event].to, `${event} to ${change.to}`);
        }
        assert.equal(JSON.stringify(tasks), before, 'planning an event changed the tasks');

        tasks = freeze(
          tasks.map((t) => {
            const change = changes.find((c) => c.department === t.department);
            return change ? applyChange(t, change, event) : t;
          }),
        );
        if (tasks.some((t) => DECIDED.includes(t.status))) decisionReached = true;
        seen.add(checkProgress(tasks));
      }
    });

    // Act
    fc.assert(property, { numRuns: 3000 });

    // Assess: the runs went through the whole life of a case, not just its first steps.
    expect([...seen].sort()).toEqual([...STATUSES].sort());
  });
});
