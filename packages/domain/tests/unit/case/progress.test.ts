import { describe, expect, it } from 'vitest';
import {
  citizenText,
  deriveProgress,
  type Notice,
  type Progress,
  planEvent,
  type TaskChange,
  type TaskState,
} from '../../../src/case/progress';
import { STATUS_TEXT, type Status, type TaskEvent } from '../../../src/case/state-machine';
import { IllegalTransitionError } from '../../../src/errors';

/** The departments of a 企业开办 一件事: 市场监管 + 税务 + 公安 (company seal) + 人社 + 公积金. */
const MARKET = 'market-regulation';
const TAX = 'tax';
const POLICE = 'public-security';
const HRSS = 'hrss';
const FUND = 'housing-fund';

const DENIAL = '经营范围涉及前置许可，未取得许可证件';
const REFUSAL = '该事项不属于本部门职权范围';
const CORRECTION = { reason: '住所证明材料不清晰', materials: ['lease', 'property-certificate'] };

/** A task in `status`, with the records a real service keeps for that status. */
function task(department: string, status: Status, decided?: 'approved' | 'denied'): TaskState {
  const outcome =
    decided ??
    (status === 'denied'
      ? 'denied'
      : ['approved', 'completed', 'delivered'].includes(status)
        ? 'approved'
        : undefined);
  return {
    department,
    status,
    decision: outcome && { outcome, ...(outcome === 'denied' ? { reason: DENIAL } : {}) },
    refusal: status === 'rejected' ? { reason: REFUSAL } : undefined,
    correction: status === 'correction_requested' ? CORRECTION : undefined,
  };
}

const denied = (department: string): Notice => ({ department, kind: 'denied', reason: DENIAL });
const rejected = (department: string): Notice => ({
  department,
  kind: 'rejected',
  reason: REFUSAL,
});
const correction = (department: string): Notice => ({
  department,
  kind: 'correction',
  reason: CORRECTION.reason,
  materials: CORRECTION.materials,
});

describe('Function: deriveProgress', () => {
  it.each<{ when: string; tasks: TaskState[]; expected: Progress }>([
    {
      when: 'every department approved',
      tasks: [task(MARKET, 'approved'), task(TAX, 'approved'), task(POLICE, 'approved')],
      expected: { status: 'approved', outcome: 'approved', waitingOn: 'department', notices: [] },
    },
    {
      when: 'one department denied and the others approved',
      tasks: [
        task(MARKET, 'approved'),
        task(TAX, 'denied'),
        task(POLICE, 'approved'),
        task(HRSS, 'approved'),
      ],
      expected: {
        status: 'approved',
        outcome: 'partially_approved',
        waitingOn: 'department',
        notices: [denied(TAX)],
      },
    },
    {
      when: 'every department denied',
      tasks: [task(MARKET, 'denied'), task(TAX, 'denied'), task(POLICE, 'denied')],
      expected: {
        status: 'denied',
        outcome: 'denied',
        waitingOn: 'department',
        notices: [denied(MARKET), denied(TAX), denied(POLICE)],
      },
    },
    {
      when: 'one department asks for a 补正 while the others have accepted',
      tasks: [
        task(MARKET, 'accepted'),
        task(TAX, 'correction_requested'),
        task(POLICE, 'accepted'),
        task(HRSS, 'approved'),
      ],
      expected: {
        status: 'correction_requested',
        outcome: 'pending',
        waitingOn: 'applicant',
        notices: [correction(TAX)],
      },
    },
    {
      when: 'one department refused and the others completed',
      tasks: [
        task(MARKET, 'completed'),
        task(TAX, 'completed'),
        task(POLICE, 'rejected'),
        task(HRSS, 'completed'),
        task(FUND, 'completed'),
      ],
      expected: {
        status: 'completed',
        outcome: 'partially_approved',
        waitingOn: 'window',
        notices: [rejected(POLICE)],
      },
    },
    {
      when: 'every department refused',
      tasks: [task(MARKET, 'rejected'), task(TAX, 'rejected'), task(POLICE, 'rejected')],
      expected: {
        status: 'rejected',
        outcome: 'rejected',
        waitingOn: 'nobody',
        notices: [rejected(MARKET), rejected(TAX), rejected(POLICE)],
      },
    },
    {
      when: 'the applicant withdrew',
      tasks: [task(MARKET, 'withdrawn'), task(TAX, 'withdrawn'), task(POLICE, 'withdrawn')],
      expected: { status: 'withdrawn', outcome: 'withdrawn', waitingOn: 'nobody', notices: [] },
    },
    {
      when: 'the applicant withdrew after one department refused',
      tasks: [task(MARKET, 'withdrawn'), task(TAX, 'rejected'), task(POLICE, 'withdrawn')],
      expected: {
        status: 'withdrawn',
        outcome: 'withdrawn',
        waitingOn: 'nobody',
        notices: [rejected(TAX)],
      },
    },
    {
      when: 'every department completed',
      tasks: [task(MARKET, 'completed'), task(TAX, 'completed'), task(POLICE, 'completed')],
      expected: { status: 'completed', outcome: 'approved', waitingOn: 'window', notices: [] },
    },
    {
      when: 'a denied part completed alongside approved ones',
      tasks: [
        task(MARKET, 'completed'),
        task(TAX, 'completed', 'denied'),
        task(POLICE, 'completed'),
      ],
      expected: {
        status: 'completed',
        outcome: 'partially_approved',
        waitingOn: 'window',
        notices: [denied(TAX)],
      },
    },
    {
      when: 'the results were delivered',
      tasks: [task(MARKET, 'delivered'), task(TAX, 'delivered'), task(POLICE, 'delivered')],
      expected: { status: 'delivered', outcome: 'approved', waitingOn: 'nobody', notices: [] },
    },
    {
      when: 'one department has not been dispatched to yet',
      tasks: [task(MARKET, 'prereview'), task(TAX, 'submitted'), task(POLICE, 'accepted')],
      expected: { status: 'submitted', outcome: 'pending', waitingOn: 'department', notices: [] },
    },
    {
      when: 'one department is still reviewing while the others completed',
      tasks: [
        task(MARKET, 'completed'),
        task(TAX, 'completed'),
        task(POLICE, 'accepted'),
        task(HRSS, 'completed'),
        task(FUND, 'completed'),
      ],
      expected: { status: 'accepted', outcome: 'pending', waitingOn: 'department', notices: [] },
    },
    {
      when: 'one department refused and another is still deciding',
      tasks: [task(MARKET, 'rejected'), task(TAX, 'approved'), task(POLICE, 'accepted')],
      expected: {
        status: 'accepted',
        outcome: 'pending',
        waitingOn: 'department',
        notices: [rejected(MARKET)],
      },
    },
  ])('returns $expected.status / $expected.outcome when $when', ({ tasks, expected }) => {
    // Act
    const progress = deriveProgress(tasks);

    // Assess
    expect(progress).toEqual(expected);
  });

  it('throws a RangeError when the case has no task', () => {
    // Act
    const derive = () => deriveProgress([]);

    // Assess
    expect(derive).toThrow(RangeError);
  });
});

