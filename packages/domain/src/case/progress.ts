import { IllegalTransitionError } from '../errors';
import { EVENT_RULES, nextStatus, STATUS_TEXT, type Status, type TaskEvent } from './state-machine';

/** What derivation needs to know of a department task. */
export interface TaskState {
  readonly department: string;
  readonly status: Status;
  /** The department's decision, kept after 办结 so a denial stays explained. */
  readonly decision?:
    | { readonly outcome: 'approved' | 'denied'; readonly reason?: string }
    | undefined;
  /** 不予受理 with its reason. */
  readonly refusal?: { readonly reason: string } | undefined;
  /** The open 补正 notice. */
  readonly correction?:
    | { readonly reason: string; readonly materials: readonly string[] }
    | undefined;
}

export type Outcome =
  | 'pending'
  | 'approved'
  | 'partially_approved'
  | 'denied'
  | 'rejected'
  | 'withdrawn';

/** Something the applicant must be told about one part of the case. */
export interface Notice {
  readonly department: string;
  readonly kind: 'correction' | 'rejected' | 'denied';
  readonly reason: string;
  readonly materials?: readonly string[];
}

export interface Progress {
  readonly status: Status;
  readonly outcome: Outcome;
  readonly waitingOn: 'applicant' | 'department' | 'window' | 'nobody';
  readonly notices: readonly Notice[];
}

const RANK: Readonly<Record<Status, number>> = {
  submitted: 0,
  prereview: 1,
  correction_requested: 1,
  accepted: 2,
  approved: 3,
  denied: 3,
  completed: 4,
  delivered: 5,
  rejected: 6,
  withdrawn: 6,
};

const DECIDED: readonly Status[] = ['approved', 'denied', 'completed', 'delivered'];

/**
 * The case's status, outcome and notices, derived from its department tasks:
 * - any part waiting on a 补正 → the case waits on the applicant;
 * - otherwise the case is where its least advanced live part is (a part refused or withdrawn is
 *   no longer live), so it completes only when every live part has;
 * - all live parts decided: all approved → approved; all denied → denied; a mix stays approved
 *   with outcome `partially_approved`, and every denied or refused part is a notice with its
 *   reason, so the applicant is told which part and why.
 */
export function deriveProgress(tasks: readonly TaskState[]): Progress {
  if (tasks.length === 0) throw new RangeError('a case has at least one task');
  const notices = noticesOf(tasks);
  const live = tasks.filter((t) => t.status !== 'rejected' && t.status !== 'withdrawn');

  if (live.length === 0) {
    const withdrawn = tasks.some((t) => t.status === 'withdrawn');
    return {
      status: withdrawn ? 'withdrawn' : 'rejected',
      outcome: withdrawn ? 'withdrawn' : 'rejected',
      waitingOn: 'nobody',
      notices,
    };
  }
  if (live.some((t) => t.status === 'correction_requested')) {
    return { status: 'correction_requested', outcome: 'pending', waitingOn: 'applicant', notices };
  }

  const least = live.reduce((a, b) => (RANK[b.status] < RANK[a.status] ? b : a));
  const decided = live.every((t) => DECIDED.includes(t.status));
  const outcome = decided ? outcomeOf(tasks, live) : 'pending';
  let status = least.status;
  if (status === 'approved' || status === 'denied') {
    status = outcome === 'denied' ? 'denied' : 'approved';
  }
  const waitingOn =
    status === 'delivered' ? 'nobody' : status === 'completed' ? 'window' : 'department';
  return { status, outcome, waitingOn, notices };
}

function outcomeOf(all: readonly TaskState[], live: readonly TaskState[]): Outcome {
  // The decision record says how a completed part went; a part still at 准予 says it itself.
  const approved = live.filter(
    (t) =>
      (t.decision?.outcome ?? (t.status === 'approved' ? 'approved' : 'denied')) === 'approved',
  ).length;
  if (approved === 0) return 'denied';
  const turnedDown = all.length - approved;
  return turnedDown === 0 ? 'approved' : 'partially_approved';
}

