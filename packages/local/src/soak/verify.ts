import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { applicantNumber } from '@jilin/domain';
import { CaseRepository, createApplicantKeyer, documentClientFor, keys } from '@jilin/store';
import { LOCAL_AWS } from '../dynamodb-local';
import { readPartition, tableItemCount } from '../partitions';
import type { Submission } from './applications';
import type { SubmissionOutcome } from './submit';

/**
 * The soak's verdict, from the table itself: every submission the client got its 201 for is
 * exactly one case; no logical submission became two cases; every case has exactly its service's
 * tasks, each delivered to its department, decided once per step (受理, 准予, 办结: one timeline
 * entry each) and completed; and the table holds nothing else.
 */

export interface TableCase {
  readonly caseId: string;
  readonly status: string;
  readonly applicantNumber: string;
  readonly tasks: Map<string, { status: string }>;
  /** `<department>:<event>` → timeline entries. */
  readonly decisions: Map<string, number>;
}

/** What the verifier read of the table. */
export interface TableRead {
  /** Every case of the submissions' applicants, by id. */
  readonly cases: ReadonlyMap<string, TableCase>;
  /**
   * Items of the table outside those cases' partitions (DescribeTable's item count, which
   * DynamoDB Local keeps exact, less the items of the partitions read): anything written that no
   * submission accounts for.
   */
  readonly strayItems: number;
}

export interface Verdict {
  /** Cases in the table. */
  readonly cases: number;
  /** Tasks in the table. */
  readonly tasks: number;
  /** Distinct tasks the departments received. */
  readonly tasksDelivered: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Submissions without a 201 (no key, or refused/given up) that left a case all the same. */
  readonly unacknowledgedWithCase: number;
  /** What went wrong, one line each (at most a few dozen are kept). */
  readonly problems: readonly string[];
}

const DECISION_EVENTS = ['accept', 'approve', 'complete'] as const;

export interface ReadTableOptions {
  readonly endpoint: string;
  readonly tableName: string;
  /** The platform's secret behind the "my cases" keys. */
  readonly applicantKeySecret: string;
  /** The one numbers (一号) the submissions were filed under. */
  readonly applicantNumbers: Iterable<string>;
  /** Applicants read at once. @default 8 */
  readonly concurrency?: number;
}

/**
 * Reads what the submissions left, with Queries only, as the platform itself reads (DESIGN: no
 * Scan): each applicant's cases through "my cases" (byApplicant), each of those cases whole
 * through the store (so every item must also read back valid), and each case's partition counted
 * (its audit chain included). The table's item count less those partitions' is `strayItems`.
 */
