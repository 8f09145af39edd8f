import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  applicantNumber,
  type Case,
  type CaseId,
  CaseIdSchema,
  type CaseRecord,
  CaseSchema,
  type Due,
  type DueState,
  hot,
  isClockRunning,
  type RatingCounter,
  type RatingTally,
  RatingTallySchema,
  type Task,
  TaskSchema,
  type TimelineEntry,
  TimelineEntrySchema,
} from '@jilin/domain';
import * as z from 'zod/mini';
import type { ApplicantKeyer } from './applicant-key';
import { decodeCursor, encodeCursor } from './cursor';
import {
  CaseExistsError,
  CaseNotFoundError,
  CorruptItemError,
  InvalidCursorError,
  ReadIncompleteError,
  StoreError,
  SubmissionClaimedError,
  UnreadableChangeError,
  VersionConflictError,
} from './errors';
import { keys, SK_PREFIX } from './keys';
import {
  type CaseSummary,
  CaseSummarySchema,
  type DueEntry,
  DueEntrySchema,
  type FollowUpEntry,
  FollowUpEntrySchema,
  type TaskSummary,
  TaskSummarySchema,
} from './summaries';
import { CASE_TABLE, type IndexName, withoutKeys } from './table';

export interface CaseRepositoryProps {
  /** A document client; built once per Lambda container, outside the handler. */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Turns an applicant's one number into the key of "my cases". */
  readonly applicantKey: ApplicantKeyer;
}

export interface PageRequest {
  /** @default 20 */
  readonly limit?: number;
  /** The cursor of the previous page. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Present when there may be more: pass it back for the next page. */
  readonly cursor?: string;
}

/** The case fields a change may set; `updatedAt` always. */
export type CaseUpdate = Partial<
  Pick<Case, 'status' | 'outcome' | 'due' | 'dueState' | 'rating' | 'windowRating' | 'materials'>
> & {
  readonly updatedAt: string;
};

/** A change to one department task, written only if the task is still at `expectedVersion`. */
export interface TaskUpdate {
  readonly department: string;
  readonly expectedVersion: number;
  readonly set: Partial<
    Pick<
      Task,
      | 'status'
      | 'due'
      | 'dueState'
      | 'decision'
      | 'refusal'
      | 'correction'
      | 'receivedAt'
      | 'noticed'
    >
  >;
  /**
   * The task's due date as read. A change that sets a status whose clock runs indexes the part
   * under it in byDue (or under `set.due`), so a part stored without the index's sort key, before
   * parts were indexed, is indexed once its clock runs again.
   */
  readonly currentDue?: Due;
  readonly remove?: readonly ('decision' | 'refusal' | 'correction')[];
  /**
   * A bookkeeping change the department need not know of (the dispatcher's 申报 → 预审 mark):
   * conditional on the version and on this status, and leaving the version as it is, so the
   * version in the message the department received stays the one to quote.
   */
  readonly keepVersionIfStatus?: Task['status'];
}

/**
 * One change of a case: its own fields, the tasks it moves and the timeline entry that records
 * it, written in one transaction, conditional on the case (and each task) being at the version
 * that was read. The entry's `seq` is the new case version, so the timeline has exactly one
 * entry per change.
 */
export interface CaseChange {
  readonly caseId: CaseId;
  readonly expectedVersion: number;
  readonly case: CaseUpdate;
  readonly tasks?: readonly TaskUpdate[];
  readonly timeline: Omit<TimelineEntry, 'caseId' | 'seq'>;
  /**
   * The case in a department's list of 差评 follow-ups it owes, by the date due (byDepartment,
   * on the case item); `null` takes it out.
   */
  readonly followUp?: { readonly department: string; readonly due: string } | null;
  /** 好差评 counted for departments' evaluation, added to in the same transaction. */
  readonly tallies?: readonly RatingTallyChange[];
}

/** Counts added to a department's 好差评 statistics of a month (`@jilin/domain` rating-stats.ts). */
export interface RatingTallyChange {
  readonly department: string;
  readonly month: string;
  readonly add: Readonly<Partial<Record<RatingCounter, number>>>;
}