function noticesOf(tasks: readonly TaskState[]): Notice[] {
  const notices: Notice[] = [];
  for (const t of tasks) {
    if (t.status === 'correction_requested' && t.correction) {
      notices.push({
        department: t.department,
        kind: 'correction',
        reason: t.correction.reason,
        materials: t.correction.materials,
      });
    }
    if (t.status === 'rejected' && t.refusal) {
      notices.push({ department: t.department, kind: 'rejected', reason: t.refusal.reason });
    }
    if (t.decision?.outcome === 'denied') {
      notices.push({ department: t.department, kind: 'denied', reason: t.decision.reason ?? '' });
    }
  }
  return notices;
}

/** One task's move, as part of a case event. */
export interface TaskChange {
  readonly department: string;
  readonly from: Status;
  readonly to: Status;
}

const illegal = (tasks: readonly TaskState[], event: TaskEvent, why: string) =>
  new IllegalTransitionError(deriveProgress(tasks).status, event, why);

/**
 * Which tasks an event moves. Department events (dispatch, accept, refuse, 补正, approve, deny,
 * complete) move the named department's task. Applicant and window events act on the case:
 * - resubmit moves every part waiting on a 补正 back to 预审;
 * - withdraw (撤回) is allowed only before any part is decided, and withdraws every open part;
 * - deliver (统一出件) is allowed once every live part has completed, and delivers them all.
 */
export function planEvent(
  tasks: readonly TaskState[],
  event: TaskEvent,
  department?: string,
): TaskChange[] {
  if (tasks.length === 0) throw new RangeError('a case has at least one task');
  const move = (t: TaskState): TaskChange => ({
    department: t.department,
    from: t.status,
    to: nextStatus(t.status, event),
  });

  switch (event) {
    case 'resubmit': {
      const waiting = tasks.filter((t) => t.status === 'correction_requested');
      if (waiting.length === 0) throw illegal(tasks, event, '当前没有需要补正的材料');
      return waiting.map(move);
    }
    case 'withdraw': {
      if (tasks.some((t) => DECIDED.includes(t.status))) {
        throw illegal(tasks, event, '办件已有审批决定，不能撤回');
      }
      const open = tasks.filter((t) => EVENT_RULES.withdraw.from.includes(t.status));
      if (open.length === 0) throw illegal(tasks, event, '办件已终结，不能撤回');
      return open.map(move);
    }
    case 'deliver': {
      const live = tasks.filter((t) => t.status !== 'rejected' && t.status !== 'withdrawn');
      if (live.length === 0 || live.some((t) => t.status !== 'completed')) {
        throw illegal(tasks, event, '办件尚未全部办结，不能出件');
      }
      return live.map(move);
    }
    default: {
      const task = tasks.find((t) => t.department === department);
      if (!task) {
        throw new IllegalTransitionError(
          deriveProgress(tasks).status,
          event,
          '该办件不由本部门办理',
        );
      }
      return [move(task)];
    }
  }
}

/**
 * The applicant-facing text for a derived status and outcome. A bundled case some of whose parts
 * were turned down is `approved`, `completed` or `delivered` with outcome `partially_approved`:
 * its text must not say the application was approved, and points to the parts that were not
 * (a part denied must be explained to the applicant; its notice carries the reason).
 */
export function citizenText(status: Status, outcome: Outcome = 'pending'): string {
  if (outcome === 'partially_approved') {
    const partial = PARTIAL_TEXT[status];
    if (partial) return partial;
  }
  return STATUS_TEXT[status].citizenZh;
}

/** The zh-CN label of a derived status: 部分准予 for a case at 准予 some of whose parts were not. */
export const statusLabel = (status: Status, outcome: Outcome = 'pending'): string =>
  status === 'approved' && outcome === 'partially_approved'
    ? '部分准予'
    : STATUS_TEXT[status].labelZh;

const PARTIAL_TEXT: Partial<Record<Status, string>> = {
  approved: '您的申请部分事项已审批通过，正在办结；未获批准或不予受理的事项及原因见办件记录。',
  completed: '您的办件已办结，等待出件送达；部分事项未获批准或不予受理，原因见办件记录。',
  delivered: '办理结果已送达；部分事项未获批准或不予受理，原因见办件记录。欢迎对本次服务进行评价。',
};
