import {
  type Actor,
  ActorSchema,
  type Case,
  CaseSchema,
  type Task,
  TaskSchema,
  type TimelineEntry,
  TimelineEntrySchema,
} from '@jilin/domain';
import { assertCompiledFidelity } from '@jilin/domain/testing';
import { describe, it } from 'vitest';
import type * as z from 'zod/mini';
import { AuditRecordSchema } from '../../src/audit-log';
import { CaseSummarySchema, DueEntrySchema, TaskSummarySchema } from '../../src/summaries';
import { businessService, newCase } from '../support/fixtures';

/**
 * The store parses every item it reads with these schemas, on zod's compiled parser once a
 * process has parsed a schema often enough (`hot` in @jilin/domain). Compiled and interpreted
 * parsers must answer alike for anything a table could hold: the same success, the same value,
 * the same issues. Each schema is checked on a full item and on items mutated at any depth.
 */

const at = '2026-03-04T06:30:00.000Z';
const officer: Actor = ActorSchema.parse({
  role: 'officer',
  id: 'sub-officer-7',
  platform: '220100',
  department: 'tax',
});
const record = newCase(businessService);

const caseItem: Case = CaseSchema.parse({
  ...record.case,
  status: 'completed',
  outcome: 'partially_approved',
  version: 6,
  dueState: 'due_soon',
  rating: {
    level: 'dissatisfied',
    comment: '等了很久',
    at,
    channel: 'online',
    followUp: {
      department: 'tax',
      due: { date: '2026-03-18', kind: 'exact' },
      finding: '情况属实',
      rectification: '已公示材料清单',
      closedBy: officer,
      closedAt: at,
      lateNotedAt: at,
    },
  },
  windowRating: { level: 'very_satisfied', at, channel: 'window' },
  form: { 经营范围: '软件开发', 注册资本: 100, 是否连锁: false },
});
const [first, second, third] = record.tasks as [Task, Task, Task];
const tasks: Task[] = [
  {
    ...first,
    status: 'approved',
    dueState: 'overdue',
    decision: { outcome: 'approved', by: officer, at },
  },
  {
    ...second,
    status: 'denied',
    decision: { outcome: 'denied', reason: '不符合法定条件', by: officer, at },
  },
  {
    ...third,
    status: 'correction_requested',
    correction: { reason: '材料不齐全', materials: third.materials },
    noticed: third.materials,
  },
  { ...third, status: 'rejected', refusal: { reason: '不属于本部门职权范围' } },
].map((task) => TaskSchema.parse(task));
const timeline: TimelineEntry[] = [
  ...record.timeline,
  TimelineEntrySchema.parse({
    ...record.timeline[0],
    seq: 2,
    actor: officer,
    event: 'deny',
    department: 'tax',
    status: 'accepted',
    reason: '不符合法定条件',
    citizenText: '税务部门不予许可：不符合法定条件',
  }),
];
const audit = {
  caseId: record.case.caseId,
  seq: 3,
  at,
  actor: officer,
  action: 'accept',
  result: 'refused:STALE_VERSION',
  prevHash: 'a'.repeat(64),
  hash: '0123456789abcdef'.repeat(4),
};

const picked = (schema: { def: { shape: object } }, item: object) =>
  Object.fromEntries(Object.entries(item).filter(([key]) => key in schema.def.shape));

const SCHEMAS: readonly { name: string; schema: z.ZodMiniType; samples: readonly unknown[] }[] = [
  { name: 'case', schema: CaseSchema, samples: [caseItem, record.case] },
  { name: 'task', schema: TaskSchema, samples: tasks },
  { name: 'timeline entry', schema: TimelineEntrySchema, samples: timeline },
  { name: 'audit record', schema: AuditRecordSchema, samples: [audit] },
  {
    name: 'case summary',
    schema: CaseSummarySchema,
    samples: [picked(CaseSummarySchema, caseItem)],
  },
  {
    name: 'task summary',
    schema: TaskSummarySchema,
    samples: tasks.map((t) => picked(TaskSummarySchema, t)),
  },
  {
    name: 'due entry',
    schema: DueEntrySchema,
    samples: tasks.map((t) => picked(DueEntrySchema, t)),
  },
];

describe('compiled item schemas', () => {
  for (const { name, schema, samples } of SCHEMAS) {
    it(`${name}: zod compiles it, and the compiled parser answers stored and mutated items as the interpreter does`, () => {
      assertCompiledFidelity(schema, samples);
    });
  }
});
