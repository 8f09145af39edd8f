import { scanWholeTable } from '../whole-table';
import type { Submission } from './applications';
import type { SubmissionOutcome } from './submit';

/**
 * The soak's verdict, from the table itself (a Scan: this is the verifier, not a request path):
 * every submission the client got its 201 for is exactly one case; no logical submission became
 * two cases; every case has exactly its service's tasks, each delivered to its department,
 * decided once per step (受理, 准予, 办结: one timeline entry each) and completed.
 */

export interface TableCase {
  readonly caseId: string;
  readonly status: string;
  readonly applicantNumber: string;
  readonly tasks: Map<string, { status: string }>;
  /** `<department>:<event>` → timeline entries. */
  readonly decisions: Map<string, number>;
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

/** Reads every case, task and timeline entry of the table (a parallel Scan, scanWholeTable). */
export async function readTable(
  endpoint: string,
  tableName: string,
): Promise<Map<string, TableCase>> {
  const cases = new Map<string, TableCase>();
  const of = (caseId: string): TableCase => {
    let c = cases.get(caseId);
    if (!c) {
      c = { caseId, status: '', applicantNumber: '', tasks: new Map(), decisions: new Map() };
      cases.set(caseId, c);
    }
    return c;
  };
  await scanWholeTable({
    endpoint,
    segments: 4,
    input: {
      TableName: tableName,
      ProjectionExpression: '#pk, #type, #status, applicant, department, #event',
      ExpressionAttributeNames: {
        '#pk': 'pk',
        '#type': 'type',
        '#status': 'status',
        '#event': 'event',
      },
    },
    onItems: (items) => {
      for (const item of items) {
        const pk = item.pk?.S ?? '';
        if (!pk.startsWith('CASE#')) continue;
        const c = of(pk.slice('CASE#'.length));
        const type = item.type?.S;
        if (type === 'case') {
          const applicant = item.applicant?.M ?? {};
          Object.assign(c, {
            status: item.status?.S ?? '',
            applicantNumber: applicant.idNumber?.S ?? applicant.creditCode?.S ?? '',
          });
        } else if (type === 'task') {
          c.tasks.set(item.department?.S ?? '', { status: item.status?.S ?? '' });
        } else if (type === 'timeline' && item.department?.S) {
          const key = `${item.department.S}:${item.event?.S ?? ''}`;
          c.decisions.set(key, (c.decisions.get(key) ?? 0) + 1);
        }
      }
    },
  });
  return cases;
}

export function verify(
  submissions: readonly Submission[],
  outcomes: ReadonlyMap<number, SubmissionOutcome>,
  table: ReadonlyMap<string, TableCase>,
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
  for (const c of table.values()) {
    byApplicant.set(c.applicantNumber, [...(byApplicant.get(c.applicantNumber) ?? []), c]);
  }
  const matched = new Set<string>();

  for (const submission of submissions) {
    const outcome = outcomes.get(submission.index);
    const found = byApplicant.get(submission.applicantNumber) ?? [];
    for (const c of found) matched.add(c.caseId);
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
  for (const c of table.values()) {
    tasks += c.tasks.size;
    if (!matched.has(c.caseId)) {
      duplicated += 1;
      note(`${c.caseId}: a case no submission filed`);
    }
  }
  return {
    cases: table.size,
    tasks,
    tasksDelivered: delivered.size,
    lost,
    duplicated,
    unacknowledgedWithCase,
    problems,
  };
}
