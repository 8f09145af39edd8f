import { type DepartmentId, DepartmentIdSchema } from '@jilin/domain';
import { CaseRepository, createApplicantKeyer } from '@jilin/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseService, type OfficerAction } from '../../src';
import {
  application,
  businessStart,
  changchun,
  citizen,
  materialsOf,
  now,
  officer,
  setDay,
  ZHANG,
} from '../support/fixtures';
import { createTestTable, TEST_SECRET } from '../support/table';

// The overdue scan reads every running part of the table: this file has its own, holding one
// 企业开办一件事 filed on Monday 2 March 2026, whose five parts are each due (1 working day) on
// Tuesday 3 March. Its tax part is asked for 补正 the day it is filed.
let table: Awaited<ReturnType<typeof createTestTable>>;
let repo: CaseRepository;
let cases: CaseService;
let caseId: string;

const dept = (id: string): DepartmentId => DepartmentIdSchema.parse(id);
const TAX = dept('tax');
const MARKET = dept('market-regulation');
const zhang = citizen(ZHANG.idNumber);
const shortName = (id: string) => changchun.departments.find((d) => d.id === id)?.shortName;

async function decide(department: DepartmentId, action: OfficerAction, extra = {}) {
  const task = (await repo.getCase(caseId))?.tasks.find((t) => t.department === department);
  if (!task) throw new Error(`no ${department} task in ${caseId}`);
  return cases.decide(officer(department), caseId, department, {
    action,
    expectedVersion: task.version,
    ...extra,
  });
}

const flags = async () =>
  (await cases.getCase(zhang, caseId)).timeline
    .filter((e) => e.event.startsWith('flag_'))
    .map((e) => `${e.event}:${e.department}`);

const partStates = async () =>
  Object.fromEntries(
    (await cases.getCase(zhang, caseId)).tasks.map((t) => [t.department, t.dueState]),
  );

beforeAll(async () => {
  table = await createTestTable();
  repo = table.repository;
  cases = new CaseService({ repository: repo, platform: changchun, now });
  setDay('2026-03-02');
  caseId = (await cases.submit(zhang, application(businessStart))).caseId;
  await decide(TAX, 'request_correction', {
    reason: '财务负责人信息不全',
    materials: ['tax-contacts'],
  });
});
afterAll(() => table.close());

