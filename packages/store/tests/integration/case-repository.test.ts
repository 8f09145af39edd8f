import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '@jilin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CaseChange,
  CaseExistsError,
  CaseNotFoundError,
  type CaseRepository,
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

  describe('Method: listOpenByDue', () => {
    it('lists open cases by due date, bounded by a date, and drops a case once it closes', async () => {
      // Prepare
      const own = await createTestTable();
      try {
        const soon = newCase(businessService, { now: '2026-03-02T01:00:00.000Z' }); // due in 3 working days
        const late = newCase(idCardService, { now: '2026-03-02T01:00:00.000Z' }); // due in 20
        const closing = newCase(idCardService, { now: '2026-03-03T01:00:00.000Z' });
        for (const r of [late, closing, soon]) await own.repository.createCase(r);
        await own.repository.applyChange({
          ...dispatchAll(closing, '2026-03-04T01:00:00.000Z'),
          case: {
            status: 'withdrawn',
            outcome: 'withdrawn',
            updatedAt: '2026-03-04T01:00:00.000Z',
          },
          tasks: [
            { department: 'public-security', expectedVersion: 1, set: { status: 'withdrawn' } },
          ],
          timeline: {
            at: '2026-03-04T01:00:00.000Z',
            actor: { role: 'citizen', id: 'sub-citizen-1' },
            event: 'withdraw',
            status: 'withdrawn',
            citizenText: '您已撤回本次申请。',
          },
        });

        // Act
        const open = await own.repository.listOpenByDue();
        const dueByMarch5 = await own.repository.listOpenByDue({
          dueOnOrBefore: soon.case.due.date,
        });

        // Assess
        expect(open.items.map((c) => c.caseId)).toEqual([soon.case.caseId, late.case.caseId]);
        expect(dueByMarch5.items.map((c) => c.caseId)).toEqual([soon.case.caseId]);
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
            set: { status: 'prereview' },
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