/**
 * How often a transaction cancelled only by another one in flight on the same item (reason
 * `TransactionConflict`, no condition failed) is sent again. The SDK's retry strategy does not
 * retry a cancelled transaction (a client error to it), and since 好差评 statistics are one item
 * a department and month, two ratings of different cases can meet there. Sending the same
 * conditional transaction again is safe: a case that moved meanwhile fails its condition. Waits
 * 5 ms plus up to 20 ms × the attempt before each send again (at most about 0.2 s in all); a
 * conflict that outlasts them is answered as a VersionConflictError on the case, which the use
 * cases retry from a fresh read (or, given an expectedVersion, refuse as stale).
 */
const CONFLICT_ATTEMPTS = 5;

/** BatchGetItem's limit of keys a request, and how often its unprocessed keys are asked again. */
const BATCH_GET_KEYS = 100;
const BATCH_GET_ATTEMPTS = 5;

/**
 * The claim of a submission's idempotency key, written with the case it makes: a second
 * submission with the key finds the claim and learns the case, however the first one ended
 * (its answer lost, its function dead after the write, its idempotency record gone).
 */
export interface SubmissionClaim {
  /** The table of claims: the platform's idempotency table (partition key `id`, TTL `expiration`). */
  readonly tableName: string;
  /** Unique per caller and key; never the key itself (a hash of it). */
  readonly id: string;
  /** A hash of the request, so that the key reused with another request can be refused. */
  readonly payloadHash: string;
  /** Epoch seconds from which the claim lapses and the key may make a new case. */
  readonly expiresAt: number;
}

/** The claim's Put: new, or over a lapsed claim (TTL deletes lazily). */
function claimPut(claim: SubmissionClaim, caseId: string) {
  return {
    Put: {
      TableName: claim.tableName,
      Item: {
        id: claim.id,
        caseId,
        payloadHash: claim.payloadHash,
        expiration: claim.expiresAt,
      },
      ConditionExpression: 'attribute_not_exists(id) OR #expiration < :now',
      ExpressionAttributeNames: { '#expiration': 'expiration' },
      ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    },
  };
}

const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 20;
/** Sorts after every character of a case id, to close a range on `<date>#…`. */
const HIGH = '~';

/**
 * The case repository over the single case table (see table.ts). Every read is a Query; every
 * write is conditional; a lost race is a {@link VersionConflictError}.
 */
