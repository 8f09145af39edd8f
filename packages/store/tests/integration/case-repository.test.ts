import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '@jilin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CaseChange,
  CaseExistsError,
  CaseNotFoundError,
  type CaseRepository,
  type DueEntry,
  InvalidCursorError,
  keys,
  recordAfter,
  UnreadableChangeError,
  VersionConflictError,
} from '../../src';
import {
  APPLICANT_A,
  APPLICANT_B,
  businessService,
  citizen,
  idCardService,
  newCase,
} from '../support/fixtures';
import { createTestTable } from '../support/table';

let table: Awaited<ReturnType<typeof createTestTable>>;
let repo: CaseRepository;

beforeAll(async () => {
  table = await createTestTable();
  repo = table.repository;
});
afterAll(() => table.drop());

const officer = {
  role: 'officer' as const,
  id: 'officer-1',
  department: 'public-security' as never,
};

/** Each entry as `<due>:<case>:<department>`. */
const entries = (page: { items: readonly DueEntry[] }) =>
  page.items.map((e) => `${e.due.date}:${e.caseId}:${e.department}`);
/** Whether a page's entries come soonest due first. */
const soonestFirst = (page: { items: readonly DueEntry[] }) =>
  page.items.every((e, i) => i === 0 || (page.items[i - 1]?.due.date ?? '') <= e.due.date);

/** A 补正 notice to one part of a case still at version 1 (its first change). */
function correctionOf(
  record: CaseRecord,
  department: string,
  taskVersion: number,
  at: string,
): CaseChange {
  return {
    caseId: record.case.caseId,
    expectedVersion: record.case.version,
    case: { status: 'correction_requested', updatedAt: at },
    tasks: [
      {
        department,
        expectedVersion: taskVersion,
        set: { status: 'correction_requested', correction: { reason: '缺少材料', materials: [] } },
      },
    ],
    timeline: {
      at,
      actor: officer,
      event: 'request_correction',
      department: department as never,
      status: 'correction_requested',
      citizenText: '请补正。',
    },
  };
}

/** The applicant's withdrawal of a one-part case still at version 1. */
function withdrawal(record: CaseRecord, at: string): CaseChange {
  return {
    caseId: record.case.caseId,
    expectedVersion: record.case.version,
    case: { status: 'withdrawn', outcome: 'withdrawn', updatedAt: at },
    tasks: record.tasks.map((t) => ({
      department: t.department,
      expectedVersion: t.version,
      set: { status: 'withdrawn' },
    })),
    timeline: {
      at,
      actor: citizen,
      event: 'withdraw',
      status: 'withdrawn',
      citizenText: '您已撤回本次申请。',
    },
  };
}

/** Dispatch of every task: the first change a case sees. */
function dispatchAll(record: CaseRecord, at: string): CaseChange {
  return {
    caseId: record.case.caseId,
    expectedVersion: record.case.version,
    case: { status: 'prereview', updatedAt: at },
    tasks: record.tasks.map((t) => ({
      department: t.department,
      expectedVersion: t.version,
      set: { status: 'prereview' },
    })),
    timeline: {
      at,
      actor: { role: 'system', id: 'dispatch' },
      event: 'dispatch',
      status: 'prereview',
      citizenText: '审批部门正在预审您的申请材料。',
    },
  };
}

