import {
  type Applicant,
  type CaseRecord,
  citizenText,
  deriveProgress,
  EVENT_RULES,
  maskIdentifier,
  maskName,
  maskPhone,
  RATING_LABELS,
  type Rating,
  ratingsOf,
  STATUS_TEXT,
  statusLabel,
  type TaskEvent,
} from '@jilin/domain';
import type { PlatformDirectory, Principal } from '@jilin/platform';
import { holdsApplicantIdNumber, isOwner } from './access';
import type { CaseView } from './api-responses';

const departmentName = (platform: PlatformDirectory, id: string): string =>
  platform.departments.find((d) => d.id === id)?.shortName ?? id;

/** An applicant as shown: in full to the owner, masked to anyone else. */
export type ApplicantView =
  | { kind: 'natural'; idNumber: string; name: string; phone: string; masked: boolean }
  | {
      kind: 'legal';
      creditCode: string;
      name: string;
      representative: { name: string; idNumber: string };
      phone: string;
      masked: boolean;
    };

/**
 * Personal data masked for anyone but the owner: first 6 + last 4 of numbers, 张*, 138****5678.
 * An organisation's legal representative's 公民身份号码 is theirs, not the organisation's: it is
 * masked for everyone but the representative (`representativeIdShown`), the organisation's other
 * agents included.
 */
export function applicantView(
  applicant: Applicant,
  masked: boolean,
  representativeIdShown = !masked,
): ApplicantView {
  const id = masked ? maskIdentifier : (s: string) => s;
  const name = masked ? maskName : (s: string) => s;
  const phone = masked ? maskPhone(applicant.phone) : applicant.phone;
  if (applicant.kind === 'natural') {
    return {
      kind: 'natural',
      idNumber: id(applicant.idNumber),
      name: name(applicant.name),
      phone,
      masked,
    };
  }
  // An organisation's own name and credit code are public (国家企业信用信息公示系统); its
  // representative's identity and the contact phone are personal data.
  return {
    kind: 'legal',
    creditCode: applicant.creditCode,
    name: applicant.name,
    representative: {
      name: name(applicant.representative.name),
      idNumber: representativeIdShown
        ? applicant.representative.idNumber
        : maskIdentifier(applicant.representative.idNumber),
    },
    phone,
    // Whether anything in it is masked: the representative's number may be, for an agent.
    masked: masked || !representativeIdShown,
  };
}

const eventLabel = (event: string): string =>
  event in EVENT_RULES
    ? EVENT_RULES[event as TaskEvent].labelZh
    : ({
        submit: '申报',
        rate: '评价',
        flag_due_soon: '超期预警',
        flag_overdue: '超期',
        follow_up: '差评整改',
        follow_up_overdue: '差评整改超期',
        redate: '时限确定',
      }[event] ?? event);

/**
 * A case as the API shows it: the derived progress, each part, the timeline in the applicant's
 * words. Only the owner sees personal data in full; the form is shown to the owner and to the
 * officers who decide.
 */
export function toCaseView(
  record: CaseRecord,
  principal: Principal,
  platform: PlatformDirectory,
): CaseView {
  const { case: c, tasks, timeline } = record;
  const owner = isOwner(principal, c);
  const progress = deriveProgress(tasks);
  const ratings = ratingsOf(c);
  const showForm = owner || principal.role === 'officer';
  return {
    caseId: c.caseId,
    serviceCode: c.serviceCode,
    serviceName: c.serviceName,
    channel: c.channel,
    submittedAt: c.submittedAt,
    updatedAt: c.updatedAt,
    version: c.version,
    status: c.status,
    statusLabel: statusLabel(c.status, c.outcome),
    citizenText: citizenText(c.status, c.outcome),
    outcome: c.outcome,
    waitingOn: progress.waitingOn,
    notices: progress.notices.map((n) => ({
      ...n,
      departmentName: departmentName(platform, n.department),
    })),
    due: c.due,
    dueState: c.dueState,
    applicant: applicantView(c.applicant, !owner, owner && holdsApplicantIdNumber(principal, c)),
    ...(showForm ? { form: c.form } : {}),
    materials: c.materials.map((m) => ({ materialId: m.materialId, trustLevel: m.trustLevel })),
    tasks: tasks.map((t) => ({
      department: t.department,
      departmentName: departmentName(platform, t.department),
      partName: t.partName,
      status: t.status,
      statusLabel: STATUS_TEXT[t.status].labelZh,
      version: t.version,
      due: t.due,
      dueState: t.dueState ?? 'on_time',
      ...(t.decision
        ? {
            decision: { outcome: t.decision.outcome, reason: t.decision.reason, at: t.decision.at },
          }
        : {}),
      ...(t.refusal ? { refusal: t.refusal } : {}),
      ...(t.correction ? { correction: t.correction } : {}),
    })),
    timeline: timeline.map((e) => ({
      seq: e.seq,
      at: e.at,
      event: e.event,
      label: eventLabel(e.event),
      status: e.status,
      ...(e.department
        ? { department: e.department, departmentName: departmentName(platform, e.department) }
        : {}),
      ...(e.reason ? { reason: e.reason } : {}),
      citizenText: e.citizenText,
      // Who acted, by role and department; staff ids are kept for the audit trail, not shown.
      actor: {
        role: e.actor.role,
        ...(e.actor.department ? { department: e.actor.department } : {}),
      },
    })),
    ...(ratings.online ? { rating: ratingView(ratings.online, platform) } : {}),
    ...(ratings.window ? { windowRating: ratingView(ratings.window, platform) } : {}),
  };
}

const ratingView = (r: Rating, platform: PlatformDirectory) => ({
  level: r.level,
  label: RATING_LABELS[r.level],
  comment: r.comment,
  at: r.at,
  ...(r.followUp
    ? {
        followUp: {
          department: r.followUp.department,
          departmentName: departmentName(platform, r.followUp.department),
          due: r.followUp.due,
          state: r.followUp.closedAt
            ? ('closed' as const)
            : r.followUp.lateNotedAt
              ? ('overdue' as const)
              : ('open' as const),
          ...(r.followUp.finding ? { finding: r.followUp.finding } : {}),
          ...(r.followUp.rectification ? { rectification: r.followUp.rectification } : {}),
          ...(r.followUp.closedAt ? { closedAt: r.followUp.closedAt } : {}),
        },
      }
    : {}),
});