export class CaseRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #applicantKey: ApplicantKeyer;

  constructor(props: CaseRepositoryProps) {
    if (!props.client) throw new TypeError('CaseRepository needs a DynamoDB document client');
    if (!/^[A-Za-z0-9_.-]{3,255}$/.test(props.tableName ?? '')) {
      throw new TypeError(
        `CaseRepository: "${props.tableName}" is not a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -); set CASE_TABLE_NAME`,
      );
    }
    if (typeof props.applicantKey !== 'function') {
      throw new TypeError('CaseRepository needs an applicantKey function (createApplicantKeyer)');
    }
    this.#client = props.client;
    this.#table = props.tableName;
    this.#applicantKey = props.applicantKey;
  }

  /**
   * Writes a new case with its tasks and first timeline entry in one transaction; with a `claim`,
   * the claim of the request's idempotency key is written in the same transaction, so one key
   * makes at most one case whatever happens to the caller after the write.
   * @throws CaseExistsError when the case id is taken.
   * @throws SubmissionClaimedError when the claim's key made a case already.
   */
  async createCase(
    record: CaseRecord,
    options: { readonly claim?: SubmissionClaim } = {},
  ): Promise<void> {
    const { case: c, tasks, timeline } = record;
    const { claim } = options;
    if (tasks.length === 0) throw new RangeError('a case has at least one task');
    if (tasks.length + timeline.length > 99) throw new RangeError('too many items for one case');
    if (c.version !== timeline.length) {
      throw new RangeError('the case version must equal the number of timeline entries');
    }
    const pk = keys.casePk(c.caseId);
    const isNew = 'attribute_not_exists(pk)';
    const input: TransactWriteCommandInput = {
      TransactItems: [
        { Put: { TableName: this.#table, Item: this.#caseItem(c), ConditionExpression: isNew } },
        ...tasks.map((t) => ({
          Put: { TableName: this.#table, Item: taskItem(t), ConditionExpression: isNew },
        })),
        ...timeline.map((e) => ({
          Put: {
            TableName: this.#table,
            Item: { ...e, pk, sk: keys.timelineSk(e.seq), type: 'timeline' },
            ConditionExpression: isNew,
          },
        })),
        ...(claim ? [claimPut(claim, c.caseId)] : []),
      ],
    };
    try {
      await this.#client.send(new TransactWriteCommand(input));
    } catch (error) {
      const claimAt = 1 + tasks.length + timeline.length;
      if (claim && isCancelled(error) && reasonCode(error, claimAt) === 'ConditionalCheckFailed') {
        throw await this.#claimedBy(claim, error.CancellationReasons?.[claimAt]?.Item, error);
      }
      if (isCancelled(error) && reasonCode(error, 0) === 'ConditionalCheckFailed') {
        throw new CaseExistsError(c.caseId, { cause: error });
      }
      throw error;
    }
  }

  /** The case an existing claim made (from the cancelled write, else read back). */
  async #claimedBy(
    claim: SubmissionClaim,
    returned: Record<string, unknown> | undefined,
    cause: unknown,
  ): Promise<SubmissionClaimedError> {
    let item = returned;
    if (!item) {
      const { Item } = await this.#client.send(
        new GetCommand({ TableName: claim.tableName, Key: { id: claim.id }, ConsistentRead: true }),
      );
      item = Item;
    }
    // The item of a cancellation reason comes back in DynamoDB JSON; one read back is plain.
    const text = (value: unknown): string | undefined =>
      typeof value === 'string'
        ? value
        : typeof value === 'object' && value !== null && 'S' in value
          ? String((value as { S: unknown }).S)
          : undefined;
    const caseId = text(item?.caseId);
    if (!caseId) {
      throw new StoreError('CLAIM_UNREADABLE', `claim ${claim.id} names no case`, { cause });
    }
    return new SubmissionClaimedError(caseId, text(item?.payloadHash) ?? '', { cause });
  }

  /** A whole case, its tasks and timeline, with one (paged if huge) Query; undefined if none. */
  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    const items = await this.#queryAll({
      TableName: this.#table,
      // From CASE on: the case, its tasks and timeline, not its audit chain (see keys.ts).
      KeyConditionExpression: 'pk = :pk AND sk >= :case',
      ExpressionAttributeValues: { ':pk': keys.casePk(caseId), ':case': SK_PREFIX.case },
      ConsistentRead: true,
    });
    let found: Case | undefined;
    const tasks: Task[] = [];
    const timeline: TimelineEntry[] = [];
    for (const item of items) {
      const sk = String(item.sk);
      if (sk === SK_PREFIX.case) found = parse(CaseSchema, item);
      else if (sk.startsWith(SK_PREFIX.task)) tasks.push(parse(TaskSchema, item));
      else if (sk.startsWith(SK_PREFIX.timeline)) timeline.push(parse(TimelineEntrySchema, item));
    }
    if (!found) return undefined;
    return { case: found, tasks, timeline };
  }

  /** An applicant's cases across all departments and channels, newest first. */
  listByApplicant(applicant: string, page: PageRequest = {}): Promise<Page<CaseSummary>> {
    const partition = keys.applicantPk(this.#applicantKey(applicant));
    return this.#page('byApplicant', partition, page, CaseSummarySchema, { newestFirst: true });
  }

  /** A department's tasks in one status, soonest due first. */
  listWorklist(
    department: string,
    status: Task['status'],
    page: PageRequest & { readonly dueOnOrBefore?: string } = {},
  ): Promise<Page<TaskSummary>> {
    const partition = keys.worklistPk(department, status);
    return this.#page('byDepartment', partition, page, TaskSummarySchema, {
      sortKeyAtMost: page.dueOnOrBefore,
    });
  }

  /**
   * The cases with a 差评 whose follow-up a department owes, soonest due first; optionally only
   * those due by a date.
   */
  listFollowUps(
    department: string,
    page: PageRequest & { readonly dueOnOrBefore?: string } = {},
  ): Promise<Page<FollowUpEntry>> {
    return this.#page('byDepartment', keys.followUpPk(department), page, FollowUpEntrySchema, {
      sortKeyAtMost: page.dueOnOrBefore,
      derive: (item) => ({ followUpDue: String(item.gsi2sk).slice(0, 10) }),
    });
  }

  /**
   * Parts whose 承诺时限 runs, soonest due first, each by its own due date; optionally only those
   * due by a date.
   */
  listOpenParts(
    page: PageRequest & { readonly dueOnOrBefore?: string; readonly dueOnOrAfter?: string } = {},
  ): Promise<Page<DueEntry>> {
    return this.#page('byDue', keys.openPartPk, page, DueEntrySchema, {
      sortKeyAtMost: page.dueOnOrBefore,
      sortKeyAtLeast: page.dueOnOrAfter,
      // The department is the item's own sort key (TASK#<department>), projected as every key is.
      derive: (item) => ({ department: String(item.sk).slice(SK_PREFIX.task.length) }),
    });
  }

  /**
   * Cases indexed whole in byDue before parts were (keys.ts `legacyOpenCasePk`), a page at a
   * time: the overdue scan indexes their parts ({@link indexParts}), which empties this.
   */
  async listLegacyOpenCases(page: PageRequest = {}): Promise<Page<string>> {
    const result = await this.#page('byDue', keys.legacyOpenCasePk, page, LegacyEntrySchema, {});
    return { ...result, items: result.items.map((e) => e.caseId) };
  }

  /**
   * Moves a case indexed whole in byDue (before parts were) to its parts: each part gets the
   * index's sort key, those whose clock runs the partition too, and a part not yet flagged the
   * flag given in `flags` (what the applicant was already told of it); the case leaves the
   * index. Bookkeeping: no version moves, no timeline entry, conditional on the versions read.
   * A case item with no byDue sort key was never indexed whole, or was moved already.
   * @returns whether the case was moved (false: nothing to move).
   * @throws VersionConflictError when the case or a part moved on meanwhile (the next scan retries).
   */
  async indexParts(
    record: CaseRecord,
    flags: ReadonlyMap<string, DueState> = new Map(),
  ): Promise<boolean> {
    const { case: c, tasks } = record;
    const pk = keys.casePk(c.caseId);
    const caseUpdate = updateExpression({}, ['gsi3pk', 'gsi3sk'], { version: c.version });
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#table,
                Key: { pk, sk: keys.caseSk },
                ...caseUpdate.build('attribute_exists(gsi3sk)'),
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            ...tasks.map((t) => {
              const flag = t.dueState === undefined ? flags.get(t.department) : undefined;
              const u = updateExpression(
                {
                  gsi3sk: keys.dueSk(t.due.date, c.caseId),
                  ...(isClockRunning(t.status) ? { gsi3pk: keys.openPartPk } : {}),
                  ...(flag && flag !== 'on_time' ? { dueState: flag } : {}),
                },
                [],
                { version: t.version, status: t.status },
              );
              return {
                Update: {
                  TableName: this.#table,
                  Key: { pk, sk: keys.taskSk(t.department) },
                  ...u.build('attribute_exists(pk)'),
                },
              };
            }),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (!isCancelled(error)) throw error;
      const first = error.CancellationReasons?.[0];
      // The case item as it is: without the sort key it was moved already (or never indexed whole).
      if (first?.Code === 'ConditionalCheckFailed' && first.Item && !('gsi3sk' in first.Item)) {
        return false;
      }
      throw new VersionConflictError(c.caseId, 'case', { cause: error });
    }
  }

  /** Whether every case indexed whole has been moved to its parts ({@link markPartsIndexed}). */
  partsIndexed(): Promise<boolean> {
    return this.#isMarked(keys.partsIndexedSk);
  }

  /** Records that no case indexed whole is left, so the scan stops looking for them. */
  markPartsIndexed(at: string): Promise<void> {
    return this.#mark(keys.partsIndexedSk, at);
  }

  /** Whether the provisional due dates of a year were recounted ({@link markRecounted}). */
  recounted(year: number): Promise<boolean> {
    return this.#isMarked(keys.recountedSk(year));
  }

  /** Records that no running part is left with a provisional due date in a published year. */
  markRecounted(year: number, at: string): Promise<void> {
    return this.#mark(keys.recountedSk(year), at);
  }

  /** Whether one of the table's one-off jobs is recorded as done (an item of `META`). */
  async #isMarked(sk: string): Promise<boolean> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: keys.metaPk, sk },
        ConsistentRead: true,
      }),
    );
    return Item !== undefined;
  }

  async #mark(sk: string, at: string): Promise<void> {
    await this.#client.send(
      new PutCommand({ TableName: this.#table, Item: { pk: keys.metaPk, sk, type: 'meta', at } }),
    );
  }

  /**
   * Applies one change of a case in a transaction, conditional on versions.
   * @returns the new case version.
   * @throws CaseNotFoundError, or VersionConflictError when the case or a task moved on.
   */
  async applyChange(change: CaseChange): Promise<number> {
    const next = change.expectedVersion + 1;
    const pk = keys.casePk(change.caseId);
    const caseUpdate = updateExpression({ ...change.case, version: next }, [], {
      version: change.expectedVersion,
    });
    if (change.followUp) {
      caseUpdate.set('gsi2pk', keys.followUpPk(change.followUp.department));
      caseUpdate.set('gsi2sk', keys.dueSk(change.followUp.due, change.caseId));
    } else if (change.followUp === null) {
      caseUpdate.remove('gsi2pk');
      caseUpdate.remove('gsi2sk');
    }
    const tasks = change.tasks ?? [];
    const input: TransactWriteCommandInput = {
      TransactItems: [
        {
          Update: {
            TableName: this.#table,
            Key: { pk, sk: keys.caseSk },
            ...caseUpdate.build('attribute_exists(pk)'),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        ...tasks.map((t) => {
          const keep = t.keepVersionIfStatus !== undefined;
          const u = updateExpression(
            {
              ...t.set,
              ...(keep ? {} : { version: t.expectedVersion + 1 }),
              updatedAt: change.case.updatedAt,
            },
            t.remove ?? [],
            keep
              ? { version: t.expectedVersion, status: t.keepVersionIfStatus }
              : { version: t.expectedVersion },
          );
          if (t.set.status !== undefined) {
            u.set('gsi2pk', keys.worklistPk(t.department, t.set.status));
          }
          if (t.set.due !== undefined) u.set('gsi2sk', keys.dueSk(t.set.due.date, change.caseId));
          // byDue holds the part while its clock runs, under its own due date.
          const runs = t.set.status !== undefined && isClockRunning(t.set.status);
          if (t.set.status !== undefined) {
            if (runs) u.set('gsi3pk', keys.openPartPk);
            else u.remove('gsi3pk');
          }
          const indexedDue = t.set.due ?? (runs ? t.currentDue : undefined);
          if (indexedDue) u.set('gsi3sk', keys.dueSk(indexedDue.date, change.caseId));
          return {
            Update: {
              TableName: this.#table,
              Key: { pk, sk: keys.taskSk(t.department) },
              ...u.build('attribute_exists(pk)'),
            },
          };
        }),
        {
          Put: {
            TableName: this.#table,
            Item: {
              ...change.timeline,
              caseId: change.caseId,
              seq: next,
              pk,
              sk: keys.timelineSk(next),
              type: 'timeline',
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...mergeTallies(change.tallies ?? []).flatMap((t) => this.#tally(t)),
      ],
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#client.send(new TransactWriteCommand(input));
        return next;
      } catch (error) {
        if (!isCancelled(error)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const conflictOnly =
          reasons.some((r) => r.Code === 'TransactionConflict') &&
          reasons.every(
            (r) => r.Code === undefined || r.Code === 'None' || r.Code === 'TransactionConflict',
          );
        if (conflictOnly && attempt < CONFLICT_ATTEMPTS) {
          await sleep(5 + Math.random() * 20 * attempt);
          continue;
        }
        throw this.#changeRefused(change, error);
      }
    }
  }

  /** What a cancelled change means: the case gone, or it (or a task) moved on, or neither. */
  #changeRefused(change: CaseChange, error: TransactionCanceledException): StoreError {
    const tasks = change.tasks ?? [];
    const reasons = error.CancellationReasons ?? [];
    const first = reasons[0];
    if (first?.Code === 'ConditionalCheckFailed' && first.Item === undefined) {
      return new CaseNotFoundError(change.caseId, { cause: error });
    }
    const lostTask = tasks.find((_, i) => reasons[i + 1]?.Code === 'ConditionalCheckFailed');
    const item =
      first?.Code === 'ConditionalCheckFailed' ? 'case' : (lostTask?.department ?? 'case');
    if (
      reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')
    ) {
      return new VersionConflictError(change.caseId, item, { cause: error });
    }
    return new StoreError('TRANSACTION_CANCELLED', `case ${change.caseId}: write cancelled`, {
      cause: error,
    });
  }

  /** The Update that adds a change's counts to a department's statistics of a month. */
  #tally(t: RatingTallyChange) {
    const counts = Object.entries(t.add).filter(([, n]) => n !== undefined && n !== 0);
    if (counts.length === 0) return [];
    return [
      {
        Update: {
          TableName: this.#table,
          Key: { pk: keys.ratingStatsPk(t.department), sk: keys.ratingStatsSk(t.month) },
          UpdateExpression: `SET #type = :type, #department = :department, #month = :month ADD ${counts.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
          ExpressionAttributeNames: {
            '#type': 'type',
            '#department': 'department',
            '#month': 'month',
            ...Object.fromEntries(counts.map(([counter], i) => [`#c${i}`, counter])),
          },
          ExpressionAttributeValues: {
            ':type': 'rating_stats',
            ':department': t.department,
            ':month': t.month,
            ...Object.fromEntries(counts.map(([, n], i) => [`:c${i}`, n])),
          },
        },
      },
    ];
  }

  /**
   * A department's 好差评 statistics from month `from` to month `to` (`YYYY-MM`), oldest first:
   * one tally a month that has any (a month without ratings has none).
   */
  async ratingTallies(department: string, from: string, to: string): Promise<RatingTally[]> {
    const items = await this.#queryAll({
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.ratingStatsPk(department),
        ':from': keys.ratingStatsSk(from),
        ':to': keys.ratingStatsSk(to),
      },
    });
    return items.map((item) => parse(RatingTallySchema, item));
  }

  /** The 好差评 statistics of one month for each of the departments that has any. */
  async ratingTalliesOfMonth(
    departments: readonly string[],
    month: string,
  ): Promise<RatingTally[]> {
    const tallies: RatingTally[] = [];
    for (let i = 0; i < departments.length; i += BATCH_GET_KEYS) {
      let keysLeft: Record<string, unknown>[] = departments
        .slice(i, i + BATCH_GET_KEYS)
        .map((d) => ({ pk: keys.ratingStatsPk(d), sk: keys.ratingStatsSk(month) }));
      for (let attempt = 1; keysLeft.length > 0; attempt++) {
        if (attempt > BATCH_GET_ATTEMPTS) {
          throw new ReadIncompleteError();
        }
        if (attempt > 1) await sleep(10 * 2 ** attempt);
        const result = await this.#client.send(
          new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: keysLeft } } }),
        );
        tallies.push(
          ...(result.Responses?.[this.#table] ?? []).map((item) => parse(RatingTallySchema, item)),
        );
        keysLeft = result.UnprocessedKeys?.[this.#table]?.Keys ?? [];
      }
    }
    return tallies;
  }

  #caseItem(c: Case): Record<string, unknown> {
    return {
      ...c,
      pk: keys.casePk(c.caseId),
      sk: keys.caseSk,
      type: 'case',
      gsi1pk: keys.applicantPk(this.#applicantKey(applicantNumber(c.applicant))),
      gsi1sk: keys.applicantSk(c.submittedAt, c.caseId),
    };
  }

  async #page<S extends z.ZodMiniType>(
    index: IndexName,
    partition: string,
    page: PageRequest,
    schema: S,
    options: {
      readonly newestFirst?: boolean;
      readonly sortKeyAtMost?: string | undefined;
      /** A date the sort key (`<date>#…`) starts from; for the scan's own queries, not cursors. */
      readonly sortKeyAtLeast?: string | undefined;
      /** Fields read from the item's keys, added before it is parsed. */
      readonly derive?: (item: Record<string, unknown>) => Record<string, unknown>;
    },
  ): Promise<Page<z.infer<S>>> {
    const { partitionKey, sortKey } = CASE_TABLE.indexes[index];
    const limit = page.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new RangeError(`limit must be an integer from 1 to ${MAX_LIMIT}`);
    }
    const start = decodeCursor(
      page.cursor,
      [CASE_TABLE.partitionKey, CASE_TABLE.sortKey, partitionKey, sortKey],
      { name: partitionKey, value: partition },
    );
    const bounded = options.sortKeyAtMost !== undefined;
    // A cursor past the query's own bound is not one this query handed out (DynamoDB would
    // refuse it as a starting key outside the key condition).
    if (start && bounded && (start[sortKey] ?? '') > `${options.sortKeyAtMost}#${HIGH}`) {
      throw new InvalidCursorError();
    }
    const from = options.sortKeyAtLeast;
    const onSortKey =
      bounded && from !== undefined ? 'BETWEEN :lo AND :hi' : bounded ? '<= :hi' : '>= :lo';
    const result = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: index,
        KeyConditionExpression:
          bounded || from !== undefined ? `#pk = :pk AND #sk ${onSortKey}` : '#pk = :pk',
        ExpressionAttributeNames: {
          '#pk': partitionKey,
          ...(bounded || from !== undefined ? { '#sk': sortKey } : {}),
        },
        ExpressionAttributeValues: {
          ':pk': partition,
          ...(bounded ? { ':hi': `${options.sortKeyAtMost}#${HIGH}` } : {}),
          ...(from !== undefined ? { ':lo': from } : {}),
        },
        ScanIndexForward: !options.newestFirst,
        Limit: limit,
        ExclusiveStartKey: start,
      }),
    );
    const { derive } = options;
    const items = (result.Items ?? []).map((item) =>
      parse(schema, derive ? { ...item, ...derive(item) } : item),
    );
    const cursor = encodeCursor(result.LastEvaluatedKey);
    return cursor ? { items, cursor } : { items };
  }

  async #queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await this.#client.send(
        new QueryCommand({ ...input, ExclusiveStartKey: start }),
      );
      items.push(...(result.Items ?? []));
      start = result.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

