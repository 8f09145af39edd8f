import { type DepartmentId, DepartmentIdSchema } from '@jilin/domain';
import type { CaseRepository } from '@jilin/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseService, type OfficerAction } from '../../src';
import {
  application,
  changchun,
  citizen,
  now,
  officer,
  setDay,
  socialCard,
  ZHANG,
} from '../support/fixtures';
import { createTestTable } from '../support/table';

// The overdue scan reads every open case of the table: this file has its own, holding only the
// three cases below, all filed on Monday 2 March 2026 and due (5 working days) on Monday 9 March.
let table: Awaited<ReturnType<typeof createTestTable>>;
let repo: CaseRepository;
let cases: CaseService;
let open: string;
let completed: string;
let awaitingCorrection: string;

const HRSS: DepartmentId = DepartmentIdSchema.parse('hrss');
const zhang = citizen(ZHANG.idNumber);

async function decide(
  caseId: string,
  action: OfficerAction,
  extra: { reason?: string; materials?: string[] } = {},
) {
  const task = (await repo.getCase(caseId))?.tasks.find((t) => t.department === HRSS);
  if (!task) throw new Error(`no hrss task in ${caseId}`);
  return cases.decide(officer('hrss'), caseId, HRSS, {
    action,
    expectedVersion: task.version,
    ...extra,
  });
}

const flagEvents = async (caseId: string) =>
  (await cases.getCase(zhang, caseId)).timeline.filter((e) => e.event.startsWith('flag_'));

beforeAll(async () => {
  table = await createTestTable();
  repo = table.repository;
  cases = new CaseService({ repository: repo, platform: changchun, now });
  setDay('2026-03-02');
  open = (await cases.submit(zhang, application(socialCard))).caseId;
  completed = (await cases.submit(zhang, application(socialCard))).caseId;
  for (const action of ['accept', 'approve', 'complete'] as const) await decide(completed, action);
  awaitingCorrection = (await cases.submit(zhang, application(socialCard))).caseId;
  await decide(awaitingCorrection, 'request_correction', {
    reason: '照片不清晰',
    materials: ['photo'],
  });
});
afterAll(() => table.close());

describe('Class: CaseService', () => {
  describe('Method: flagOverdue (超期预警)', () => {
    it('warns of an open case one working day before its due date', async () => {
      // Prepare: Friday 6 March; Monday 9 March is the one working day left.
      setDay('2026-03-06');

      // Act
      const report = await cases.flagOverdue();

      // Assess
      expect(report).toEqual({ checked: 1, dueSoon: 1, overdue: 0, conflicts: 0 });
      const view = await cases.getCase(zhang, open);
      expect(view).toMatchObject({
        status: 'submitted',
        dueState: 'due_soon',
        due: { date: '2026-03-09' },
      });
      expect(view.timeline.at(-1)).toMatchObject({
        event: 'flag_due_soon',
        label: '超期预警',
        status: 'submitted',
        actor: { role: 'system' },
        citizenText: '您的办件将于2026-03-09到达承诺办结时限，已提醒办理部门按时办结。',
      });
    });

    it('flags an open case overdue once its due date has passed', async () => {
      // Prepare: Tuesday 10 March, the day after the due date.
      setDay('2026-03-10');

      // Act
      const report = await cases.flagOverdue();

      // Assess
      expect(report).toEqual({ checked: 1, dueSoon: 0, overdue: 1, conflicts: 0 });
      const view = await cases.getCase(zhang, open);
      expect(view).toMatchObject({ status: 'submitted', dueState: 'overdue' });
      expect(view.timeline.at(-1)).toMatchObject({
        event: 'flag_overdue',
        label: '超期',
        citizenText: '您的办件已超过承诺办结时限（2026-03-09），已提醒办理部门尽快办理。',
      });
    });

    it('flags nothing new when run again', async () => {
      // Prepare
      setDay('2026-03-11');
      await cases.flagOverdue();
      const before = await cases.getCase(zhang, open);

      // Act
      const report = await cases.flagOverdue();

      // Assess
      expect(report).toEqual({ checked: 1, dueSoon: 0, overdue: 0, conflicts: 0 });
      const after = await cases.getCase(zhang, open);
      expect(after.version).toBe(before.version);
      expect((await flagEvents(open)).filter((e) => e.event === 'flag_overdue')).toHaveLength(1);
    });

    it('does not flag a completed case, nor one whose clock stopped for 补正', async () => {
      // Prepare
      setDay('2026-03-11');

      // Act
      await cases.flagOverdue();

      // Assess
      expect(await flagEvents(completed)).toEqual([]);
      expect(await flagEvents(awaitingCorrection)).toEqual([]);
      expect((await cases.getCase(zhang, completed)).dueState).toBe('on_time');
      expect((await cases.getCase(zhang, awaitingCorrection)).dueState).toBe('on_time');
    });
  });
});
