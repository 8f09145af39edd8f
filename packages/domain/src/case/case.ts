import * as z from 'zod/mini';
import { isPlainDate } from '../calendar/plain-date';
import { AreaCodeSchema, ChannelSchema, DepartmentIdSchema, MaterialIdSchema } from '../catalogue';
import { ApplicantSchema, SuppliedMaterialSchema } from './application';
import { EVENTS, STATUSES } from './state-machine';

export const StatusSchema = z.enum(STATUSES);
export const TaskEventSchema = z.enum(EVENTS);

/** Crockford base32, as in ULIDs: no I L O U, so a case number read aloud at a window is clear. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A case number (办件编号): `<area code>-<YYYYMMDD of receipt>-<8 random Crockford chars>`,
 * e.g. `220100-20260315-7K3F9Q2M`. Uniqueness is enforced by the store's conditional create;
 * 32^8 (about 10^12) numbers a city a day make a collision a retry, not a risk.
 */
export const CaseIdSchema = z
  .string()
  .check(
    z.regex(/^\d{6}-\d{8}-[0-9A-HJKMNP-TV-Z]{8}$/, { message: '办件编号格式不正确' }),
    z.refine((id) => isPlainDate(`${id.slice(7, 11)}-${id.slice(11, 13)}-${id.slice(13, 15)}`), {
      message: '办件编号中的日期无效',
    }),
  )
  .brand<'CaseId'>();
export type CaseId = z.infer<typeof CaseIdSchema>;

/** Builds a case number; `randomBytes` is injected so the domain stays free of I/O. */
export function newCaseId(areaCode: string, receivedOn: string, randomBytes: Uint8Array): CaseId {
  if (randomBytes.length < 8) throw new RangeError('need 8 random bytes');
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += CROCKFORD[(randomBytes[i] ?? 0) % 32];
  return CaseIdSchema.parse(`${areaCode}-${receivedOn.replaceAll('-', '')}-${suffix}`);
}

/** Roles, from the identity platform's token claims. */
export const RoleSchema = z.enum(['citizen', 'window', 'officer', 'admin', 'system']);
export type Role = z.infer<typeof RoleSchema>;

/**
 * Who did something: an opaque subject id from the token (never an ID number or a name), and for
 * window staff and officers where they work.
 */
export const ActorSchema = z.strictObject({
  role: RoleSchema,
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  platform: z.optional(AreaCodeSchema),
  department: z.optional(DepartmentIdSchema),
});
export type Actor = z.infer<typeof ActorSchema>;

/** A due date and whether it rests on a published holiday calendar. */
export const DueSchema = z.strictObject({
  date: z.iso.date(),
  kind: z.enum(['exact', 'provisional']),
});
export type Due = z.infer<typeof DueSchema>;

/** 超期预警: how a 承诺时限 stands, as the overdue scan last flagged it. */
export const DUE_STATES = ['on_time', 'due_soon', 'overdue'] as const;
export const DueStateSchema = z.enum(DUE_STATES);
export type DueState = z.infer<typeof DueStateSchema>;

/**
 * A case's 超期预警 state: the worst of its parts'. Each part has its own 承诺时限 and the scan
 * flags parts; a part that completed late keeps its flag, so the case shows it was late. A part
 * stored before parts were flagged has none (`on_time`).
 */
export function worstDueState(
  parts: readonly { readonly dueState?: DueState | undefined }[],
): DueState {
  let worst: DueState = 'on_time';
  for (const { dueState } of parts) {
    if (dueState !== undefined && DUE_STATES.indexOf(dueState) > DUE_STATES.indexOf(worst)) {
      worst = dueState;
    }
  }
  return worst;
}

/** The later of two due dates (a case's date is never earlier than any of its parts'). */
export const laterDue = (a: Due, b: Due): Due => (b.date > a.date ? b : a);