/**
 * Tallies of one department and month added together: a transaction may touch an item once (a
 * case's two 差评, online and at the window, answered at once in the same month).
 */
function mergeTallies(tallies: readonly RatingTallyChange[]): RatingTallyChange[] {
  const merged = new Map<
    string,
    { department: string; month: string; add: Record<string, number> }
  >();
  for (const t of tallies) {
    const key = `${t.department}#${t.month}`;
    const into = merged.get(key) ?? { department: t.department, month: t.month, add: {} };
    for (const [counter, n] of Object.entries(t.add)) {
      into.add[counter] = (into.add[counter] ?? 0) + (n ?? 0);
    }
    merged.set(key, into);
  }
  return [...merged.values()];
}

function taskItem(t: Task): Record<string, unknown> {
  return {
    ...t,
    pk: keys.casePk(t.caseId),
    sk: keys.taskSk(t.department),
    type: 'task',
    gsi2pk: keys.worklistPk(t.department, t.status),
    gsi2sk: keys.dueSk(t.due.date, t.caseId),
    ...(isClockRunning(t.status) ? { gsi3pk: keys.openPartPk } : {}),
    gsi3sk: keys.dueSk(t.due.date, t.caseId),
  };
}

/** A case indexed whole in byDue before parts were: only its id is needed. */
const LegacyEntrySchema = z.object({ caseId: CaseIdSchema });

