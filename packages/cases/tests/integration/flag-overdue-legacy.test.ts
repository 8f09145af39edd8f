import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type DepartmentId, DepartmentIdSchema } from '@jilin/domain';
import { keys } from '@jilin/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseService } from '../../src';
import {
  application,
  businessStart,
  changchun,
  citizen,
  now,
  officer,
  setDay,
  socialCard,
  ZHANG,
} from '../support/fixtures';
import { createTestTable } from '../support/table';

// Its own table, holding three cases filed on Monday 2 March 2026 and stored as cases were before
// parts were indexed (the case in byDue's old partition while its status ran the clock, its
// parts in no index of due dates):
// - `single`, a 社会保障卡申领 due (5 working days) on Monday 9 March, already warned of;
// - `paused`, a 企业开办一件事 whose parts are due on Tuesday 3 March, its tax part asked for
//   补正 (so the case was out of the old partition, though its other four parts ran on);
// - `told`, another 企业开办一件事, already flagged overdue as a whole.
let table: Awaited<ReturnType<typeof createTestTable>>;
let cases: CaseService;
let single: string;
let paused: string;
let told: string;
const zhang = citizen(ZHANG.idNumber);
const TAX: DepartmentId = DepartmentIdSchema.parse('tax');

/** Stores a case's byDue keys as the store kept them before parts were indexed. */
async function asIndexedWhole(caseId: string, dueState: 'on_time' | 'due_soon' | 'overdue') {
  const view = await cases.getCase(zhang, caseId);
  const pk = keys.casePk(caseId);
  const running = view.status !== 'correction_requested';
  await table.client.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: { pk, sk: keys.caseSk },
      UpdateExpression: `SET ${running ? 'gsi3pk = :open, ' : ''}gsi3sk = :sk, dueState = :state`,
      ExpressionAttributeValues: {
        ...(running ? { ':open': keys.legacyOpenCasePk } : {}),
        ':sk': keys.dueSk(view.due.date, caseId),
        ':state': dueState,
      },
    }),
  );
  for (const t of view.tasks) {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { pk, sk: keys.taskSk(t.department) },
        UpdateExpression: 'REMOVE gsi3pk, gsi3sk',
      }),
    );
  }
}

const flagsOf = async (caseId: string) =>
  (await cases.getCase(zhang, caseId)).timeline
    .filter((e) => e.event.startsWith('flag_'))
    .map((e) => `${e.event}:${e.department ?? ''}`);

beforeAll(async () => {
  table = await createTestTable();
  cases = new CaseService({ repository: table.repository, platform: changchun, now });
  setDay('2026-03-02');
  single = (await cases.submit(zhang, application(socialCard))).caseId;
  paused = (await cases.submit(zhang, application(businessStart))).caseId;
  told = (await cases.submit(zhang, application(businessStart))).caseId;
  await cases.decide(officer('tax'), paused, TAX, {
    action: 'request_correction',
    reason: '财务负责人信息不全',
    materials: ['tax-contacts'],
    expectedVersion: 1,
  });
  await asIndexedWhole(single, 'due_soon');
  await asIndexedWhole(paused, 'on_time');
  await asIndexedWhole(told, 'overdue');
});
afterAll(() => table.close());

describe('Class: CaseService', () => {
  describe('Method: flagOverdue, cases indexed whole before parts were', () => {
    it('moves nothing when given no time to, and flags what is indexed all the same', async () => {
      // Prepare: Wednesday 4 March
      setDay('2026-03-04');

      // Act
      const report = await cases.flagOverdue({ moveForMs: 0 });

      // Assess
      expect(report).toEqual({ checked: 0, dueSoon: 0, overdue: 0, conflicts: 0 });
      expect([...(await table.repository.listLegacyOpenCases()).items].sort()).toEqual(
        [single, told].sort(),
      );
      expect(await table.repository.partsIndexed()).toBe(false);
    });

    it('moves every case to its parts, a bundle at 补正 included, and tells the applicant only what is new', async () => {
      // Prepare
      setDay('2026-03-04');

      // Act
      const report = await cases.flagOverdue();

      // Assess: `single` was warned of already; `paused`'s four running parts are overdue and
      // nobody was told; `told` was told, so its parts are not flagged again
      expect(report).toEqual({ checked: 10, dueSoon: 0, overdue: 4, conflicts: 0 });
      expect(await flagsOf(single)).toEqual([]);
      expect((await flagsOf(paused)).sort()).toEqual([
        'flag_overdue:housing-fund',
        'flag_overdue:hrss',
        'flag_overdue:market-regulation',
        'flag_overdue:public-security',
      ]);
      expect(await flagsOf(told)).toEqual([]);
      const parts = (await cases.getCase(zhang, told)).tasks.map((t) => t.dueState);
      expect(parts).toEqual(['overdue', 'overdue', 'overdue', 'overdue', 'overdue']);
      expect((await cases.getCase(zhang, paused)).dueState).toBe('overdue');
      expect((await table.repository.listLegacyOpenCases()).items).toEqual([]);
      expect(await table.repository.partsIndexed()).toBe(true);
    });

    it('flags the one-part case once past its date, as one flag, not a second warning', async () => {
      // Prepare: Tuesday 10 March
      setDay('2026-03-10');

      // Act
      const report = await cases.flagOverdue();

      // Assess
      expect(report).toMatchObject({ dueSoon: 0, overdue: 1, conflicts: 0 });
      expect(await flagsOf(single)).toEqual(['flag_overdue:']);
      const view = await cases.getCase(zhang, single);
      expect([view.dueState, view.tasks[0]?.dueState]).toEqual(['overdue', 'overdue']);
    });
  });
});
