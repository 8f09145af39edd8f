/**
 * The single case table: one partition per case holds the case, its department tasks and its
 * timeline, so one Query reads a whole case. Sparse GSIs answer the other questions:
 *
 * | index        | on items  | partition key                 | sort key              | answers |
 * | ------------ | --------- | ----------------------------- | --------------------- | ------- |
 * | byApplicant  | case      | `APPLICANT#<HMAC of 一号>`     | `<submittedAt>#<id>`  | my cases, newest first |
 * | byDepartment | task      | `DEPT#<department>#<status>`  | `<due date>#<id>`     | a department's worklist by status, by due date |
 * |              | case      | `FOLLOWUP#<department>`       | `<follow-up due>#<id>`| 差评 a department owes a follow-up (while open) |
 * | byDue        | open part | `OPENPART`                    | `<due date>#<id>`     | parts by their own due date (超期预警) |
 * | byAuditDay   | audit     | `AUDITDAY#<YYYY-MM-DD>`       | `<at>#<id>#<seq>`     | staff access of a day (audit-log.ts) |
 *
 * byDue holds the department tasks whose 承诺时限 runs (the key is removed when a part waits on
 * 补正 or is decided to its end), so the overdue scan reads each part by its own due date: in a
 * bundled 一件事 one department's 补正 stops its own clock, not the others'. The sort key is kept
 * on every task, so a part that runs again (a resubmission) returns under its date. One
 * partition is enough: a city files a few thousand cases a day, far below a partition's write
 * limit; shard the key if that ever changes. Cases indexed whole before parts were sit in the
 * partition `OPEN` until the scan moves them (keys.ts `legacyOpenCasePk`).
 *
 * Two kinds of item are not a case's: the table's own bookkeeping (`META`, keys.ts) and each
 * department's 好差评 statistics, one item a month (`RATINGS#<department>` / `MONTH#<YYYY-MM>`,
 * added to in the rating's transaction); neither has index keys.
 *
 * This definition is the one source for the CDK construct and for the local platform.
 */
/** What a list of cases shows: projected into "my cases" (byApplicant). */
const CASE_SUMMARY = [
  'caseId',
  'platform',
  'serviceCode',
  'serviceName',
  'channel',
  'status',
  'outcome',
  'submittedAt',
  'due',
  'dueState',
  'version',
  'updatedAt',
] as const;

/**
 * What the overdue scan needs of a running part: which case, when due, how it was last flagged
 * (the department is in the item's sort key, `TASK#<department>`, which every index projects).
 * Nothing that a decision changes (status, version), so a decision that keeps the part's clock
 * running writes nothing to this index (DynamoDB writes to a GSI only when a key or projected
 * attribute changes). The scan reads the few cases it flags (CaseRepository.getCase).
 */
const DUE_ENTRY = ['caseId', 'due', 'dueState'] as const;

export const CASE_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: {
    byApplicant: {
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
      include: CASE_SUMMARY,
    },
    byDepartment: {
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
      include: ['caseId', 'department', 'partName', 'status', 'version', 'due', 'updatedAt'],
    },
    byDue: {
      partitionKey: 'gsi3pk',
      sortKey: 'gsi3sk',
      include: DUE_ENTRY,
    },
    byAuditDay: {
      partitionKey: 'gsi4pk',
      sortKey: 'gsi4sk',
      include: ['caseId', 'seq', 'at', 'actor', 'action', 'result'],
    },
  },
} as const;

export type IndexName = keyof typeof CASE_TABLE.indexes;

/** The attributes that are keys, not domain data; stripped before an item is parsed. */
export const KEY_ATTRIBUTES: ReadonlySet<string> = new Set([
  CASE_TABLE.partitionKey,
  CASE_TABLE.sortKey,
  'type',
  ...Object.values(CASE_TABLE.indexes).flatMap((i) => [i.partitionKey, i.sortKey]),
]);

/**
 * An item read back without its key attributes: the domain data its schema parses. One loop, as
 * every item of every read goes through it (entries → filter → fromEntries built three arrays).
 */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const name in item) {
    if (!KEY_ATTRIBUTES.has(name)) data[name] = item[name];
  }
  return data;
}
