import { createHash, randomBytes as nodeRandomBytes } from 'node:crypto';
import {
  type Application,
  addMonths,
  addWorkingDays,
  type Case,
  type CaseId,
  type CaseRecord,
  type Channel,
  checkMaterials,
  createWorkingCalendar,
  type DepartmentId,
  DepartmentIdSchema,
  DomainError,
  DUE_STATES,
  type Due,
  type DueState,
  deadlineStatus,
  deriveProgress,
  EVENT_RULES,
  type FollowUp,
  InvalidApplicationError,
  isClockRunning,
  isFollowUpOpen,
  isNegativeRating,
  laterDue,
  monthsFrom,
  newCaseId,
  officialCalendar,
  openCase,
  planEvent,
  type Rating,
  type RatingLevel,
  ratingMonthOf,
  ratingsOf,
  STATUS_TEXT,
  type Status,
  type SuppliedMaterial,
  summarizeRatings,
  type Task,
  type TaskEvent,
  type TimelineEntry,
  toChinaDate,
  type WorkingCalendar,
  workingDaysBetween,
  worstDueState,
} from '@jilin/domain';
import { findService, type Platform, type Principal } from '@jilin/platform';
import {
  type AuditLog,
  type CaseChange,
  CaseExistsError,
  CaseNotFoundError,
  type CaseRepository,
  type CaseSummary,
  type CaseUpdate,
  type FollowUpEntry,
  type Page,
  recordAfter,
  type SubmissionClaim,
  SubmissionClaimedError,
  type TaskSummary,
  type TaskUpdate,
  VersionConflictError,
} from '@jilin/store';
import { canActForApplicant, isOwner, isStaffOf } from './access';
import type { CaseView, DepartmentRatingStats, RatingOverview } from './api-responses';
import {
  actorOf,
  type CaseListQuery,
  CaseReader,
  type ReadDependencies,
  readCase,
} from './case-reader';
import {
  AccessDeniedError,
  AlreadyRatedError,
  CorrectionNotAllowedError,
  IdempotencyKeyReusedError,
  InvalidPeriodError,
  NoFollowUpOwedError,
  NotRateableError,
  ReasonRequiredError,
  StaleTaskError,
} from './errors';
import { toCaseView } from './views';

export interface CaseServiceProps {
  readonly repository: CaseRepository;
  /** The platform (city or province) this deployment serves. */
  readonly platform: Platform;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** @default node:crypto randomBytes */
  readonly randomBytes?: (size: number) => Uint8Array;
  /** @default the official calendar */
  readonly calendar?: WorkingCalendar;
  /** Working days before the due date from which a case is 预警 (due soon). @default 3 */
  readonly warnWithinDays?: number;
  /**
   * The audit trail of access by anyone but the applicant. Without one nothing is recorded
   * (unit tests); every deployed function is wired with one (wireFromEnv; read-cases, which
   * runs a CaseReader alone, with wireReaderFromEnv).
   */
  readonly audit?: AuditLog;
  /**
   * Where a submission with an Idempotency-Key claims the key, in the same transaction as its
   * case (the platform's idempotency table), so one key makes at most one case even when the
   * function dies after the write or its idempotency record is gone. Without it a key is only
   * as good as the Powertools idempotency record in front of the service.
   */
  readonly submissions?: {
    readonly tableName: string;
    /** How long a key stays claimed. @default 86400 (as the Powertools record) */
    readonly ttlSeconds?: number;
  };
}

/** What an officer can do to a task. */
export type OfficerAction = Extract<
  TaskEvent,
  'accept' | 'refuse' | 'request_correction' | 'approve' | 'deny' | 'complete'
>;

export interface DecisionInput {
  readonly action: OfficerAction;
  readonly reason?: string | undefined;
  /** For 补正: the materials to supply again (ids of the service's materials). */
  readonly materials?: readonly string[] | undefined;
  /** The task version the officer saw: a decision on a task that moved on is refused. */
  readonly expectedVersion: number;
}

export interface FlagReport {
  readonly checked: number;
  readonly dueSoon: number;
  readonly overdue: number;
  readonly conflicts: number;
}

/** How often a change is retried when only the case (not the caller's task) moved on. */
const ATTEMPTS = 3;

/** 好差评 statistics: the months a department's period shows by default, and at most. */
const STATS_DEFAULT_MONTHS = 12;
const STATS_MAX_MONTHS = 24;
/** 行政许可法 §32: a 补正 notice within 5 (working, §82) days of receiving the materials. */
const CORRECTION_NOTICE_DAYS = 5;
const PRE_REVIEW_ACTIONS: readonly TaskEvent[] = ['accept', 'refuse', 'request_correction'];

/**
 * When a part stored before `receivedAt` was kept last received the materials: at the
 * resubmission after its latest 补正 notice, if there was one, else at submission.
 */
function receivedBeforeKept(record: CaseRecord, department: string): string {
  const entries = record.timeline;
  const notice = entries.findLastIndex(
    (e) => e.event === 'request_correction' && e.department === department,
  );
  if (notice < 0) return record.case.submittedAt;
  return (
    entries.slice(notice + 1).find((e) => e.event === 'resubmit')?.at ?? record.case.submittedAt
  );
}

/**
 * What the applicant reads when the scan flags the case. A due date counted into a year whose
 * holiday calendar is not yet published is said to be provisional, not passed off as exact.
 */
function flagText(
  state: 'due_soon' | 'overdue',
  due: Due,
  part?: { readonly department: string; readonly part: string },
): string {
  const note = due.kind === 'provisional' ? '暂按周末推算，以公布的节假日安排为准' : '';
  // A bundle's part is named, with the department that decides it.
  const which = part ? `您的办件中${part.department}办理的“${part.part}”` : '您的办件';
  const reminded = part ? part.department : '办理部门';
  return state === 'overdue'
    ? `${which}已超过承诺办结时限（${due.date}${note && `，${note}`}），已提醒${reminded}尽快办理。`
    : `${which}将于${due.date}${note && `（${note}）`}到达承诺办结时限，已提醒${reminded}按时办结。`;
}

/**
 * The use cases of 一号一窗一网 over the domain and the case store. Every method checks the
 * caller against the object (a citizen reaches only their own cases, an officer only tasks routed
 * to their department, staff only their own platform), and every change is a conditional write.
 */
export class CaseService {
  readonly #repo: CaseRepository;
  readonly #platform: Platform;
  readonly #now: () => Date;
  readonly #random: (size: number) => Uint8Array;
  readonly #calendar: WorkingCalendar | undefined;
  readonly #warnWithin: number;
  readonly #audit: AuditLog | undefined;
  readonly #submissions: CaseServiceProps['submissions'];
  readonly #reader: CaseReader;
  readonly #reads: ReadDependencies;