/** 好差评 levels (国办发〔2019〕51号); the last two are 差评. */
export const RATING_LEVELS = [
  'very_satisfied',
  'satisfied',
  'basically_satisfied',
  'dissatisfied',
  'very_dissatisfied',
] as const;
export const RatingLevelSchema = z.enum(RATING_LEVELS);
export type RatingLevel = z.infer<typeof RatingLevelSchema>;
export const RATING_LABELS: Readonly<Record<RatingLevel, string>> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  very_dissatisfied: '非常不满意',
};
export const isNegativeRating = (level: RatingLevel): boolean =>
  level === 'dissatisfied' || level === 'very_dissatisfied';

/**
 * The follow-up of a 差评 (国办发〔2019〕51号: every real-name 差评 is verified and rectified by
 * the department, and the applicant sees the outcome): opened with the rating, due in the
 * platform's working days; closed by the responsible department's officer with what was found
 * and what was done.
 */
export const FollowUpSchema = z.strictObject({
  /** The department answerable for the service (its 实施机构). */
  department: DepartmentIdSchema,
  due: DueSchema,
  /** What the department found (核实情况) and what it did (整改情况); set when closed. */
  finding: z.optional(z.string().check(z.minLength(1), z.maxLength(500))),
  rectification: z.optional(z.string().check(z.minLength(1), z.maxLength(500))),
  closedBy: z.optional(ActorSchema),
  closedAt: z.optional(z.iso.datetime()),
  /** When the scan found it still open after its date and told the applicant so (once). */
  lateNotedAt: z.optional(z.iso.datetime()),
});
export type FollowUp = z.infer<typeof FollowUpSchema>;
export const isFollowUpOpen = (f: FollowUp | undefined): f is FollowUp =>
  f !== undefined && f.closedAt === undefined;

/**
 * A 好差评 rating, given after the case completes: online by the applicant, once per case
 * (一事一评), or at the window on the visit that hands out the result (一次一评). A 差评 carries
 * its follow-up.
 */
export const RatingSchema = z.strictObject({
  level: RatingLevelSchema,
  comment: z.optional(z.string().check(z.maxLength(500))),
  at: z.iso.datetime(),
  channel: ChannelSchema,
  followUp: z.optional(FollowUpSchema),
  /**
   * The department whose 好差评 statistics counted the rating (rating-stats.ts); absent on a
   * rating given before they were kept, which no statistics count, nor its follow-up.
   */
  countedFor: z.optional(DepartmentIdSchema),
});
export type Rating = z.infer<typeof RatingSchema>;

/** A department's decision on its task, with the reason the law asks for when denied. */
export const DecisionSchema = z.strictObject({
  outcome: z.enum(['approved', 'denied']),
  reason: z.optional(z.string().check(z.maxLength(1000))),
  by: ActorSchema,
  at: z.iso.datetime(),
});
export type Decision = z.infer<typeof DecisionSchema>;

/** One deciding department's part of a case. */
export const TaskSchema = z.strictObject({
  caseId: CaseIdSchema,
  department: DepartmentIdSchema,
  /** What this department decides (from the service part). */
  partName: z.string().check(z.minLength(1), z.maxLength(60)),
  status: StatusSchema,
  /** Bumped by every change of this task; every change is conditional on it. */
  version: z.int().check(z.positive()),
  due: DueSchema,
  /** The materials this department needs to decide. */
  materials: z.array(MaterialIdSchema),
  decision: z.optional(DecisionSchema),
  refusal: z.optional(
    z.strictObject({ reason: z.string().check(z.minLength(1), z.maxLength(1000)) }),
  ),
  correction: z.optional(
    z.strictObject({
      reason: z.string().check(z.minLength(1), z.maxLength(1000)),
      materials: z.array(MaterialIdSchema),
    }),
  ),
  /**
   * When this part last received the applicant's materials: at submission, then at each
   * resubmission after a 补正 notice. A notice is due within 5 working days of it (行政许可法
   * §32). Parts stored before it was kept count from the case's `submittedAt`.
   */
  receivedAt: z.optional(z.iso.datetime()),
  /**
   * 超期预警 of this part's own 承诺时限, raised by the overdue scan; cleared when a resubmission
   * re-dates the part. Parts stored before parts were flagged have none (on time).
   */
  dueState: z.optional(DueStateSchema),
  /** Every material this part's 补正 notices have listed (一次性告知: a later notice lists no other). */
  noticed: z.optional(z.array(MaterialIdSchema)),
  updatedAt: z.iso.datetime(),
});
export type Task = z.infer<typeof TaskSchema>;

