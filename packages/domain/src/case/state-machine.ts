import { IllegalTransitionError } from '../errors';

/**
 * The life of a case (办件), per department task. A single-department case has one task; a bundled
 * 一件事 has one per deciding department, and the case's status is derived from them
 * (see {@link deriveProgress}).
 *
 * 申报 → 预审 → 受理 / 不予受理 / 补正 (→ resubmitted to 预审) → 准予 / 不予 → 办结 → 送达;
 * 撤回 before a decision.
 */
export const STATUSES = [
  'submitted',
  'prereview',
  'correction_requested',
  'accepted',
  'rejected',
  'approved',
  'denied',
  'completed',
  'delivered',
  'withdrawn',
] as const;
export type Status = (typeof STATUSES)[number];

export const EVENTS = [
  'dispatch',
  'accept',
  'refuse',
  'request_correction',
  'resubmit',
  'approve',
  'deny',
  'complete',
  'deliver',
  'withdraw',
] as const;
export type TaskEvent = (typeof EVENTS)[number];

/** Who may cause an event: the applicant (online, or window staff on their behalf), the deciding
 * department's officer, the window that hands out results, or the platform itself. */
export type EventActor = 'applicant' | 'officer' | 'window' | 'system';

interface EventRule {
  readonly from: readonly Status[];
  readonly to: Status;
  readonly actors: readonly EventActor[];
  /** A reason is required: 不予受理 and 不予许可 must state why (行政许可法 §32, §38); a 补正
   * notice must list everything missing at once (一次性告知). */
  readonly requiresReason: boolean;
  /** zh-CN name of the step, for the timeline. */
  readonly labelZh: string;
}

/** The whole table. Anything not here is an {@link IllegalTransitionError}. */
export const EVENT_RULES: Readonly<Record<TaskEvent, EventRule>> = {
  dispatch: {
    from: ['submitted'],
    to: 'prereview',
    actors: ['system'],
    requiresReason: false,
    labelZh: '推送部门预审',
  },
  accept: {
    from: ['prereview'],
    to: 'accepted',
    actors: ['officer'],
    requiresReason: false,
    labelZh: '受理',
  },
  refuse: {
    from: ['prereview'],
    to: 'rejected',
    actors: ['officer'],
    requiresReason: true,
    labelZh: '不予受理',
  },
  request_correction: {
    from: ['prereview'],
    to: 'correction_requested',
    actors: ['officer'],
    requiresReason: true,
    labelZh: '一次性告知补正',
  },
  resubmit: {
    from: ['correction_requested'],
    to: 'prereview',
    actors: ['applicant'],
    requiresReason: false,
    labelZh: '补正后重新提交',
  },
  approve: {
    from: ['accepted'],
    to: 'approved',
    actors: ['officer'],
    requiresReason: false,
    labelZh: '准予',
  },
  deny: {
    from: ['accepted'],
    to: 'denied',
    actors: ['officer'],
    requiresReason: true,
    labelZh: '不予',
  },
  complete: {
    from: ['approved', 'denied'],
    to: 'completed',
    actors: ['officer'],
    requiresReason: false,
    labelZh: '办结',
  },
  deliver: {
    from: ['completed'],
    to: 'delivered',
    actors: ['window', 'system'],
    requiresReason: false,
    labelZh: '送达',
  },
  withdraw: {
    from: ['submitted', 'prereview', 'correction_requested', 'accepted'],
    to: 'withdrawn',
    actors: ['applicant'],
    requiresReason: false,
    labelZh: '撤回',
  },
};

/** Statuses from which no event leads anywhere. */
export const TERMINAL_STATUSES: readonly Status[] = STATUSES.filter((s) =>
  EVENTS.every((e) => !EVENT_RULES[e].from.includes(s)),
);

/** zh-CN label of each status, and the text the applicant sees for it. */
export const STATUS_TEXT: Readonly<Record<Status, { labelZh: string; citizenZh: string }>> = {
  submitted: { labelZh: '申报', citizenZh: '您的申请已提交，正在推送至审批部门。' },
  prereview: { labelZh: '预审', citizenZh: '审批部门正在预审您的申请材料。' },
  correction_requested: {
    labelZh: '补正',
    citizenZh: '您的申请材料需要补正，请按一次性告知的内容补充后重新提交。',
  },
  accepted: { labelZh: '受理', citizenZh: '您的申请已受理，审批部门正在审查。' },
  rejected: { labelZh: '不予受理', citizenZh: '您的申请不予受理，原因见办件记录。' },
  approved: { labelZh: '准予', citizenZh: '您的申请已审批通过，正在办结。' },
  denied: { labelZh: '不予', citizenZh: '您的申请未获批准，原因见办件记录。' },
  completed: { labelZh: '办结', citizenZh: '您的办件已办结，等待出件送达。' },
  delivered: { labelZh: '送达', citizenZh: '办理结果已送达，欢迎对本次服务进行评价。' },
  withdrawn: { labelZh: '撤回', citizenZh: '您已撤回本次申请。' },
};

export const isTerminal = (status: Status): boolean => TERMINAL_STATUSES.includes(status);

/**
 * Whether the 承诺时限 (a 承诺办结时限: until 办结) is running. It stops while the applicant is
 * asked for 补正 (the count starts again on resubmission, 行政许可法 §32), and once the case is
 * completed, refused or withdrawn.
 */
export const isClockRunning = (status: Status): boolean =>
  status === 'submitted' ||
  status === 'prereview' ||
  status === 'accepted' ||
  status === 'approved' ||
  status === 'denied';

export const canApply = (status: Status, event: TaskEvent): boolean =>
  EVENT_RULES[event].from.includes(status);

/** The status a task reaches by `event`, or an {@link IllegalTransitionError}. */
export function nextStatus(status: Status, event: TaskEvent): Status {
  const rule = EVENT_RULES[event];
  if (!rule.from.includes(status)) {
    throw new IllegalTransitionError(
      status,
      event,
      `当前状态“${STATUS_TEXT[status].labelZh}”下不能${rule.labelZh}`,
    );
  }
  return rule.to;
}