describe('Function: citizenText', () => {
  it.each<Status>(['correction_requested', 'completed', 'delivered'])(
    'returns the applicant-facing text of %s',
    (status) => {
      // Act
      const text = citizenText(status);

      // Assess
      expect(text).toBe(STATUS_TEXT[status].citizenZh);
    },
  );

  it.each<Status>(['approved', 'completed', 'delivered'])(
    'does not say "approved" for a %s case some of whose parts were turned down',
    (status) => {
      // Act
      const partial = citizenText(status, 'partially_approved');
      const whole = citizenText(status, 'approved');

      // Assess
      expect(whole).toBe(STATUS_TEXT[status].citizenZh);
      expect(partial).not.toBe(whole);
      expect(partial).toContain('部分事项');
      expect(partial).toContain('原因见办件记录');
      expect(partial).not.toContain('您的申请已审批通过');
    },
  );
});

/** Runs planEvent and returns the error it throws. */
function refusal(tasks: readonly TaskState[], event: TaskEvent, department?: string) {
  try {
    planEvent(tasks, event, department);
  } catch (error) {
    if (error instanceof IllegalTransitionError) return error;
    throw error;
  }
  throw new Error(`${event} was accepted`);
}

describe('Function: planEvent', () => {
  it('moves every part waiting on a 补正 back to 预审 when the applicant resubmits', () => {
    // Prepare
    const tasks = [
      task(MARKET, 'correction_requested'),
      task(TAX, 'accepted'),
      task(POLICE, 'correction_requested'),
      task(HRSS, 'prereview'),
    ];

    // Act
    const changes = planEvent(tasks, 'resubmit');

    // Assess
    expect(changes).toEqual<TaskChange[]>([
      { department: MARKET, from: 'correction_requested', to: 'prereview' },
      { department: POLICE, from: 'correction_requested', to: 'prereview' },
    ]);
  });

  it('refuses a resubmit when no part waits on a 补正', () => {
    // Prepare
    const tasks = [task(MARKET, 'prereview'), task(TAX, 'accepted')];

    // Act
    const error = refusal(tasks, 'resubmit');

    // Assess
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.messageZh).toBe('当前没有需要补正的材料');
  });

  it('withdraws every open part, leaving refused ones, when nothing is decided yet', () => {
    // Prepare
    const tasks = [
      task(MARKET, 'accepted'),
      task(TAX, 'rejected'),
      task(POLICE, 'correction_requested'),
      task(HRSS, 'submitted'),
    ];

    // Act
    const changes = planEvent(tasks, 'withdraw');

    // Assess
    expect(changes).toEqual<TaskChange[]>([
      { department: MARKET, from: 'accepted', to: 'withdrawn' },
      { department: POLICE, from: 'correction_requested', to: 'withdrawn' },
      { department: HRSS, from: 'submitted', to: 'withdrawn' },
    ]);
  });

  it.each<{ when: string; decided: Status }>([
    { when: 'one part is approved', decided: 'approved' },
    { when: 'one part is denied', decided: 'denied' },
    { when: 'one part has completed', decided: 'completed' },
  ])('refuses a withdraw with a clear message when $when', ({ decided }) => {
    // Prepare
    const tasks = [task(MARKET, decided), task(TAX, 'accepted'), task(POLICE, 'prereview')];

    // Act
    const error = refusal(tasks, 'withdraw');

    // Assess
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.event).toBe('withdraw');
    expect(error.from).toBe('prereview');
    expect(error.messageZh).toBe('办件已有审批决定，不能撤回');
  });

  it('refuses a withdraw when every part is already refused', () => {
    // Prepare
    const tasks = [task(MARKET, 'rejected'), task(TAX, 'rejected')];

    // Act
    const error = refusal(tasks, 'withdraw');

    // Assess
    expect(error.from).toBe('rejected');
    expect(error.messageZh).toBe('办件已终结，不能撤回');
  });

  it.each<{ when: string; statuses: Status[] }>([
    { when: 'one live part is still approved', statuses: ['completed', 'approved', 'completed'] },
    { when: 'one live part is still deciding', statuses: ['completed', 'rejected', 'accepted'] },
    { when: 'every part was refused', statuses: ['rejected', 'rejected', 'rejected'] },
    {
      when: 'the results were delivered already',
      statuses: ['delivered', 'delivered', 'rejected'],
    },
  ])('refuses to deliver when $when', ({ statuses }) => {
    // Prepare
    const tasks = statuses.map((status, i) => task([MARKET, TAX, POLICE][i] ?? FUND, status));

    // Act
    const error = refusal(tasks, 'deliver');

    // Assess
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.event).toBe('deliver');
    expect(error.messageZh).toBe('办件尚未全部办结，不能出件');
  });

  it('delivers every live part once each has completed, leaving refused ones', () => {
    // Prepare
    const tasks = [task(MARKET, 'completed'), task(TAX, 'rejected'), task(POLICE, 'completed')];

    // Act
    const changes = planEvent(tasks, 'deliver');

    // Assess
    expect(changes).toEqual<TaskChange[]>([
      { department: MARKET, from: 'completed', to: 'delivered' },
      { department: POLICE, from: 'completed', to: 'delivered' },
    ]);
  });

  it('moves only the named department’s task for a department event', () => {
    // Prepare
    const tasks = [task(MARKET, 'prereview'), task(TAX, 'prereview'), task(POLICE, 'prereview')];

    // Act
    const changes = planEvent(tasks, 'accept', TAX);

    // Assess
    expect(changes).toEqual<TaskChange[]>([{ department: TAX, from: 'prereview', to: 'accepted' }]);
  });

  it.each<{ when: string; department: string | undefined }>([
    { when: 'names a department that has no task', department: 'education' },
    { when: 'names no department', department: undefined },
  ])('refuses a department event that $when', ({ department }) => {
    // Prepare
    const tasks = [task(MARKET, 'accepted'), task(TAX, 'accepted'), task(POLICE, 'accepted')];

    // Act
    const error = refusal(tasks, 'approve', department);

    // Assess
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.event).toBe('approve');
    expect(error.from).toBe('accepted');
    expect(error.messageZh).toBe('该办件不由本部门办理');
  });

  it('refuses a department event its task’s status does not allow, naming that status', () => {
    // Prepare
    const tasks = [task(MARKET, 'accepted'), task(TAX, 'prereview')];

    // Act
    const error = refusal(tasks, 'approve', TAX);

    // Assess
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.from).toBe('prereview');
    expect(error.messageZh).toBe('当前状态“预审”下不能准予');
  });

  it('throws a RangeError when the case has no task', () => {
    // Act
    const plan = () => planEvent([], 'withdraw');

    // Assess
    expect(plan).toThrow(RangeError);
  });
});

describe('Function: deriveProgress (a part at 准予 with no decision record yet)', () => {
  it('returns approved when the only part is approved, taking its status as the decision', () => {
    // Prepare
    const tasks = [{ department: 'civil-affairs', status: 'approved' as const }];

    // Act
    const progress = deriveProgress(tasks);

    // Assess
    expect(progress).toMatchObject({ status: 'approved', outcome: 'approved' });
  });
});