/** What happened to a case, one entry per change of the case (its `seq` is the case version). */
export const TimelineEntrySchema = z.strictObject({
  caseId: CaseIdSchema,
  seq: z.int().check(z.positive()),
  at: z.iso.datetime(),
  actor: ActorSchema,
  event: z.union([
    TaskEventSchema,
    z.enum([
      'submit',
      'rate',
      'flag_due_soon',
      'flag_overdue',
      'follow_up',
      'follow_up_overdue',
      'redate',
    ]),
  ]),
  /** The part concerned, for department events. */
  department: z.optional(DepartmentIdSchema),
  /** The case's status after the change. */
  status: StatusSchema,
  reason: z.optional(z.string().check(z.maxLength(1000))),
  /**
   * What the applicant reads for this step. A refusal, 补正 notice or denial quotes its reason
   * (up to 1000 characters) after a sentence naming the department, hence the room.
   */
  citizenText: z.string().check(z.minLength(1), z.maxLength(1200)),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

/** A case (办件): one application, one number, one timeline, whatever the departments. */
export const CaseSchema = z.strictObject({
  caseId: CaseIdSchema,
  /** GB/T 2260 code of the platform that received it. */
  platform: AreaCodeSchema,
  serviceCode: z.string().check(z.minLength(1), z.maxLength(40)),
  serviceName: z.string().check(z.minLength(1), z.maxLength(60)),
  applicant: ApplicantSchema,
  channel: ChannelSchema,
  /** The applicant online, or the window staff who filed on their behalf. */
  filedBy: ActorSchema,
  form: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  materials: z.array(SuppliedMaterialSchema),
  /** Derived from the tasks; stored so that the indexes can key on it. */
  status: StatusSchema,
  outcome: z.enum(['pending', 'approved', 'partially_approved', 'denied', 'rejected', 'withdrawn']),
  /** Bumped by every change of the case; every change is conditional on it. */
  version: z.int().check(z.positive()),
  submittedAt: z.iso.datetime(),
  /**
   * When the whole case is due: the service's 承诺时限 from receipt (no part promises longer),
   * moved later only when a resubmission re-dates a part beyond it; never earlier than any
   * part's `due`.
   */
  due: DueSchema,
  /** 超期预警: the worst of its parts' flags ({@link worstDueState}). */
  dueState: DueStateSchema,
  /**
   * The applicant's own rating online (一事一评). Cases rated before the window's rating was kept
   * apart may hold a window rating here (its `channel` says so): `ratingsOf` reads both.
   */
  rating: z.optional(RatingSchema),
  /** The rating given at the window, on the visit that hands out the result (一次一评). */
  windowRating: z.optional(RatingSchema),
  updatedAt: z.iso.datetime(),
});
export type Case = z.infer<typeof CaseSchema>;

/**
 * A case's online and window ratings, wherever they are stored: a window rating stored in
 * `rating` before `windowRating` existed counts as the window's, so it never blocks the
 * applicant's own rating online.
 */
export function ratingsOf(c: Pick<Case, 'rating' | 'windowRating'>): {
  readonly online: Rating | undefined;
  readonly window: Rating | undefined;
} {
  return {
    online: c.rating?.channel === 'online' ? c.rating : undefined,
    window: c.windowRating ?? (c.rating?.channel === 'window' ? c.rating : undefined),
  };
}

/** A case with its tasks and timeline, as one Query returns it. */
export interface CaseRecord {
  readonly case: Case;
  readonly tasks: readonly Task[];
  readonly timeline: readonly TimelineEntry[];
}