/**
 * The task in a stream image (already unmarshalled), or undefined for any other item: the
 * dispatcher reads task changes off the table's stream.
 * @throws CorruptItemError when a task item does not match its schema.
 */
export function taskFromItem(item: Record<string, unknown>): Task | undefined {
  return String(item.sk).startsWith(SK_PREFIX.task) ? parse(TaskSchema, item) : undefined;
}

/**
 * The case as {@link CaseRepository.applyChange} leaves it, computed from the record the change
 * was planned on, without reading it back: the case's fields set (an undefined one left as it
 * was) and its version raised; each task updated likewise, its removed fields dropped, its
 * version raised (kept for a bookkeeping change) and `updatedAt` set to the case's; the timeline
 * entry appended under the new version. It is what the transaction writes, so a use case can
 * answer with it instead of a second read (a test holds it to the read-back state). The items the
 * change touches are parsed with the schemas a read uses, so call it before writing: a change
 * that could not be read back is refused instead of stored.
 * @throws UnreadableChangeError naming the item that would not match its schema.
 */
export function recordAfter(record: CaseRecord, change: CaseChange): CaseRecord {
  const next = change.expectedVersion + 1;
  const pk = keys.casePk(change.caseId);
  const updates = new Map((change.tasks ?? []).map((t) => [t.department, t]));
  const caseAfter = { ...record.case, ...definedFields(change.case), version: next };
  const entry = { ...change.timeline, caseId: change.caseId, seq: next };
  readable(CaseSchema, caseAfter, pk, keys.caseSk);
  readable(TimelineEntrySchema, entry, pk, keys.timelineSk(next));
  return {
    case: caseAfter,
    tasks: record.tasks.map((task) => {
      const update = updates.get(task.department);
      if (!update) return task;
      const kept: Record<string, unknown> = { ...task };
      for (const field of update.remove ?? []) delete kept[field];
      const taskAfter = {
        ...(kept as Task),
        ...definedFields(update.set),
        version:
          update.keepVersionIfStatus !== undefined ? task.version : update.expectedVersion + 1,
        updatedAt: change.case.updatedAt,
      };
      readable(TaskSchema, taskAfter, pk, keys.taskSk(task.department));
      return taskAfter;
    }),
    timeline: [...record.timeline, entry],
  };
}