  constructor(props: CaseServiceProps) {
    this.#repo = props.repository;
    this.#platform = props.platform;
    this.#now = props.now ?? (() => new Date());
    this.#random = props.randomBytes ?? nodeRandomBytes;
    this.#calendar = props.calendar;
    this.#warnWithin = props.warnWithinDays ?? 3;
    this.#audit = props.audit;
    this.#submissions = props.submissions;
    this.#reads = {
      repository: props.repository,
      platform: props.platform,
      audit: props.audit,
      now: this.#now,
    };
    this.#reader = new CaseReader(this.#reads);
    if (!Number.isInteger(this.#warnWithin) || this.#warnWithin < 0) {
      throw new RangeError('warnWithinDays must be a non-negative integer');
    }
  }

  get platform(): Platform {
    return this.#platform;
  }

  /**
   * 申报: a citizen for themselves (一网), or window staff for an applicant (一窗). With an
   * `idempotencyKey` (the caller's Idempotency-Key header) the key is claimed with the case: the
   * same caller sending the same request with the key again gets the case the first one made.
   */
  async submit(
    principal: Principal,
    application: Application,
    options: { readonly idempotencyKey?: string | undefined } = {},
  ): Promise<CaseView> {
    const service = findService(this.#platform, application.serviceCode);
    if (!service) {
      throw new InvalidApplicationError(
        'UNKNOWN_SERVICE',
        `no service ${application.serviceCode} on ${this.#platform.slug}`,
        '该事项不存在或未在本地开通',
        [application.serviceCode],
      );
    }
    const filedBy = actorOf(principal, this.#platform);
    if (principal.role === 'citizen') {
      if (!isOwner(principal, { applicant: application.applicant })) {
        throw new AccessDeniedError(
          'a citizen files only for themselves or the organisation they act for',
          '只能以本人或本人所代表单位的名义申报；代他人办理请到综合受理窗口',
        );
      }
    } else if (principal.role !== 'window' || !isStaffOf(principal, this.#platform)) {
      throw new AccessDeniedError(
        'only applicants and this platform’s window file',
        '无权代为申报',
      );
    }
    const now = this.#nowIso();
    const claim =
      options.idempotencyKey !== undefined && this.#submissions
        ? this.#claim(principal, options.idempotencyKey, application)
        : undefined;
    for (let attempt = 1; ; attempt++) {
      const record = openCase({
        service,
        application,
        filedBy,
        platform: this.#platform.code,
        caseId: newCaseId(this.#platform.code, toChinaDate(now), this.#random(8)),
        now,
        ...(this.#calendar ? { calendar: this.#calendar } : {}),
      });
      try {
        await this.#repo.createCase(record, claim ? { claim } : {});
        return toCaseView(record, principal, this.#platform);
      } catch (error) {
        if (error instanceof SubmissionClaimedError && claim) {
          // The key made its case already: that case is the answer, for the same request only.
          if (error.payloadHash !== claim.payloadHash) {
            throw new IdempotencyKeyReusedError({ cause: error });
          }
          return this.getCase(principal, error.caseId);
        }
        // A case number drawn twice: draw again (32^8 a day makes this all but impossible).
        if (!(error instanceof CaseExistsError) || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  /** The claim of a caller's key: hashed with who they are, and the request's own hash. */
  #claim(principal: Principal, key: string, application: Application): SubmissionClaim {
    const submissions = this.#submissions;
    if (!submissions) throw new Error('no table for submission claims');
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    return {
      tableName: submissions.tableName,
      id: `submission#${sha256(`${principal.sub}\n${key}`)}`,
      payloadHash: sha256(stableJson(application)),
      expiresAt: Math.floor(this.#now().getTime() / 1000) + (submissions.ttlSeconds ?? 86_400),
    };
  }

  /** One case with its tasks and timeline; a case the caller may not see does not exist. */
  getCase(principal: Principal, caseId: string): Promise<CaseView> {
    return this.#reader.getCase(principal, caseId);
  }

  /**
   * My cases (一号: by my number, across departments and channels), or, for window staff, an
   * applicant's cases by the number they present.
   */
  listCases(principal: Principal, query: CaseListQuery): Promise<Page<CaseSummary>> {
    return this.#reader.listCases(principal, query);
  }

  /** A department's worklist: its officers, or the platform's admins. */
  async worklist(
    principal: Principal,
    department: string,
    query: {
      readonly status: Status;
      readonly limit?: number;
      readonly cursor?: string;
      readonly dueOnOrBefore?: string;
    },
  ): Promise<Page<TaskSummary>> {
    this.#assertWorklistReader(principal, department, '只能查看本部门的待办');
    const { status, ...page } = query;
    return this.#repo.listWorklist(department, status, page);
  }

  /** 撤回, before any decision. */
  withdraw(
    principal: Principal,
    caseId: string,
    input: { readonly reason?: string | undefined; readonly expectedVersion?: number | undefined },
  ): Promise<CaseView> {
    return this.#applicantAction(
      principal,
      caseId,
      'withdraw',
      input.expectedVersion,
      (record) => ({
        event: 'withdraw',
        reason: input.reason,
        tasks: planEvent(record.tasks, 'withdraw').map((m) => ({
          department: m.department,
          status: m.to,
        })),
      }),
    );
  }

  /**
   * 补正: the applicant supplies what the notice asked for; each part waiting on it returns to
   * 预审, and its 承诺时限 counts again from today (行政许可法 §32: accepted from the receipt of
   * complete materials).
   */
  resubmit(
    principal: Principal,
    caseId: string,
    input: {
      readonly materials: readonly SuppliedMaterial[];
      readonly expectedVersion?: number | undefined;
    },
  ): Promise<CaseView> {
    return this.#applicantAction(principal, caseId, 'resubmit', input.expectedVersion, (record) => {
      // Each part waiting on the 补正, with its task as stored.
      const waiting = planEvent(record.tasks, 'resubmit').map((move) => ({
        move,
        task: record.tasks.find((t) => t.department === move.department),
      }));
      const supplied = new Set(input.materials.map((m) => m.materialId));
      const missing = waiting.flatMap(({ task }) =>
        (task?.correction?.materials ?? []).filter((id) => !supplied.has(id)),
      );
      if (missing.length > 0) {
        throw new InvalidApplicationError(
          'MISSING_MATERIAL',
          `correction materials missing: ${missing.join(', ')}`,
          '请补齐一次性告知中列明的全部材料',
          [...new Set(missing)],
        );
      }
      // The submission's checks: each material once, none claiming more trust than its source
      // allows; and each one a material a part waiting on the 补正 needs, or its notice named (a
      // notice made before notices were held to their own part may name another part's). The
      // case keeps one copy of each material: one that a deciding part shares with a waiting
      // part is replaced for both.
      checkMaterials(input.materials, principal.role === 'window' ? 'window' : 'online', {
        ids: new Set(
          waiting.flatMap(({ task }) => [
            ...(task?.materials ?? []),
            ...(task?.correction?.materials ?? []),
          ]),
        ),
        messageZh: '补正材料不属于待补正部门办理所需的申请材料',
      });
      const service = findService(this.#platform, record.case.serviceCode);
      const now = this.#nowIso();
      const today = toChinaDate(now);
      const materials = [
        ...record.case.materials.filter((m) => !supplied.has(m.materialId)),
        ...input.materials,
      ];
      // Each resubmitted part's 承诺时限 counts again from today, and its flag is cleared; the
      // other parts keep their own dates and flags. The whole case is due when its latest part
      // is, so its date moves only if a re-dated part now falls after it.
      const tasks = waiting.map(({ move: m, task }) => {
        const days = service?.parts.find((p) => p.department === m.department)?.promisedLimitDays;
        // A part whose notice came before `noticed` was kept: its notice's list is what it named.
        const noticed = task?.noticed ?? task?.correction?.materials;
        return {
          department: m.department,
          status: m.to,
          set: {
            receivedAt: now,
            // A part no longer in the catalogue keeps its date, and so its flag.
            ...(days !== undefined ? { dueState: 'on_time' as const } : {}),
            ...(noticed ? { noticed: [...noticed] } : {}),
          },
          remove: ['correction'] as const,
          ...(days !== undefined ? { due: this.#due(today, days) } : {}),
        };
      });
      const cleared = new Map(
        tasks.filter((t) => t.due).map((t) => [t.department, 'on_time' as const]),
      );
      return {
        event: 'resubmit',
        tasks,
        case: {
          materials,
          dueState: dueStateWith(record.tasks, cleared),
          due: tasks.reduce((due, t) => (t.due ? laterDue(due, t.due) : due), record.case.due),
        },
      };
    });
  }

  /**
   * 好差评, after the case completes: online by the owner, once per case (一事一评); or at the
   * window, for the applicant on the visit that hands out the result, once (一次一评). The two
   * are kept apart, so a rating the window records never takes the applicant's own place.
   */
  rate(
    principal: Principal,
    caseId: string,
    input: { readonly level: RatingLevel; readonly comment?: string | undefined },
  ): Promise<CaseView> {
    return this.#applicantAction(principal, caseId, 'rate', undefined, (record) => {
      const channel: Channel = principal.role === 'window' ? 'window' : 'online';
      const given = ratingsOf(record.case);
      if (given[channel]) throw new AlreadyRatedError(channel);
      if (record.case.status !== 'completed' && record.case.status !== 'delivered') {
        throw new NotRateableError();
      }
      const negative = isNegativeRating(input.level);
      const at = this.#nowIso();
      // The department answerable for the case: its 好差评 statistics count the rating, and it
      // owes a 差评's follow-up.
      const department = this.#answerable(record);
      const followUp: FollowUp | undefined = negative
        ? {
            department,
            due: this.#due(toChinaDate(at), this.#platform.ratingFollowUpDays),
          }
        : undefined;
      const rating: Rating = {
        level: input.level,
        ...(input.comment ? { comment: input.comment } : {}),
        at,
        channel,
        ...(followUp ? { followUp } : {}),
        countedFor: department,
      };
      // A case owing a follow-up already stays listed under the earlier one's date.
      const owing = openFollowUps(record.case).length > 0;
      return {
        event: 'rate',
        citizenText: followUp
          ? `感谢您的评价。您的差评将由${this.#shortName(followUp.department) || '办理部门'}在${followUp.due.date}${followUp.due.kind === 'provisional' ? '（暂按周末推算，以公布的节假日安排为准）' : ''}前核实整改，并向您反馈整改结果。`
          : '感谢您的评价。',
        ...(followUp && !owing
          ? { followUp: { department: followUp.department, due: followUp.due.date } }
          : {}),
        // A window rating stored in `rating` before the two were kept apart moves to its own
        // place as the applicant's takes `rating`.
        case:
          channel === 'online'
            ? {
                rating,
                ...(given.window && !record.case.windowRating
                  ? { windowRating: given.window }
                  : {}),
              }
            : { windowRating: rating },
        keepStatus: true,
        tallies: [
          { department, month: ratingMonthOf(at), add: { [input.level]: 1, [channel]: 1 } },
        ],
      };
    });
  }

  /**
   * 差评整改: the answerable department's officer records what it found and what it did about the
   * case's 差评 (both, if the applicant and the window each gave one); the applicant reads it in
   * the timeline and under the rating, and the case leaves the department's follow-up list.
   */
  followUpRating(
    principal: Principal,
    caseId: string,
    input: {
      readonly finding: string;
      readonly rectification: string;
      readonly expectedVersion?: number | undefined;
    },
  ): Promise<CaseView> {
    return this.#recordingRefusals(principal, caseId, 'follow_up', async () => {
      if (principal.role !== 'officer') {
        throw new AccessDeniedError(
          'only officers follow up a 差评',
          '只有办理部门可以核实整改差评',
        );
      }
      let seen: string | undefined;
      for (let attempt = 1; ; attempt++) {
        const record = await readCase(this.#reads, principal, caseId, 'follow_up', attempt === 1);
        const open = openFollowUps(record.case);
        if (open.length === 0) throw new NoFollowUpOwedError();
        const mine = open.filter(({ followUp }) => followUp.department === principal.department);
        if (mine.length === 0) {
          throw new AccessDeniedError(
            'another department answers for this 差评',
            '该差评由其他部门负责核实整改',
          );
        }
        // The answer is about the 差评 the officer read: one given meanwhile is not closed with it.
        const these = mine.map(({ rating }) => `${rating.channel}@${rating.at}`).join(',');
        if (seen !== undefined && these !== seen) throw new StaleTaskError();
        seen = these;
        if (input.expectedVersion !== undefined && record.case.version !== input.expectedVersion) {
          throw new StaleTaskError();
        }
        const at = this.#nowIso();
        const closing = {
          finding: input.finding,
          rectification: input.rectification,
          closedBy: actorOf(principal, this.#platform),
          closedAt: at,
        };
        const closed = (rating: Rating | undefined) =>
          rating &&
          isFollowUpOpen(rating.followUp) &&
          rating.followUp.department === principal.department
            ? { ...rating, followUp: { ...rating.followUp, ...closing } }
            : undefined;
        const rating = closed(record.case.rating);
        const windowRating = closed(record.case.windowRating);
        const department = mine[0]?.followUp.department;
        // Each 差评 answered counts, in its own month, for the department its rating counted for
        // (one given before the statistics were kept counted for none, and its answer neither).
        // In time: by its date as the calendar now tells it; a date still provisional (its year's
        // holidays unpublished) is not called missed on a guess, as the scan does not call it late.
        const closedOn = toChinaDate(at);
        const tallies = mine.flatMap(({ rating: r, followUp }) => {
          if (r.countedFor === undefined) return [];
          const due =
            followUp.due.kind === 'provisional'
              ? this.#recount(toChinaDate(r.at), followUp.due)
              : followUp.due;
          return [
            {
              department: r.countedFor,
              month: ratingMonthOf(r.at),
              add: {
                followUpsClosed: 1,
                followUpsClosedOnTime: due.kind === 'provisional' || closedOn <= due.date ? 1 : 0,
              },
            },
          ];
        });
        // A 差评 another department still owes keeps the case on that department's list.
        const left = open
          .filter(({ followUp }) => followUp.department !== principal.department)
          .sort((a, b) => (a.followUp.due.date < b.followUp.due.date ? -1 : 1))[0];
        try {
          const after = await this.#write(record, principal, {
            event: 'follow_up',
            department,
            citizenText: `${this.#shortName(department ?? '') || '办理部门'}已核实您的评价并整改。核实情况：${input.finding}；整改情况：${input.rectification}`,
            case: { ...(rating ? { rating } : {}), ...(windowRating ? { windowRating } : {}) },
            keepStatus: true,
            followUp: left
              ? { department: left.followUp.department, due: left.followUp.due.date }
              : null,
            tallies,
          });
          return toCaseView(after, principal, this.#platform);
        } catch (error) {
          const retry = input.expectedVersion === undefined && attempt < ATTEMPTS;
          if (error instanceof VersionConflictError && retry) continue;
          if (error instanceof VersionConflictError) throw new StaleTaskError({ cause: error });
          throw error;
        }
      }
    });
  }

  /**
   * The 差评 follow-ups past their date (the scan's): counted per department that owes them, for
   * the metric and alarm; and the applicant, who was promised an answer by then, is told once,
   * in the timeline, that the department is late and has been pressed. Departments owing none
   * late are left out.
   */
  async overdueFollowUps(
    options: { readonly noteForMs?: number } = {},
  ): Promise<Readonly<Record<string, number>>> {
    const today = toChinaDate(this.#nowIso());
    const stopAt = performance.now() + (options.noteForMs ?? Number.POSITIVE_INFINITY);
    const late: Record<string, number> = {};
    for (const { id } of this.#platform.departments) {
      let cursor: string | undefined;
      do {
        const page = await this.#repo.listFollowUps(id, {
          dueOnOrBefore: today,
          limit: 100,
          ...(cursor ? { cursor } : {}),
        });
        for (const entry of page.items.filter((e) => e.followUpDue < today)) {
          late[id] = (late[id] ?? 0) + 1;
          // Counted whatever the time; told while time is left (the next scan tells the rest).
          if (performance.now() <= stopAt) await this.#noteLateFollowUp(entry.caseId, today);
        }
        cursor = page.cursor;
      } while (cursor);
    }
    return late;
  }

  /** Tells the applicant, once per 差评, that its follow-up is late; the next scan retries a race. */
  async #noteLateFollowUp(caseId: CaseId, today: string): Promise<void> {
    const record = await this.#repo.getCase(caseId);
    if (!record) return;
    // A date counted into a year then unpublished is judged by the calendar as it is now; one
    // still provisional is not called missed on a guess. One notice names one department and
    // date: another late one is told by the next scan.
    const named = openFollowUps(record.case)
      .filter(({ followUp }) => followUp.lateNotedAt === undefined)
      .map(({ rating, followUp }) => ({
        rating,
        followUp,
        due:
          followUp.due.kind === 'provisional'
            ? this.#recount(toChinaDate(rating.at), followUp.due)
            : followUp.due,
      }))
      .find(({ due }) => due.kind === 'exact' && due.date < today);
    if (!named) return;
    const noted = (r: Rating | undefined) =>
      r === named.rating
        ? { ...r, followUp: { ...named.followUp, lateNotedAt: this.#nowIso() } }
        : undefined;
    const rating = noted(record.case.rating);
    const windowRating = noted(record.case.windowRating);
    const who = this.#shortName(named.followUp.department) || '办理部门';
    try {
      await this.#bookkeep(
        record,
        {
          event: 'follow_up_overdue',
          department: named.followUp.department,
          citizenText: `${who}未在${named.due.date}前反馈您的差评的核实整改结果，已督促其尽快办理。`,
        },
        { case: { ...(rating ? { rating } : {}), ...(windowRating ? { windowRating } : {}) } },
      );
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }

  /** The cases owing a 差评 follow-up by the department: its officers, or the platform's admins. */
  async followUps(
    principal: Principal,
    department: string,
    page: { readonly limit?: number; readonly cursor?: string },
  ): Promise<Page<FollowUpEntry>> {
    this.#assertWorklistReader(principal, department, '只能查看本部门的差评整改');
    return this.#repo.listFollowUps(department, page);
  }

  /**
   * A department's 好差评 statistics month by month, and over the period (by default the 12
   * months to this one; at most {@link STATS_MAX_MONTHS}): its officers', or the platform's
   * admins'. Months without ratings show zeros.
   */
  async ratingStats(
    principal: Principal,
    department: string,
    period: { readonly from?: string | undefined; readonly to?: string | undefined },
  ): Promise<DepartmentRatingStats> {
    this.#assertWorklistReader(principal, department, '只能查看本部门的好差评统计');
    const now = ratingMonthOf(this.#nowIso());
    const to = period.to ?? now;
    const from = period.from ?? addMonths(to, -(STATS_DEFAULT_MONTHS - 1));
    const months = monthsFrom(from, to);
    if (months.length === 0 || months.length > STATS_MAX_MONTHS) {
      throw new InvalidPeriodError(STATS_MAX_MONTHS);
    }
    const tallies = await this.#repo.ratingTallies(department, from, to);
    const byMonth = new Map(tallies.map((t) => [t.month, t]));
    return {
      department,
      departmentName: this.#departmentName(department),
      from,
      to,
      months: months.map((month) => {
        const tally = byMonth.get(month);
        return { month, ...summarizeRatings(tally ? [tally] : []) };
      }),
      total: summarizeRatings(tallies),
    };
  }

  /** Every department's 好差评 statistics of one month (by default this one): admins only. */
  async ratingOverview(
    principal: Principal,
    query: { readonly month?: string | undefined },
  ): Promise<RatingOverview> {
    if (!(principal.role === 'admin' && isStaffOf(principal, this.#platform))) {
      throw new AccessDeniedError(
        'only the platform’s admins read every department’s statistics',
        '只有平台管理员可以查看各部门的好差评统计',
      );
    }
    const month = query.month ?? ratingMonthOf(this.#nowIso());
    const ids = this.#platform.departments.map((d) => d.id);
    const tallies = await this.#repo.ratingTalliesOfMonth(ids, month);
    const byDepartment = new Map(tallies.map((t) => [t.department, t]));
    return {
      month,
      departments: ids.map((id) => {
        const tally = byDepartment.get(id);
        return {
          department: id,
          departmentName: this.#departmentName(id),
          ...summarizeRatings(tally ? [tally] : []),
        };
      }),
      total: summarizeRatings(tallies),
    };
  }

  /** 送达/出件: the window hands out the results of every completed part at once. */
  async deliver(principal: Principal, caseId: string): Promise<CaseView> {
    // Window staff of another city are answered by the read below: the case does not exist
    // for them (404), as on every other case route.
    if (principal.role !== 'window') {
      throw new AccessDeniedError('only the window delivers', '只有综合受理窗口可以出件');
    }
    return this.#applicantAction(principal, caseId, 'deliver', undefined, (record) => ({
      event: 'deliver',
      tasks: planEvent(record.tasks, 'deliver').map((m) => ({
        department: m.department,
        status: m.to,
      })),
    }));
  }

  /**
   * An officer's decision on their department's task: 受理, 补正, 不予受理, 准予, 不予, 办结.
   * A task the dispatcher has not yet marked as received is taken through 预审 first.
   */
  decide(
    principal: Principal,
    caseId: string,
    department: DepartmentId,
    input: DecisionInput,
  ): Promise<CaseView> {
    return this.#recordingRefusals(principal, caseId, `decide:${input.action}`, () =>
      this.#decide(principal, caseId, department, input),
    );
  }

  async #decide(
    principal: Principal,
    caseId: string,
    department: DepartmentId,
    input: DecisionInput,
  ): Promise<CaseView> {
    if (
      principal.role !== 'officer' ||
      (principal.department !== department && isStaffOf(principal, this.#platform))
    ) {
      // An officer of another city falls through to the read, which answers 404 as elsewhere.
      throw new AccessDeniedError(
        'officers decide only their own department’s tasks',
        '只能办理本部门的办件',
      );
    }
    const rule = EVENT_RULES[input.action];
    const reason = input.reason?.trim() || undefined;
    if (rule.requiresReason && !reason) throw new ReasonRequiredError('reason');
    if (input.action === 'request_correction' && !input.materials?.length) {
      throw new ReasonRequiredError('materials');
    }
    for (let attempt = 1; ; attempt++) {
      const record = await readCase(
        this.#reads,
        principal,
        caseId,
        `decide:${input.action}`,
        attempt === 1,
      );
      const task = record.tasks.find((t) => t.department === department);
      if (!task) throw new CaseNotFoundError(caseId);
      if (task.version !== input.expectedVersion) throw new StaleTaskError();
      let tasks: readonly (Pick<Task, 'department' | 'status'> & Partial<Task>)[] = record.tasks;
      const events: TaskEvent[] =
        task.status === 'submitted' && PRE_REVIEW_ACTIONS.includes(input.action)
          ? ['dispatch', input.action]
          : [input.action];
      let status = task.status;
      for (const event of events) {
        status = planEvent(tasks, event, department)[0]?.to ?? status;
        tasks = tasks.map((t) => (t.department === department ? { ...t, status } : t));
      }
      const set: TaskUpdate['set'] = { status };
      const at = this.#nowIso();
      if (input.action === 'approve' || input.action === 'deny') {
        set.decision = {
          outcome: input.action === 'approve' ? 'approved' : 'denied',
          ...(reason ? { reason } : {}),
          by: actorOf(principal, this.#platform),
          at,
        };
      }
      if (input.action === 'refuse' && reason) set.refusal = { reason };
      if (input.action === 'request_correction') {
        // A department asks only for what its own part needs: another part's materials are
        // that department's to ask for.
        const known = new Set<string>(task.materials);
        const unknown = (input.materials ?? []).filter((id) => !known.has(id));
        if (unknown.length > 0) {
          throw new InvalidApplicationError(
            'UNKNOWN_MATERIAL',
            `not materials of this department's part: ${unknown.join(', ')}`,
            '补正材料不属于本部门办理所需的申请材料',
            unknown,
          );
        }
        const listed = [...new Set(input.materials)];
        this.#checkCorrectionAllowed(record, task, listed, at);
        set.correction = { reason: reason ?? '', materials: listed };
        set.noticed = [...new Set([...(task.noticed ?? []), ...listed])];
      }
      try {
        const after = await this.#write(record, principal, {
          event: input.action,
          department,
          reason,
          tasks: [{ department, status, set }],
        });
        return toCaseView(after, principal, this.#platform);
      } catch (error) {
        // Another department (or the dispatcher) moved the case, not this task: read again and
        // decide on the new state. Every other part may move it meanwhile, so a bundled case
        // gets a retry per part; a task that did move fails the version check above.
        if (
          error instanceof VersionConflictError &&
          error.item === 'case' &&
          attempt < ATTEMPTS + record.tasks.length
        ) {
          continue;
        }
        if (error instanceof VersionConflictError) throw new StaleTaskError({ cause: error });
        throw error;
      }
    }
  }

  /**
   * 超期预警: flags each part whose own 承诺时限 is near (within `warnWithinDays` working days) or
   * past, once per change of state, with a timeline entry the applicant sees that names the part
   * in a bundled 一件事; the case shows the worst of its parts' flags. A part waiting on 补正, or
   * decided to its end, is not in the index: one department's 补正 stops only its own clock.
   * First, within `moveForMs`: cases indexed whole before parts were are moved to their parts,
   * and due dates counted provisionally into a year whose holidays are now published are
   * counted again.
   */
  async flagOverdue(options: { readonly moveForMs?: number } = {}): Promise<FlagReport> {
    const now = this.#nowIso();
    const today = toChinaDate(now);
    const horizon = addWorkingDays(today, this.#warnWithin, this.#calendar).due;
    let checked = 0;
    let dueSoon = 0;
    let overdue = 0;
    const stopAt = performance.now() + (options.moveForMs ?? Number.POSITIVE_INFINITY);
    let conflicts = await this.#indexLegacyCases(today, stopAt);
    conflicts += await this.#recountProvisional(today, stopAt);
    let cursor: string | undefined;
    do {
      const page = await this.#repo.listOpenParts({
        dueOnOrBefore: horizon,
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      for (const entry of page.items) {
        checked++;
        const state = deadlineStatus(entry.due.date, today, this.#warnWithin, this.#calendar);
        if (state === (entry.dueState ?? 'on_time') || state === 'on_time') continue;
        // The index holds no version or status (see the store's table.ts): read the case.
        const result = await this.#flagPart(entry.caseId, entry.department, entry.due.date, state);
        if (result === 'flagged' && state === 'overdue') overdue++;
        else if (result === 'flagged') dueSoon++;
        // Closed, paused, re-dated or moved on meanwhile (the next run looks again); a part
        // another run has just flagged (the index lags the table) is neither.
        else if (result === 'moved') conflicts++;
      }
      cursor = page.cursor;
    } while (cursor);
    return { checked, dueSoon, overdue, conflicts };
  }

  /**
   * Flags one part: `moved` when it no longer runs on that date or moved on meanwhile,
   * `already` when it holds the flag already (the index entry read was behind the table).
   */
  async #flagPart(
    caseId: CaseId,
    department: string,
    dueDate: string,
    state: 'due_soon' | 'overdue',
  ): Promise<'flagged' | 'already' | 'moved'> {
    const record = await this.#repo.getCase(caseId);
    const task = record?.tasks.find((t) => t.department === department);
    if (!record || !task || !isClockRunning(task.status) || task.due.date !== dueDate) {
      return 'moved';
    }
    if (task.dueState === state) return 'already';
    const bundled = record.tasks.length > 1;
    try {
      await this.#bookkeep(
        record,
        {
          event: state === 'overdue' ? 'flag_overdue' : 'flag_due_soon',
          ...(bundled ? { department: task.department } : {}),
          citizenText: flagText(
            state,
            task.due,
            bundled ? { department: this.#shortName(department), part: task.partName } : undefined,
          ),
        },
        {
          case: { dueState: dueStateWith(record.tasks, new Map([[department, state]])) },
          tasks: [
            {
              department,
              expectedVersion: task.version,
              set: { dueState: state },
              keepVersionIfStatus: task.status,
            },
          ],
        },
      );
      return 'flagged';
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      return 'moved';
    }
  }

  /**
   * Moves the cases indexed whole (before parts were) to their parts, once in a table's life:
   * those in byDue's old partition, and those that were at 补正 (left out of it then, their
   * parts too, though a bundle's other parts ran on), found by the departments' 补正 worklists.
   * Bounded by `stopAt`, so a scan always has time to flag; what is left is moved by the next
   * scan, and once nothing is left the table records it and later scans skip this.
   * @returns how many cases could not be moved this run (they moved on meanwhile).
   */
  async #indexLegacyCases(today: string, stopAt: number): Promise<number> {
    if (await this.#repo.partsIndexed()) return 0;
    const seen = new Set<string>();
    let conflicts = 0;
    const move = async (caseId: string) => {
      if (seen.has(caseId)) return;
      seen.add(caseId);
      const record = await this.#repo.getCase(caseId);
      if (!record) return;
      try {
        await this.#repo.indexParts(record, this.#toldOf(record, today));
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        conflicts++;
      }
    };
    const lists: ((cursor: string | undefined) => Promise<Page<string>>)[] = [
      ...this.#platform.departments.map((d) => async (cursor: string | undefined) => {
        const page = await this.#repo.listWorklist(d.id, 'correction_requested', {
          limit: 100,
          ...(cursor ? { cursor } : {}),
        });
        return { ...page, items: page.items.map((t) => t.caseId) };
      }),
      (cursor) => this.#repo.listLegacyOpenCases({ limit: 100, ...(cursor ? { cursor } : {}) }),
    ];
    for (const list of lists) {
      let cursor: string | undefined;
      do {
        if (performance.now() > stopAt) return conflicts;
        const page = await list(cursor);
        for (const caseId of page.items) await move(caseId);
        cursor = page.cursor;
      } while (cursor);
    }
    if (conflicts === 0) await this.#repo.markPartsIndexed(this.#nowIso());
    return conflicts;
  }

  /**
   * Due dates counted into a year whose holidays were not yet published are provisional (counted
   * Monday to Friday, and the applicant was told so). Once that year is published, each running
   * part with such a date is counted again from when it received the materials, the case's date
   * with it, and the applicant told the date is now fixed. Once per year and table: when none is
   * left the table records it. Bounded by `stopAt`, as the move above.
   * @returns how many cases could not be recounted this run (they moved on meanwhile).
   */
  async #recountProvisional(today: string, stopAt: number): Promise<number> {
    const calendar = this.#calendar ?? officialCalendar;
    const year = Number(today.slice(0, 4));
    let conflicts = 0;
    // Not before every part is in the index: a part outside it would keep its provisional date.
    if (!(await this.#repo.partsIndexed())) return 0;
    for (const y of [year, year + 1]) {
      if (!calendar.isPublished(y) || (await this.#repo.recounted(y))) continue;
      const pending = new Set<CaseId>();
      let cursor: string | undefined;
      do {
        if (performance.now() > stopAt) return conflicts;
        const page = await this.#repo.listOpenParts({
          dueOnOrAfter: `${y}-01-01`,
          dueOnOrBefore: `${y}-12-31`,
          limit: 100,
          ...(cursor ? { cursor } : {}),
        });
        for (const e of page.items) if (e.due.kind === 'provisional') pending.add(e.caseId);
        cursor = page.cursor;
      } while (cursor);
      let missed = 0;
      for (const caseId of pending) {
        if (performance.now() > stopAt) return conflicts;
        try {
          await this.#recountCase(caseId);
        } catch (error) {
          if (!(error instanceof VersionConflictError)) throw error;
          missed++;
        }
      }
      if (missed === 0) await this.#repo.markRecounted(y, this.#nowIso());
      conflicts += missed;
    }
    return conflicts;
  }

  /**
   * One case's provisional dates counted again, each from where it started; bookkeeping for the
   * departments (versions kept). A part re-dated loses its flag, so the scan flags it by its new
   * date; the case takes the worst of its parts' flags.
   */
  async #recountCase(caseId: CaseId): Promise<void> {
    const record = await this.#repo.getCase(caseId);
    if (!record) return;
    const moves = record.tasks.flatMap((t) => {
      if (!isClockRunning(t.status) || t.due.kind !== 'provisional') return [];
      const received = toChinaDate(t.receivedAt ?? receivedBeforeKept(record, t.department));
      const due = this.#recount(received, t.due);
      return due.date === t.due.date && due.kind === t.due.kind ? [] : [{ task: t, due }];
    });
    const redated = new Map(moves.map(({ task, due }) => [task.department, due]));
    const own =
      record.case.due.kind === 'provisional'
        ? this.#recount(toChinaDate(record.case.submittedAt), record.case.due)
        : record.case.due;
    const caseDue = record.tasks.reduce(
      (due, t) => laterDue(due, redated.get(t.department) ?? t.due),
      own,
    );
    const caseMoves =
      caseDue.date !== record.case.due.date || caseDue.kind !== record.case.due.kind;
    if (moves.length === 0 && !caseMoves) return;
    const fixed = caseDue.kind === 'exact' ? '已确定' : '仍暂按周末推算，';
    const cleared = new Map(moves.map(({ task }) => [task.department, 'on_time' as const]));
    await this.#bookkeep(
      record,
      {
        event: 'redate',
        citizenText: `节假日安排已公布，您的办件承诺办结时限${fixed}为${caseDue.date}。`,
      },
      {
        case: {
          ...(caseMoves ? { due: caseDue } : {}),
          dueState: dueStateWith(record.tasks, cleared),
        },
        tasks: moves.map(({ task, due }) => ({
          department: task.department,
          expectedVersion: task.version,
          set: { due, dueState: 'on_time' },
          keepVersionIfStatus: task.status,
        })),
      },
    );
  }

  /**
   * A change the scan makes on its own (a flag, a late notice, a date counted again): the case's
   * status kept, the task versions the departments quote kept (each task update says so), one
   * timeline entry by the system; checked against the schemas before it is written.
   * @throws VersionConflictError when the case or a part moved on meanwhile.
   */
  async #bookkeep(
    record: CaseRecord,
    entry: Pick<TimelineEntry, 'event' | 'citizenText'> & { readonly department?: DepartmentId },
    change: {
      readonly case: Omit<CaseUpdate, 'updatedAt'>;
      readonly tasks?: readonly TaskUpdate[];
    },
  ): Promise<void> {
    const now = this.#nowIso();
    const applied: CaseChange = {
      caseId: record.case.caseId,
      expectedVersion: record.case.version,
      case: { ...change.case, updatedAt: now },
      ...(change.tasks ? { tasks: change.tasks } : {}),
      timeline: {
        ...entry,
        at: now,
        actor: { role: 'system', id: 'flag-overdue' },
        status: record.case.status,
      },
    };
    recordAfter(record, applied); // a change that could not be read back is not stored
    await this.#repo.applyChange(applied);
  }

  /**
   * What the applicant was already told of each running part of a case indexed whole: a
   * one-part case's flag is its part's; a bundle's flag went out for the whole case, so each
   * part keeps as much of it as its own date bears out, and the scan tells only what is new.
   */
  #toldOf(record: CaseRecord, today: string): Map<string, DueState> {
    const told = record.case.dueState;
    const flags = new Map<string, DueState>();
    for (const t of record.tasks) {
      if (!isClockRunning(t.status)) continue;
      const own =
        record.tasks.length === 1
          ? told
          : deadlineStatus(t.due.date, today, this.#warnWithin, this.#calendar);
      flags.set(t.department, DUE_STATES.indexOf(own) < DUE_STATES.indexOf(told) ? own : told);
    }
    return flags;
  }

  /**
   * Staff changes the rules refuse are recorded too, with the reason's code (the access itself
   * was recorded when the case was read).
   */
  async #recordingRefusals<T>(
    principal: Principal,
    caseId: string,
    action: string,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      // Only for a case that exists: a refusal raised before the case was read (a wrong
      // department, say) must not start a chain for an id someone made up.
      const refused =
        error instanceof DomainError &&
        this.#audit !== undefined &&
        principal.role !== 'citizen' &&
        (await this.#repo.getCase(caseId).catch(() => undefined)) !== undefined;
      if (refused && this.#audit) {
        await this.#audit
          .append(caseId, {
            at: this.#nowIso(),
            actor: actorOf(principal, this.#platform),
            action,
            result: `refused:${error.code}`,
          })
          .catch(() => undefined); // the refusal stands whether or not its record could be added
      }
      throw error;
    }
  }

  #applicantAction(
    principal: Principal,
    caseId: string,
    action: string,
    expectedVersion: number | undefined,
    plan: (record: CaseRecord) => PlannedChange,
  ): Promise<CaseView> {
    return this.#recordingRefusals(principal, caseId, action, async () => {
      for (let attempt = 1; ; attempt++) {
        const record = await readCase(this.#reads, principal, caseId, action, attempt === 1);
        if (!canActForApplicant(principal, record, this.#platform)) {
          throw new AccessDeniedError(
            'only the applicant or the window may do this',
            '只能由申请人本人或综合受理窗口办理',
          );
        }
        if (expectedVersion !== undefined && record.case.version !== expectedVersion) {
          throw new StaleTaskError();
        }
        try {
          const after = await this.#write(record, principal, plan(record));
          return toCaseView(after, principal, this.#platform);
        } catch (error) {
          const retry = expectedVersion === undefined && attempt < ATTEMPTS;
          if (error instanceof VersionConflictError && retry) continue;
          if (error instanceof VersionConflictError) throw new StaleTaskError({ cause: error });
          throw error;
        }
      }
    });
  }

  /**
   * Applies a planned change: task moves, derived case status, one timeline entry. Returns the
   * case as the transaction leaves it (`recordAfter`), which the caller answers with: the state
   * its own change made, without reading the case a second time.
   */
  async #write(
    record: CaseRecord,
    principal: Principal,
    change: PlannedChange,
  ): Promise<CaseRecord> {
    const moves = change.tasks ?? [];
    const tasks = record.tasks.map((t) => {
      const move = moves.find((m) => m.department === t.department);
      return move ? { ...t, status: move.status, ...move.set } : t;
    });
    const progress = deriveProgress(
      tasks.map((t) => {
        const move = moves.find((m) => m.department === t.department);
        return move?.remove?.includes('correction') ? { ...t, correction: undefined } : t;
      }),
    );
    const status = change.keepStatus ? record.case.status : progress.status;
    const at = this.#nowIso();
    const caseUpdate: CaseUpdate = {
      ...(change.keepStatus ? {} : { status, outcome: progress.outcome }),
      ...change.case,
      updatedAt: at,
    };
    const entry: Omit<TimelineEntry, 'caseId' | 'seq'> = {
      at,
      actor: actorOf(principal, this.#platform),
      event: change.event,
      ...(change.department ? { department: change.department } : {}),
      status,
      ...(change.reason ? { reason: change.reason } : {}),
      citizenText: change.citizenText ?? this.#citizenText(change, status),
    };
    const applied: CaseChange = {
      caseId: record.case.caseId,
      expectedVersion: record.case.version,
      case: caseUpdate,
      tasks: moves.map((m) => {
        const task = record.tasks.find((t) => t.department === m.department);
        if (!task) throw new CaseNotFoundError(record.case.caseId);
        return {
          department: m.department,
          expectedVersion: task.version,
          set: { status: m.status, ...m.set, ...(m.due ? { due: m.due } : {}) },
          currentDue: task.due,
          ...(m.remove ? { remove: m.remove } : {}),
        };
      }),
      timeline: entry,
      ...(change.followUp !== undefined ? { followUp: change.followUp } : {}),
      ...(change.tallies ? { tallies: change.tallies } : {}),
    };
    // Computed (and its items checked against the schemas) before the write: a change that
    // could not be read back is refused, not stored.
    const after = recordAfter(record, applied);
    await this.#repo.applyChange(applied);
    return after;
  }

  /**
   * 行政许可法 §32: a 补正 notice is given on the spot or within 5 working days of receiving the
   * materials (past that, the application counts as accepted from receipt), and names everything
   * at once (一次性告知): a notice after a resubmission may name again only what earlier notices
   * named, the materials sent back that still fall short.
   */
  #checkCorrectionAllowed(
    record: CaseRecord,
    task: Task,
    listed: readonly string[],
    now: string,
  ): void {
    const receivedOn = toChinaDate(task.receivedAt ?? receivedBeforeKept(record, task.department));
    const deadline = this.#due(receivedOn, CORRECTION_NOTICE_DAYS);
    // A deadline counted into a year whose holidays are not published is not known: the notice
    // is taken rather than refused on a guess.
    if (deadline.kind === 'exact' && toChinaDate(now) > deadline.date) {
      throw new CorrectionNotAllowedError('too_late', { deadline: deadline.date });
    }
    if (task.noticed !== undefined) {
      const earlier = new Set(task.noticed);
      const added = listed.filter((id) => !earlier.has(id));
      if (added.length > 0)
        throw new CorrectionNotAllowedError('not_one_time', { materials: added });
    }
  }

  #due(from: string, days: number) {
    const result = addWorkingDays(from, days, this.#calendar);
    return { date: result.due, kind: result.kind };
  }

  /**
   * The department that answers for a case's 差评: the service's 实施机构 when it has a part in
   * the case (as it always has, while the catalogue keeps the service as it was filed), else the
   * first part the catalogue lists that the case has, else the first of the case's own parts by
   * id: never a department without a part, which could not read the case to answer.
   */
  #answerable(record: CaseRecord): DepartmentId {
    const own = new Set<string>(record.tasks.map((t) => t.department));
    const service = findService(this.#platform, record.case.serviceCode);
    const chosen =
      [service?.department, ...(service?.parts.map((p) => p.department) ?? [])].find(
        (d) => d !== undefined && own.has(d),
      ) ?? [...own].sort()[0];
    return DepartmentIdSchema.parse(chosen);
  }

  /**
   * A provisional date counted again on the calendar as it is now, from the day it was counted
   * from. The working days it was counted with are recovered on the calendar as it was then (the
   * years up to the start's published, the rest Monday to Friday), not read from today's
   * catalogue, so a changed catalogue does not move a promise already made. A count that reached
   * beyond the year after its start is assumed to have found that year unpublished too.
   */
  #recount(from: string, old: Due): Due {
    const calendar = this.#calendar ?? officialCalendar;
    const startYear = Number(from.slice(0, 4));
    const then = createWorkingCalendar({
      publishedYears: (year) => year <= startYear && calendar.isPublished(year),
      isWorkday: (date) => calendar.isWorkingDay(date) === true,
    });
    return this.#due(from, workingDaysBetween(from, old.date, then).days);
  }

  /** A department's lists are its own officers' and the platform's admins'. */
  #assertWorklistReader(principal: Principal, department: string, messageZh: string): void {
    const allowed =
      isStaffOf(principal, this.#platform) &&
      ((principal.role === 'officer' && principal.department === department) ||
        (principal.role === 'admin' &&
          this.#platform.departments.some((d) => d.id === department)));
    if (!allowed) throw new AccessDeniedError('not this department’s staff', messageZh);
  }

  /** A department's full name, as its statistics are headed. */
  #departmentName(department: string): string {
    return this.#platform.departments.find((d) => d.id === department)?.name ?? department;
  }

  #shortName(department: string): string {
    return this.#platform.departments.find((d) => d.id === department)?.shortName ?? '';
  }

  /** The applicant's words for a step, naming the department for a part of a bundled case. */
  #citizenText(change: PlannedChange, status: Status): string {
    const department = change.department ? this.#shortName(change.department) : '';
    const who = department ? `${department}：` : '';
    const reason = change.reason ? `原因：${change.reason}` : '';
    switch (change.event) {
      case 'accept':
        return `${who}您的申请已受理，正在审查。`;
      case 'refuse':
        return `${who}您的申请不予受理。${reason}`;
      case 'request_correction':
        return `${who}您的申请需要补正材料，请按一次性告知补齐后重新提交。${reason}`;
      case 'approve':
        return `${who}您的申请已审批通过。`;
      case 'deny':
        return `${who}您的申请未获批准。${reason}`;
      case 'complete':
        return `${who}已办结。`;
      default:
        return STATUS_TEXT[status].citizenZh;
    }
  }