describe('Class: CaseService', () => {
  describe('Method: flagOverdue, a bundled 一件事 with one part waiting on 补正', () => {
    it('warns of every part whose own clock runs, naming each, though the case waits on the applicant', async () => {
      // Prepare: Tuesday 3 March, the parts' due date
      setDay('2026-03-03');

      // Act
      const report = await cases.flagOverdue();

      // Assess: four parts run; the tax part's clock stopped with its 补正 notice
      expect(report).toEqual({ checked: 4, dueSoon: 4, overdue: 0, conflicts: 0 });
      const view = await cases.getCase(zhang, caseId);
      expect(view).toMatchObject({ status: 'correction_requested', dueState: 'due_soon' });
      expect(await partStates()).toEqual({
        'market-regulation': 'due_soon',
        'public-security': 'due_soon',
        tax: 'on_time',
        hrss: 'due_soon',
        'housing-fund': 'due_soon',
      });
      const seal = view.timeline.find(
        (e) => e.event === 'flag_due_soon' && e.department === 'public-security',
      );
      expect(seal).toMatchObject({
        departmentName: shortName('public-security'),
        status: 'correction_requested',
        citizenText: `您的办件中${shortName('public-security')}办理的“公章刻制备案”将于2026-03-03到达承诺办结时限，已提醒${shortName('public-security')}按时办结。`,
      });
    });

    it('flags nothing twice when the index it reads lags behind the table', async () => {
      // Prepare: the same day, read through an index that has not yet seen the flags
      setDay('2026-03-03');
      class LaggingIndex extends CaseRepository {
        override async listOpenParts(page: Parameters<CaseRepository['listOpenParts']>[0]) {
          const read = await super.listOpenParts(page);
          return { ...read, items: read.items.map((e) => ({ ...e, dueState: undefined })) };
        }
      }
      const lagging = new CaseService({
        repository: new LaggingIndex({
          client: table.client,
          tableName: table.tableName,
          applicantKey: createApplicantKeyer(TEST_SECRET),
        }),
        platform: changchun,
        now,
      });
      const before = await flags();

      // Act
      const report = await lagging.flagOverdue();

      // Assess
      expect(report).toEqual({ checked: 4, dueSoon: 0, overdue: 0, conflicts: 0 });
      expect(await flags()).toEqual(before);
    });

    it('flags the running parts overdue the day after, and not the part waiting on 补正', async () => {
      // Prepare: Wednesday 4 March
      setDay('2026-03-04');

      // Act
      const report = await cases.flagOverdue();

      // Assess
      expect(report).toEqual({ checked: 4, dueSoon: 0, overdue: 4, conflicts: 0 });
      expect((await cases.getCase(zhang, caseId)).dueState).toBe('overdue');
      expect((await flags()).filter((f) => f.startsWith('flag_overdue')).sort()).toEqual([
        'flag_overdue:housing-fund',
        'flag_overdue:hrss',
        'flag_overdue:market-regulation',
        'flag_overdue:public-security',
      ]);
      expect((await flags()).some((f) => f.endsWith(':tax'))).toBe(false);
    });

    it('re-dates only the resubmitted part, which the scan then warns of by its own date', async () => {
      // Prepare: the market-regulation part completes late; the applicant resubmits on Thursday
      // 5 March, so the tax part is due (1 working day) on Friday 6 March
      for (const action of ['accept', 'approve', 'complete'] as const) {
        await decide(MARKET, action);
      }
      setDay('2026-03-05');
      await cases.resubmit(zhang, caseId, {
        materials: materialsOf(businessStart, ['tax-contacts']),
      });
      const resubmitted = await cases.getCase(zhang, caseId);
      setDay('2026-03-06');

      // Act
      const report = await cases.flagOverdue();

      // Assess: the case is due when its latest part is; the parts already flagged stay so, the
      // completed one keeps its flag but leaves the scan
      expect(resubmitted.due).toEqual({ date: '2026-03-06', kind: 'exact' });
      expect(resubmitted.dueState).toBe('overdue');
      expect(resubmitted.tasks.find((t) => t.department === TAX)?.due.date).toBe('2026-03-06');
      expect(resubmitted.tasks.find((t) => t.department === 'hrss')?.due.date).toBe('2026-03-03');
      expect(report).toEqual({ checked: 4, dueSoon: 1, overdue: 0, conflicts: 0 });
      expect(await partStates()).toEqual({
        'market-regulation': 'overdue',
        'public-security': 'overdue',
        tax: 'due_soon',
        hrss: 'overdue',
        'housing-fund': 'overdue',
      });
    });

    it('keeps each department’s task version, so a decision quoting it is not made stale by a flag', async () => {
      // Prepare: the hrss part's version as its department last saw it, before the flags
      const task = (await repo.getCase(caseId))?.tasks.find((t) => t.department === 'hrss');

      // Act
      const accepted = await cases.decide(officer('hrss'), caseId, dept('hrss'), {
        action: 'accept',
        expectedVersion: 1,
      });

      // Assess
      expect(task?.version).toBe(1);
      expect(accepted.tasks.find((t) => t.department === 'hrss')?.status).toBe('accepted');
    });

    it('takes a part refused (不予受理) out of the scan, and only that part', async () => {
      // Prepare
      const running = async () =>
        (await repo.listOpenParts()).items
          .filter((e) => e.caseId === caseId)
          .map((e) => e.department)
          .sort();
      const before = await running();

      // Act
      await decide(dept('housing-fund'), 'refuse', { reason: '不属于本部门登记范围' });

      // Assess
      expect(before).toEqual(['housing-fund', 'hrss', 'public-security', 'tax']);
      expect(await running()).toEqual(['hrss', 'public-security', 'tax']);
    });
  });
});