/** Parses an item as a read would; throws UnreadableChangeError if it would not pass. */
function readable(schema: z.ZodMiniType, item: object, pk: string, sk: string): void {
  const result = hot(schema).safeParse(item);
  if (!result.success) throw new UnreadableChangeError(pk, sk, { cause: result.error });
}

/** The fields that are set: an update skips undefined ones, as the marshaller removes them. */
function definedFields<T extends object>(fields: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) (out as Record<string, unknown>)[name] = value;
  }
  return out;
}

/** Validates an item read back against its schema, keys stripped: never a cast. */
function parse<S extends z.ZodMiniType>(schema: S, item: Record<string, unknown>): z.infer<S> {
  const data = withoutKeys(item);
  const result = hot(schema).safeParse(data);
  if (!result.success) {
    throw new CorruptItemError(String(item.pk), String(item.sk), { cause: result.error });
  }
  return result.data;
}

function isCancelled(error: unknown): error is TransactionCanceledException {
  return (
    error instanceof TransactionCanceledException ||
    (error instanceof Error && error.name === 'TransactionCanceledException')
  );
}

function reasonCode(error: TransactionCanceledException, index: number): string | undefined {
  return error.CancellationReasons?.[index]?.Code;
}

/**
 * Builds an UpdateExpression with placeholders for every name and value (so no field can clash
 * with a reserved word), and a condition on expected values.
 */
function updateExpression(
  set: Record<string, unknown>,
  remove: readonly string[],
  expected: Record<string, unknown>,
) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  let n = 0;
  const name = (field: string) => {
    const key = `#n${n++}`;
    names[key] = field;
    return key;
  };
  const api = {
    set(field: string, value: unknown) {
      if (value === undefined) return;
      const v = `:v${n}`;
      sets.push(`${name(field)} = ${v}`);
      values[v] = value;
    },
    remove(field: string) {
      removes.push(name(field));
    },
    build(condition: string) {
      const conditions = [condition];
      for (const [field, value] of Object.entries(expected)) {
        const v = `:e${n}`;
        conditions.push(`${name(field)} = ${v}`);
        values[v] = value;
      }
      const parts = [];
      if (sets.length > 0) parts.push(`SET ${sets.join(', ')}`);
      if (removes.length > 0) parts.push(`REMOVE ${removes.join(', ')}`);
      return {
        UpdateExpression: parts.join(' '),
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      };
    },
  };
  for (const [field, value] of Object.entries(set)) api.set(field, value);
  for (const field of remove) api.remove(field);
  return api;
}