  #nowIso(): string {
    return this.#now().toISOString();
  }
}

/** A change a use case plans; #write turns it into one conditional transaction. */
interface PlannedChange {
  readonly event: TimelineEntry['event'];
  readonly department?: DepartmentId | undefined;
  readonly reason?: string | undefined;
  readonly citizenText?: string;
  readonly tasks?: readonly {
    readonly department: string;
    readonly status: Status;
    readonly set?: TaskUpdate['set'];
    readonly remove?: TaskUpdate['remove'];
    readonly due?: Task['due'];
  }[];
  readonly case?: Omit<CaseUpdate, 'updatedAt'>;
  /** Leave the case status as it is (a rating changes no status). */
  readonly keepStatus?: boolean;
  readonly followUp?: CaseChange['followUp'];
  readonly tallies?: CaseChange['tallies'];
}

/** The case's 超期预警 state once the parts named in `changed` hold their new flags. */
function dueStateWith(
  tasks: readonly Pick<Task, 'department' | 'dueState'>[],
  changed: ReadonlyMap<string, DueState>,
): DueState {
  return worstDueState(tasks.map((t) => ({ dueState: changed.get(t.department) ?? t.dueState })));
}

/** The case's ratings whose 差评 follow-up is open, with where each is stored. */
function openFollowUps(c: Pick<Case, 'rating' | 'windowRating'>) {
  return [c.rating, c.windowRating].flatMap((rating) =>
    rating && isFollowUpOpen(rating.followUp) ? [{ rating, followUp: rating.followUp }] : [],
  );
}

/** JSON with object keys sorted, so one request always hashes the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
