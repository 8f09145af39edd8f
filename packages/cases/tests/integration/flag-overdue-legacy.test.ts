import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '@jilin/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseService } from '../../src';
import {
  application,
  changchun,
  citizen,
  now,
  setDay,
  socialCard,
  ZHANG,
} from '../support/fixtures';
import { createTestTable } from '../support/table';

// Its own table: one 社会保障卡申领 filed on Monday 2 March 2026, due (5 working days) on Monday
// 9 March, stored as cases were before parts were indexed: the case in byDue's `OPEN` partition,
// already warned of (due_soon), its part not in the index.
let table: Awaited<ReturnType<typeof createTestTable>>;
let cases: CaseService;
let caseId: string;
const zhang = citizen(ZHANG.idNumber);

beforeAll(async () => {
  table = await createTestTable();
  cases = new CaseService({ repository: table.repository, platform: changchun, now });
  setDay('2026-03-02');
  const view = await cases.submit(zhang, application(socialCard));
  caseId = view.caseId;
  const pk = keys.casePk(caseId);
  await table.client.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: { pk, sk: keys.caseSk },
      UpdateExpression: 'SET gsi3pk = :open, gsi3sk = :sk, dueState = :soon',
      ExpressionAttributeValues: {
        ':open': keys.legacyOpenCasePk,
        ':sk': keys.dueSk(view.due.date, caseId),
        ':soon': 'due_soon',
      },
    }),
  );
  await table.client.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: { pk, sk: keys.taskSk('hrss') },
      UpdateExpression: 'REMOVE gsi3pk, gsi3sk',
    }),
  );
});
afterAll(() => table.close());

describe('Class: CaseService', () => {
  describe('Method: flagOverdue, a case indexed whole before parts were', () => {
    it('moves the case to its part, which keeps the warning given, and flags it overdue once past', async () => {
      // Prepare: Friday 6 March, within the warning already given; then Tuesday 10 March, past
      setDay('2026-03-06');

      // Act
      const warned = await cases.flagOverdue();
      setDay('2026-03-10');
      const flagged = await cases.flagOverdue();

      // Assess: not warned a second time; flagged once; the old partition is empty
      expect(warned).toEqual({ checked: 1, dueSoon: 0, overdue: 0, conflicts: 0 });
      expect(flagged).toEqual({ checked: 1, dueSoon: 0, overdue: 1, conflicts: 0 });
      const view = await cases.getCase(zhang, caseId);
      expect(view.dueState).toBe('overdue');
      expect(view.tasks[0]?.dueState).toBe('overdue');
      expect(view.timeline.filter((e) => e.event.startsWith('flag_')).map((e) => e.event)).toEqual([
        'flag_overdue',
      ]);
      expect((await table.repository.listLegacyOpenCases()).items).toEqual([]);
    });
  });
});