describe('Class: CaseRepository (DynamoDB Local)', () => {
  describe('Method: createCase / getCase', () => {
    it('writes a bundled case with its tasks and first timeline entry, read back whole by one Query', async () => {
      // Prepare
      const record = newCase(businessService);

      // Act
      await repo.createCase(record);
      const read = await repo.getCase(record.case.caseId);

      // Assess
      expect(read?.case).toEqual(record.case);
      expect(read?.tasks.map((t) => t.department).sort()).toEqual([
        'market-regulation',
        'public-security',
        'tax',
      ]);
      expect(read?.timeline).toEqual(record.timeline);
    });

    it('refuses a duplicate case id and leaves the first case untouched', async () => {
      // Prepare
      const first = newCase(idCardService);
      await repo.createCase(first);
      const second = newCase(businessService);
      const duplicate: CaseRecord = {
        case: { ...second.case, caseId: first.case.caseId },
        tasks: second.tasks.map((t) => ({ ...t, caseId: first.case.caseId })),
        timeline: second.timeline.map((e) => ({ ...e, caseId: first.case.caseId })),
      };

      // Act
      const attempt = repo.createCase(duplicate);

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(CaseExistsError);
      const read = await repo.getCase(first.case.caseId);
      expect(read?.case.serviceCode).toBe(idCardService.code);
      expect(read?.tasks).toHaveLength(1);
    });

    it('returns undefined for a case that does not exist', async () => {
      // Act
      const read = await repo.getCase('220100-20260302-ZZZZZZZZ');

      // Assess
      expect(read).toBeUndefined();
    });

    it('keys "my cases" by an HMAC: no index key holds the applicant number', async () => {
      // Prepare
      const record = newCase(idCardService, { idNumber: APPLICANT_B });
      await repo.createCase(record);

      // Act
      const raw = await table.client.send(
        new GetCommand({
          TableName: table.tableName,
          Key: { pk: keys.casePk(record.case.caseId), sk: keys.caseSk },
        }),
      );

      // Assess
      const indexKeys = Object.entries(raw.Item ?? {}).filter(([k]) => k.startsWith('gsi'));
      expect(indexKeys.length).toBeGreaterThan(0);
      for (const [, value] of indexKeys) expect(String(value)).not.toContain(APPLICANT_B);
      expect(String(raw.Item?.gsi1pk)).toMatch(/^APPLICANT#[A-Za-z0-9_-]{43}$/);
    });
  });

  describe('Method: listByApplicant', () => {
    it('lists one applicant’s cases across services, newest first, page by page with a cursor', async () => {
      // Prepare
      const own = await createTestTable();
      try {
        const times = [
          '2026-03-02T01:00:00.000Z',
          '2026-03-03T01:00:00.000Z',
          '2026-03-04T01:00:00.000Z',
          '2026-03-05T01:00:00.000Z',
          '2026-03-06T01:00:00.000Z',
        ];
        const mine = times.map((now, i) =>
          newCase(i % 2 ? businessService : idCardService, { now }),
        );
        const theirs = newCase(idCardService, {
          idNumber: APPLICANT_B,
          now: '2026-03-07T01:00:00.000Z',
        });
        for (const r of [...mine, theirs]) await own.repository.createCase(r);

        // Act
        const first = await own.repository.listByApplicant(APPLICANT_A, { limit: 2 });
        const second = await own.repository.listByApplicant(APPLICANT_A, {
          limit: 2,
          cursor: first.cursor,
        });
        const third = await own.repository.listByApplicant(APPLICANT_A, {
          limit: 2,
          cursor: second.cursor,
        });

        // Assess
        const listed = [...first.items, ...second.items, ...third.items].map((c) => c.caseId);
        expect(listed).toEqual(mine.map((r) => r.case.caseId).reverse());
        expect(third.cursor).toBeUndefined();
        expect(first.items[0]).toMatchObject({
          serviceName: idCardService.name,
          status: 'submitted',
        });
      } finally {
        await own.drop();
      }
    });

    it('treats a lowercase check character as the same applicant', async () => {
      // Prepare
      const record = newCase(idCardService);
      await repo.createCase(record);

      // Act
      const page = await repo.listByApplicant(APPLICANT_A.toLowerCase(), { limit: 100 });

      // Assess
      expect(page.items.map((c) => c.caseId)).toContain(record.case.caseId);
    });

    it.each([
      ['not base64url', '!!!'],
      ['not JSON', Buffer.from('nope').toString('base64url')],
      ['wrong attributes', Buffer.from(JSON.stringify({ pk: 'x' })).toString('base64url')],
      [
        'non-string values',
        Buffer.from(JSON.stringify({ pk: 1, sk: 2, gsi1pk: 3, gsi1sk: 4 })).toString('base64url'),
      ],
    ])('rejects a cursor that is %s with InvalidCursorError', async (_, cursor) => {
      // Act
      const attempt = repo.listByApplicant(APPLICANT_A, { cursor });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it('rejects a cursor taken from another applicant’s list', async () => {
      // Prepare
      for (let i = 0; i < 2; i++)
        await repo.createCase(newCase(idCardService, { idNumber: APPLICANT_B }));
      const theirs = await repo.listByApplicant(APPLICANT_B, { limit: 1 });
      expect(theirs.cursor).toBeDefined();

      // Act
      const attempt = repo.listByApplicant(APPLICANT_A, { cursor: theirs.cursor });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(InvalidCursorError);
    });
  });

  describe('Method: listWorklist', () => {
    it('lists a department’s tasks in one status, soonest due first, and moves them on a status change', async () => {
      // Prepare
      const own = await createTestTable();
      try {
        // 20 working days from different days: later receipt, later due date.
        const records = [
          '2026-03-04T01:00:00.000Z',
          '2026-03-02T01:00:00.000Z',
          '2026-03-03T01:00:00.000Z',
        ].map((now) => newCase(idCardService, { now }));
        for (const r of records) await own.repository.createCase(r);
        const moved = records[1] as CaseRecord;
        await own.repository.applyChange(dispatchAll(moved, '2026-03-05T01:00:00.000Z'));

        // Act
        const submitted = await own.repository.listWorklist('public-security', 'submitted', {
          limit: 1,
        });
        const rest = await own.repository.listWorklist('public-security', 'submitted', {
          cursor: submitted.cursor,
        });
        const prereview = await own.repository.listWorklist('public-security', 'prereview');
        const otherDepartment = await own.repository.listWorklist('tax', 'submitted');

        // Assess
        const dues = [...submitted.items, ...rest.items].map((t) => t.due.date);
        expect(dues).toEqual([...dues].sort());
        expect([...submitted.items, ...rest.items].map((t) => t.caseId)).toEqual([
          records[2]?.case.caseId,
          records[0]?.case.caseId,
        ]);
        expect(prereview.items).toEqual([
          expect.objectContaining({ caseId: moved.case.caseId, status: 'prereview', version: 2 }),
        ]);
        expect(otherDepartment.items).toEqual([]);
      } finally {
        await own.drop();
      }
    });
  });

  describe('Method: listOpenParts', () => {
    it('lists each running part by its own due date, bounded by a date, and drops a part whose clock stops', async () => {
      // Prepare: a bundle whose parts are due on 3, 3 and 4 March; an ID card due on 30 March;
      // one withdrawn; the bundle's tax part asked for 补正 (its clock stops, the others' run on)
      const own = await createTestTable();
      try {
        const soon = newCase(businessService, { now: '2026-03-02T01:00:00.000Z' });
        const late = newCase(idCardService, { now: '2026-03-02T01:00:00.000Z' });
        const closing = newCase(idCardService, { now: '2026-03-03T01:00:00.000Z' });
        for (const r of [late, closing, soon]) await own.repository.createCase(r);
        await own.repository.applyChange(withdrawal(closing, '2026-03-04T01:00:00.000Z'));
        const tax = soon.tasks.find((t) => t.department === 'tax');
        if (!tax) throw new Error('the bundle has a tax part');
        await own.repository.applyChange(
          correctionOf(soon, tax.department, tax.version, '2026-03-02T05:00:00.000Z'),
        );
        const id = soon.case.caseId;

        // Act
        const open = await own.repository.listOpenParts();
        const dueByMarch4 = await own.repository.listOpenParts({ dueOnOrBefore: '2026-03-04' });

        // Assess
        expect(entries(open).sort()).toEqual([
          `2026-03-03:${id}:market-regulation`,
          `2026-03-03:${id}:public-security`,
          `2026-03-30:${late.case.caseId}:public-security`,
        ]);
        expect(soonestFirst(open)).toBe(true);
        expect(entries(dueByMarch4).sort()).toEqual([
          `2026-03-03:${id}:market-regulation`,
          `2026-03-03:${id}:public-security`,
        ]);
      } finally {
        await own.drop();
      }
    });

    it('lists a resubmitted part again under its new due date', async () => {
      // Prepare: the tax part (due 4 March) asked for 补正, then resubmitted on 6 March and re-dated
      const own = await createTestTable();
      try {
        const record = newCase(businessService, { now: '2026-03-02T01:00:00.000Z' });
        await own.repository.createCase(record);
        await own.repository.applyChange(
          correctionOf(record, 'tax', 1, '2026-03-02T05:00:00.000Z'),
        );
        const at = '2026-03-06T01:00:00.000Z';

        // Act
        await own.repository.applyChange({
          caseId: record.case.caseId,
          expectedVersion: 2,
          case: { status: 'submitted', updatedAt: at },
          tasks: [
            {
              department: 'tax',
              expectedVersion: 2,
              set: { status: 'prereview', due: { date: '2026-03-10', kind: 'exact' } },
              remove: ['correction'],
            },
          ],
          timeline: {
            at,
            actor: citizen,
            event: 'resubmit',
            status: 'submitted',
            citizenText: '补正材料已提交。',
          },
        });
        const open = await own.repository.listOpenParts();

        // Assess
        expect(entries(open).filter((e) => e.endsWith(':tax'))).toEqual([
          `2026-03-10:${record.case.caseId}:tax`,
        ]);
      } finally {
        await own.drop();
      }
    });

    it('indexes a part stored without the index key under its current due date once its clock runs', async () => {
      // Prepare: a one-part case whose task has no byDue keys (as stored before parts were indexed)
      const own = await createTestTable();
      try {
        const record = newCase(idCardService, { now: '2026-03-02T01:00:00.000Z' });
        await own.repository.createCase(record);
        const [task] = record.tasks;
        if (!task) throw new Error('one task');
        await own.client.send(
          new UpdateCommand({
            TableName: own.tableName,
            Key: { pk: keys.casePk(record.case.caseId), sk: keys.taskSk(task.department) },
            UpdateExpression: 'REMOVE gsi3pk, gsi3sk',
          }),
        );
        const before = await own.repository.listOpenParts();
        const change = dispatchAll(record, '2026-03-02T03:00:00.000Z');

        // Act
        await own.repository.applyChange({
          ...change,
          tasks: (change.tasks ?? []).map((t) => ({ ...t, currentDue: task.due })),
        });
        const after = await own.repository.listOpenParts();

        // Assess
        expect(entries(before)).toEqual([]);
        expect(entries(after)).toEqual([
          `${task.due.date}:${record.case.caseId}:${task.department}`,
        ]);
      } finally {
        await own.drop();
      }
    });
  });

  describe('Method: indexParts (cases indexed whole before parts were)', () => {
    /**
     * Puts a case back as the store kept it before parts were indexed: the case's byDue sort key
     * always, its partition key while the case's status ran the clock (not at 补正), its parts
     * in no index of due dates.
     */
    async function asIndexedWhole(
      own: Awaited<ReturnType<typeof createTestTable>>,
      record: CaseRecord,
      dueState: 'on_time' | 'due_soon' | 'overdue',
    ) {
      const pk = keys.casePk(record.case.caseId);
      const stored = await own.repository.getCase(record.case.caseId);
      const running = stored?.case.status !== 'correction_requested';
      await own.client.send(
        new UpdateCommand({
          TableName: own.tableName,
          Key: { pk, sk: keys.caseSk },
          UpdateExpression: running
            ? 'SET gsi3pk = :open, gsi3sk = :sk, dueState = :state'
            : 'SET gsi3sk = :sk, dueState = :state',
          ExpressionAttributeValues: {
            ...(running ? { ':open': keys.legacyOpenCasePk } : {}),
            ':sk': keys.dueSk(record.case.due.date, record.case.caseId),
            ':state': dueState,
          },
        }),
      );
      for (const t of record.tasks) {
        await own.client.send(
          new UpdateCommand({
            TableName: own.tableName,
            Key: { pk, sk: keys.taskSk(t.department) },
            UpdateExpression: 'REMOVE gsi3pk, gsi3sk',
          }),
        );
      }
    }

    it('moves a case to its running parts with the flags given, a bundle at 补正 included', async () => {
      // Prepare: a bundle with its tax part waiting on 补正 (so the case was out of the old
      // partition), and a one-part case flagged due soon (in it)
      const own = await createTestTable();
      try {
        const bundle = newCase(businessService, { now: '2026-03-02T01:00:00.000Z' });
        const single = newCase(idCardService, { now: '2026-03-02T01:00:00.000Z' });
        for (const r of [bundle, single]) await own.repository.createCase(r);
        await own.repository.applyChange(
          correctionOf(bundle, 'tax', 1, '2026-03-02T05:00:00.000Z'),
        );
        await asIndexedWhole(own, bundle, 'on_time');
        await asIndexedWhole(own, single, 'due_soon');
        const listed = await own.repository.listLegacyOpenCases();
        const flags = (record: CaseRecord, state: 'due_soon' | 'overdue') =>
          new Map(record.tasks.map((t) => [t.department, state]));

        // Act
        const moved = [];
        for (const record of [
          await own.repository.getCase(bundle.case.caseId),
          await own.repository.getCase(single.case.caseId),
        ]) {
          if (record)
            moved.push(await own.repository.indexParts(record, flags(record, 'due_soon')));
        }

        // Assess
        expect(listed.items).toEqual([single.case.caseId]);
        expect(moved).toEqual([true, true]);
        expect((await own.repository.listLegacyOpenCases()).items).toEqual([]);
        const open = await own.repository.listOpenParts();
        expect(entries(open).sort()).toEqual(
          [
            `2026-03-03:${bundle.case.caseId}:market-regulation`,
            `2026-03-03:${bundle.case.caseId}:public-security`,
            `2026-03-30:${single.case.caseId}:public-security`,
          ].sort(),
        );
        expect(open.items.every((e) => e.dueState === 'due_soon')).toBe(true);
        // Bookkeeping: no version moved, no timeline entry added.
        const after = await own.repository.getCase(single.case.caseId);
        expect(after?.case.version).toBe(1);
        expect(after?.tasks[0]?.version).toBe(1);
        expect(after?.timeline).toHaveLength(1);
        // The part at 补正 has the sort key, and returns under it when its clock runs again.
        const tax = await own.client.send(
          new GetCommand({
            TableName: own.tableName,
            Key: { pk: keys.casePk(bundle.case.caseId), sk: keys.taskSk('tax') },
          }),
        );
        expect(tax.Item).toMatchObject({ gsi3sk: keys.dueSk('2026-03-04', bundle.case.caseId) });
        expect(tax.Item).not.toHaveProperty('gsi3pk');
      } finally {
        await own.drop();
      }
    });

    it('moves nothing twice: a case moved already, or never indexed whole, is left as it is', async () => {
      // Prepare
      const own = await createTestTable();
      try {
        const legacy = newCase(idCardService, { now: '2026-03-02T01:00:00.000Z' });
        const current = newCase(idCardService, { now: '2026-03-02T01:00:00.000Z' });
        for (const r of [legacy, current]) await own.repository.createCase(r);
        await asIndexedWhole(own, legacy, 'on_time');
        await own.repository.indexParts(legacy);

        // Act
        const again = await own.repository.indexParts(legacy);
        const never = await own.repository.indexParts(current);

        // Assess
        expect([again, never]).toEqual([false, false]);
        expect(entries(await own.repository.listOpenParts()).length).toBe(2);
      } finally {
        await own.drop();
      }
    });

    it('refuses to move a case that changed since it was read', async () => {
      // Prepare
      const own = await createTestTable();
      try {
        const record = newCase(idCardService, { now: '2026-03-02T01:00:00.000Z' });
        await own.repository.createCase(record);
        await asIndexedWhole(own, record, 'on_time');
        await own.repository.applyChange(dispatchAll(record, '2026-03-02T03:00:00.000Z'));

        // Act
        const moving = own.repository.indexParts(record);

        // Assess
        await expect(moving).rejects.toBeInstanceOf(VersionConflictError);
        expect((await own.repository.listLegacyOpenCases()).items).toEqual([record.case.caseId]);
      } finally {
        await own.drop();
      }
    });

    it('records once nothing is left to move', async () => {
      // Prepare
      const own = await createTestTable();
      try {
        const before = await own.repository.partsIndexed();

        // Act
        await own.repository.markPartsIndexed('2026-03-02T01:00:00.000Z');

        // Assess
        expect([before, await own.repository.partsIndexed()]).toEqual([false, true]);
      } finally {
        await own.drop();
      }
    });
  });

  describe('Method: applyChange', () => {
    it('applies a change to the case, its tasks and its timeline together', async () => {
      // Prepare
      const record = newCase(businessService);
      await repo.createCase(record);

      // Act
      const version = await repo.applyChange(dispatchAll(record, '2026-03-02T03:00:00.000Z'));
      const read = await repo.getCase(record.case.caseId);

      // Assess
      expect(version).toBe(2);
      expect(read?.case).toMatchObject({ status: 'prereview', version: 2 });
      expect(read?.tasks.every((t) => t.status === 'prereview' && t.version === 2)).toBe(true);
      expect(read?.timeline.map((e) => [e.seq, e.event])).toEqual([
        [1, 'submit'],
        [2, 'dispatch'],
      ]);
    });

    it('leaves the case exactly as recordAfter computes it from the record before', async () => {
      // Prepare: a bundled case dispatched, then a change that sets, removes and keeps versions
      const record = newCase(businessService);
      await repo.createCase(record);
      const dispatched = dispatchAll(record, '2026-03-02T03:00:00.000Z');
      await repo.applyChange(dispatched);
      const before = recordAfter(record, dispatched);
      const [first, second, third] = before.tasks;
      if (!first || !second || !third) throw new Error('a bundled case has three tasks or more');
      const at = '2026-03-03T01:00:00.000Z';
      const change: CaseChange = {
        caseId: record.case.caseId,
        expectedVersion: before.case.version,
        case: { status: 'correction_requested', dueState: undefined, updatedAt: at },
        tasks: [
          {
            department: first.department,
            expectedVersion: first.version,
            set: {
              status: 'correction_requested',
              correction: { reason: '缺少材料', materials: [] },
            },
          },
          {
            department: second.department,
            expectedVersion: second.version,
            set: { status: 'accepted', decision: undefined },
            remove: ['refusal'],
          },
          {
            department: third.department,
            expectedVersion: third.version,
            set: { status: 'prereview', dueState: 'overdue' },
            keepVersionIfStatus: 'prereview',
          },
        ],
        timeline: {
          at,
          actor: { role: 'system', id: 'test' },
          event: 'request_correction',
          status: 'correction_requested',
          citizenText: '请补正材料。',
        },
      };

      // Act
      await repo.applyChange(change);
      const read = await repo.getCase(record.case.caseId);

      // Assess
      expect(read).toEqual(recordAfter(before, change));
      expect(read?.tasks.find((t) => t.department === third.department)?.version).toBe(
        third.version,
      );
    });

    it('refuses, before anything is written, a change whose items a read would refuse', async () => {
      // Prepare: a timeline entry whose text is longer than its schema allows
      const record = newCase(idCardService);
      await repo.createCase(record);
      const change = dispatchAll(record, '2026-03-02T03:00:00.000Z');
      const tooLong = {
        ...change,
        timeline: { ...change.timeline, citizenText: '长'.repeat(1300) },
      };

      // Act
      const act = () => recordAfter(record, tooLong);

      // Assess
      expect(act).toThrow(UnreadableChangeError);
      expect(act).toThrow(/TL#000002 would not match its schema/);
      expect((await repo.getCase(record.case.caseId))?.case.version).toBe(1);
    });

    it('refuses a change made on a stale case version and writes nothing', async () => {
      // Prepare
      const record = newCase(idCardService);
      await repo.createCase(record);
      await repo.applyChange(dispatchAll(record, '2026-03-02T03:00:00.000Z'));

      // Act
      const stale = repo.applyChange(dispatchAll(record, '2026-03-02T04:00:00.000Z'));

      // Assess
      await expect(stale).rejects.toMatchObject({ name: 'VersionConflictError', item: 'case' });
      const read = await repo.getCase(record.case.caseId);
      expect(read?.case.version).toBe(2);
      expect(read?.timeline).toHaveLength(2);
    });

    it('names the task whose version moved on, and changes neither the case nor the other tasks', async () => {
      // Prepare
      const record = newCase(businessService);
      await repo.createCase(record);
      const change = dispatchAll(record, '2026-03-02T03:00:00.000Z');
      const tasks = (change.tasks ?? []).map((t) =>
        t.department === 'tax' ? { ...t, expectedVersion: 7 } : t,
      );

      // Act
      const attempt = repo.applyChange({ ...change, tasks });

      // Assess
      await expect(attempt).rejects.toMatchObject({ name: 'VersionConflictError', item: 'tax' });
      const read = await repo.getCase(record.case.caseId);
      expect(read?.case.version).toBe(1);
      expect(read?.tasks.every((t) => t.status === 'submitted' && t.version === 1)).toBe(true);
    });

    it('reports a change to a case that does not exist as CaseNotFoundError', async () => {
      // Prepare
      const record = newCase(idCardService);

      // Act
      const attempt = repo.applyChange(dispatchAll(record, '2026-03-02T03:00:00.000Z'));

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(CaseNotFoundError);
    });

    it('lets exactly one of 20 concurrent writers of the same version win', async () => {
      // Prepare
      const record = newCase(idCardService);
      await repo.createCase(record);
      await repo.applyChange(dispatchAll(record, '2026-03-02T03:00:00.000Z'));
      const decide = (i: number): CaseChange => ({
        caseId: record.case.caseId,
        expectedVersion: 2,
        case: {
          status: 'accepted',
          updatedAt: `2026-03-02T04:00:${String(i).padStart(2, '0')}.000Z`,
        },
        tasks: [{ department: 'public-security', expectedVersion: 2, set: { status: 'accepted' } }],
        timeline: {
          at: `2026-03-02T04:00:${String(i).padStart(2, '0')}.000Z`,
          actor: { ...officer, id: `officer-${i}` },
          event: 'accept',
          department: 'public-security' as never,
          status: 'accepted',
          citizenText: '您的申请已受理，审批部门正在审查。',
        },
      });

      // Act
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => repo.applyChange(decide(i))),
      );

      // Assess
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const r of lost) expect(r.reason).toBeInstanceOf(VersionConflictError);
      const read = await repo.getCase(record.case.caseId);
      expect(read?.case.version).toBe(3);
      expect(read?.tasks[0]?.version).toBe(3);
      expect(read?.timeline.filter((e) => e.event === 'accept')).toHaveLength(1);
    });
  });

  describe('Design: one partition per case', () => {
    it('keeps the case, its tasks and its timeline in one partition, in that order', async () => {
      // Prepare
      const record = newCase(idCardService);
      await repo.createCase(record);

      // Act: the raw query the repository relies on, to check the key design itself
      const raw = await table.client.send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.casePk(record.case.caseId) },
        }),
      );

      // Assess: case, one task, one timeline entry in one partition, in that order
      expect(raw.Items?.map((i) => i.sk)).toEqual(['CASE', 'TASK#public-security', 'TL#000001']);
    });
  });
});