export async function readTable(options: ReadTableOptions): Promise<TableRead> {
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: options.endpoint });
  const client = documentClientFor(dynamodb);
  const repository = new CaseRepository({
    client,
    tableName: options.tableName,
    applicantKey: createApplicantKeyer(options.applicantKeySecret),
  });
  const cases = new Map<string, TableCase>();
  let partitionItems = 0;

  const countPartition = (caseId: string) =>
    readPartition(dynamodb, options.tableName, keys.casePk(caseId));

  const readApplicant = async (number: string): Promise<void> => {
    let cursor: string | undefined;
    do {
      const page = await repository.listByApplicant(number, {
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      for (const summary of page.items) {
        if (cases.has(summary.caseId)) continue;
        const record = await repository.getCase(summary.caseId);
        if (!record) continue;
        const decisions = new Map<string, number>();
        for (const entry of record.timeline) {
          if (!entry.department) continue;
          const key = `${entry.department}:${entry.event}`;
          decisions.set(key, (decisions.get(key) ?? 0) + 1);
        }
        cases.set(summary.caseId, {
          caseId: summary.caseId,
          status: record.case.status,
          applicantNumber: applicantNumber(record.case.applicant),
          tasks: new Map(record.tasks.map((t) => [t.department, { status: t.status }])),
          decisions,
        });
        // Counted first, added after: `x += await …` would add to a total read before the await.
        const items = await countPartition(summary.caseId);
        partitionItems += items;
      }
      cursor = page.cursor;
    } while (cursor);
  };

  try {
    const numbers = [...new Set(options.applicantNumbers)];
    let next = 0;
    const worker = async () => {
      while (next < numbers.length) await readApplicant(numbers[next++] as string);
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
    const items = await tableItemCount(dynamodb, options.tableName);
    return { cases, strayItems: items - partitionItems };
  } finally {
    dynamodb.destroy();
  }
}

export function verify(
  submissions: readonly Submission[],
  outcomes: ReadonlyMap<number, SubmissionOutcome>,
  table: TableRead,
  delivered: ReadonlySet<string>,
): Verdict {
  const problems: string[] = [];
  const note = (line: string) => {
    if (problems.length < 40) problems.push(line);
  };
  let lost = 0;
  let duplicated = 0;
  let unacknowledgedWithCase = 0;
  let tasks = 0;

  const byApplicant = new Map<string, TableCase[]>();
  for (const c of table.cases.values()) {
    byApplicant.set(c.applicantNumber, [...(byApplicant.get(c.applicantNumber) ?? []), c]);
  }

  for (const submission of submissions) {
    const outcome = outcomes.get(submission.index);
    const found = byApplicant.get(submission.applicantNumber) ?? [];
    if (found.length > 1) {
      duplicated += found.length - 1;
      note(
        `submission ${submission.index}: ${found.length} cases (${found.map((c) => c.caseId).join(', ')})`,
      );
    }
    if (outcome?.kind === 'accepted') {
      if (!found.some((c) => c.caseId === outcome.caseId)) {
        lost += 1;
        note(`submission ${submission.index}: answered 201 ${outcome.caseId}, no such case`);
      }
    } else if (found.length > 0) {
      unacknowledgedWithCase += 1;
    }
    const expected = new Set(submission.departments);
    for (const c of found) {
      for (const department of expected) {
        const task = c.tasks.get(department);
        if (!task) {
          lost += 1;
          note(`${c.caseId}: no task for ${department}`);
          continue;
        }
        if (!delivered.has(`${c.caseId}:${department}`)) {
          lost += 1;
          note(
            `${c.caseId}: the task of ${department} (${task.status}) never reached its department`,
          );
        } else if (task.status !== 'completed') {
          lost += 1;
          note(`${c.caseId}: the task of ${department} stopped at ${task.status}`);
        }
        for (const event of DECISION_EVENTS) {
          const n = c.decisions.get(`${department}:${event}`) ?? 0;
          if (n > 1) {
            duplicated += n - 1;
            note(`${c.caseId}: ${department} decided ${event} ${n} times`);
          }
        }
      }
      for (const department of c.tasks.keys()) {
        if (!expected.has(department)) {
          duplicated += 1;
          note(`${c.caseId}: a task for ${department}, which the service does not route to`);
        }
      }
      if (
        c.status !== 'completed' &&
        [...c.tasks.values()].every((t) => t.status === 'completed')
      ) {
        lost += 1;
        note(`${c.caseId}: every task completed, the case at ${c.status}`);
      }
    }
  }
  for (const c of table.cases.values()) tasks += c.tasks.size;
  if (table.strayItems > 0) {
    duplicated += table.strayItems;
    note(`${table.strayItems} items in the table outside the cases the submissions filed`);
  } else if (table.strayItems < 0) {
    // The cases' partitions held more than the table counts: the count itself is wrong.
    lost += -table.strayItems;
    note(`the table counts ${-table.strayItems} items fewer than the cases' partitions hold`);
  }
  return {
    cases: table.cases.size,
    tasks,
    tasksDelivered: delivered.size,
    lost,
    duplicated,
    unacknowledgedWithCase,
    problems,
  };
}
