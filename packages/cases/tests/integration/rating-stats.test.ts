import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Service } from '@jilin/domain';
import { type CaseRepository, keys } from '@jilin/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessDeniedError, CaseService, InvalidPeriodError } from '../../src';
import {
  admin,
  businessStart,
  changchun,
  citizen,
  clock,
  fileCompleted,
  now,
  officer,
  setDay,
  socialCard,
  windowStaff,
  ZHANG,
} from '../support/fixtures';
import { createTestTable } from '../support/table';

// Its own table: the statistics are one item a department and month, which every rating here
// adds to. Cases are filed, decided and rated in March 2026 unless a test moves the clock;
// Changchun gives a 差评 10 working days.
let table: Awaited<ReturnType<typeof createTestTable>>;
let repo: CaseRepository;
let cases: CaseService;
const zhang = citizen(ZHANG.idNumber);
const HRSS = 'hrss';

/** A case of the service, every part accepted, approved and completed by its department. */
const completedCase = (service: Service = socialCard): Promise<string> =>
  fileCompleted(cases, repo, zhang, service);

const month = async (department: string, m: string) => {
  const stats = await cases.ratingStats(admin(), department, { from: m, to: m });
  const [only] = stats.months;
  if (!only) throw new Error('no month');
  return only;
};

beforeAll(async () => {
  table = await createTestTable();
  repo = table.repository;
  cases = new CaseService({ repository: repo, platform: changchun, now });
});
afterAll(() => table.close());

describe('Class: CaseService', () => {
  describe('Method: ratingStats (好差评 statistics)', () => {
    it('counts each rating, online and at the window, for the answerable department in its month', async () => {
      // Prepare: two cases of 人社's 社保卡 in January 2026
      setDay('2026-01-12');
      const first = await completedCase();
      const second = await completedCase();

      // Act
      await cases.rate(zhang, first, { level: 'very_satisfied' });
      await cases.rate(windowStaff(), first, { level: 'satisfied' });
      await cases.rate(zhang, second, { level: 'dissatisfied' });

      // Assess
      const january = await month(HRSS, '2026-01');
      expect(january).toEqual({
        month: '2026-01',
        total: 3,
        levels: {
          very_satisfied: 1,
          satisfied: 1,
          basically_satisfied: 0,
          dissatisfied: 1,
          very_dissatisfied: 0,
        },
        channels: { online: 2, window: 1 },
        satisfactionRate: 0.6667,
        negative: 1,
        followUps: { owed: 1, closed: 0, closedOnTime: 0, open: 1, closedRate: 0 },
      });
      const rated = await repo.getCase(first as never);
      expect(rated?.case.rating?.countedFor).toBe(HRSS);
    });

    it('counts a 差评 answered in a later month in the month it was given, and whether in time', async () => {
      // Prepare: two 差评 on Monday 30 March 2026, due in April
      setDay('2026-03-30');
      const inTime = await completedCase();
      const late = await completedCase();
      const rated = await cases.rate(zhang, inTime, { level: 'very_dissatisfied' });
      await cases.rate(zhang, late, { level: 'dissatisfied' });
      const due = rated.rating?.followUp?.due.date ?? '';
      expect(due.slice(0, 7)).toBe('2026-04');
      const answer = { finding: '情况属实', rectification: '已整改' };

      const aprilClosed = (await month(HRSS, '2026-04')).followUps.closed;

      // Act: one on its date, one the day after
      setDay(due);
      await cases.followUpRating(officer(HRSS), inTime, answer);
      clock.current = new Date(clock.current.getTime() + 86_400_000);
      await cases.followUpRating(officer(HRSS), late, answer);

      // Assess
      expect((await month(HRSS, '2026-03')).followUps).toEqual({
        owed: 2,
        closed: 2,
        closedOnTime: 1,
        open: 0,
        closedRate: 1,
      });
      expect((await month(HRSS, '2026-04')).followUps.closed).toBe(aprilClosed);
    });

    it('counts both 差评 of a case, answered at once, in one item of their month', async () => {
      // Prepare
      setDay('2026-06-15');
      const caseId = await completedCase();
      await cases.rate(zhang, caseId, { level: 'dissatisfied' });
      const before = (await month(HRSS, '2026-06')).followUps;
      await cases.rate(windowStaff(), caseId, { level: 'very_dissatisfied' });

      // Act
      await cases.followUpRating(officer(HRSS), caseId, { finding: '属实', rectification: '已改' });

      // Assess
      expect((await month(HRSS, '2026-06')).followUps).toMatchObject({
        owed: before.owed + 1,
        closed: before.closed + 2,
        closedOnTime: before.closedOnTime + 2,
      });
    });

    it('counts the month in Beijing time: 00:30 on 1 May is May, not April', async () => {
      // Prepare
      setDay('2026-04-30');
      const caseId = await completedCase();
      const april = (await month(HRSS, '2026-04')).total;
      clock.current = new Date('2026-04-30T16:30:00.000Z');

      // Act
      await cases.rate(zhang, caseId, { level: 'basically_satisfied' });

      // Assess
      expect((await month(HRSS, '2026-05')).levels.basically_satisfied).toBe(1);
      expect((await month(HRSS, '2026-04')).total).toBe(april);
    });

    it('counts a bundled 一件事 once, for its 实施机构, not for every department with a part', async () => {
      // Prepare
      setDay('2026-06-08');
      const caseId = await completedCase(businessStart);
      const departments = businessStart.parts.map((p) => p.department);
      const totals = async () =>
        Promise.all(departments.map(async (d) => (await month(d, '2026-06')).total));
      const before = await totals();

      // Act
      await cases.rate(zhang, caseId, { level: 'satisfied' });

      // Assess
      const after = await totals();
      expect(departments.filter((_, i) => after[i] !== before[i])).toEqual([
        businessStart.department,
      ]);
      expect(after[departments.indexOf(businessStart.department)]).toBe(
        (before[departments.indexOf(businessStart.department)] ?? 0) + 1,
      );
    });

    it('counts every one of many ratings given at once, on the one item of their month', async () => {
      // Prepare
      setDay('2026-07-06');
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push(await completedCase());

      // Act
      const rated = await Promise.allSettled(
        ids.map((id, i) =>
          cases.rate(zhang, id, { level: i % 4 === 0 ? 'dissatisfied' : 'satisfied' }),
        ),
      );

      // Assess
      expect(rated.filter((r) => r.status === 'rejected')).toEqual([]);
      const july = await month(HRSS, '2026-07');
      expect(july).toMatchObject({ total: 12, negative: 3, channels: { online: 12, window: 0 } });
      expect(july.levels.satisfied).toBe(9);
    });

    it('leaves out a 差评 given before the statistics were kept, and its answer', async () => {
      // Prepare: a 差评 stored as it was before ratings were counted (no countedFor)
      setDay('2026-08-03');
      const caseId = await completedCase();
      await cases.rate(zhang, caseId, { level: 'dissatisfied' });
      const before = await month(HRSS, '2026-08');
      await table.client.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: { pk: keys.casePk(caseId), sk: keys.caseSk },
          UpdateExpression: 'REMOVE rating.countedFor',
        }),
      );

      // Act
      await cases.followUpRating(officer(HRSS), caseId, { finding: '属实', rectification: '已改' });

      // Assess
      expect((await month(HRSS, '2026-08')).followUps).toEqual(before.followUps);
    });

    it('does not call an answer late by a date still provisional (its year’s holidays unpublished)', async () => {
      // Prepare: a 差评 on Monday 21 December 2026, due in 2027, whose calendar is not published
      setDay('2026-12-21');
      const caseId = await completedCase();
      const rated = await cases.rate(zhang, caseId, { level: 'dissatisfied' });
      const due = rated.rating?.followUp?.due;
      expect(due?.kind).toBe('provisional');

      // Act: answered the day after that date
      setDay(due?.date ?? '');
      clock.current = new Date(clock.current.getTime() + 86_400_000);
      await cases.followUpRating(officer(HRSS), caseId, { finding: '属实', rectification: '已改' });

      // Assess
      expect((await month(HRSS, '2026-12')).followUps).toMatchObject({
        owed: 1,
        closed: 1,
        closedOnTime: 1,
      });
    });

    it('shows the 12 months to this one by default, months without ratings as zeros, and the period’s total', async () => {
      // Prepare: September 2026 has one rating, no other test rates in it or before 2026
      setDay('2026-09-14');
      await cases.rate(zhang, await completedCase(), { level: 'very_satisfied' });

      // Act
      const stats = await cases.ratingStats(officer(HRSS), HRSS, {});

      // Assess
      expect(stats).toMatchObject({
        department: HRSS,
        departmentName: changchun.departments.find((d) => d.id === HRSS)?.name,
        from: '2025-10',
        to: '2026-09',
      });
      expect(stats.months.map((m) => m.month)).toEqual([
        '2025-10',
        '2025-11',
        '2025-12',
        ...['01', '02', '03', '04', '05', '06', '07', '08', '09'].map((m) => `2026-${m}`),
      ]);
      expect(stats.months[0]).toMatchObject({ total: 0, satisfactionRate: null });
      expect(stats.months.at(-1)).toMatchObject({ total: 1, levels: { very_satisfied: 1 } });
      for (const counter of ['total', 'negative'] as const) {
        expect(stats.total[counter]).toBe(stats.months.reduce((n, m) => n + m[counter], 0));
      }
      expect(stats.total.followUps.closed).toBe(
        stats.months.reduce((n, m) => n + m.followUps.closed, 0),
      );
    });

    it('refuses a period that ends before it starts or spans more than 24 months', async () => {
      // Act
      const refused = await Promise.allSettled([
        cases.ratingStats(admin(), HRSS, { from: '2026-05', to: '2026-04' }),
        cases.ratingStats(admin(), HRSS, { from: '2024-01', to: '2026-01' }),
        cases.ratingStats(admin(), HRSS, { from: '2023-01' }),
        // without its end, a period ends this month (the clock's, 2026), so it cannot start later
        cases.ratingStats(admin(), HRSS, { from: '2099-01' }),
      ]);
      const allowed = await cases.ratingStats(admin(), HRSS, { from: '2024-02', to: '2026-01' });

      // Assess
      for (const r of refused) {
        expect(r.status === 'rejected' && r.reason).toBeInstanceOf(InvalidPeriodError);
      }
      expect(allowed.months).toHaveLength(24);
    });

    it('shows a department’s statistics to its officers and the platform’s admins only', async () => {
      // Act
      const refused = await Promise.allSettled([
        cases.ratingStats(officer('tax'), HRSS, {}),
        cases.ratingStats(zhang, HRSS, {}),
        cases.ratingStats(windowStaff(), HRSS, {}),
        cases.ratingStats(admin('siping'), HRSS, {}),
        cases.ratingStats(officer(HRSS, 'siping'), HRSS, {}),
        cases.ratingStats(admin(), 'no-such-department', {}),
      ]);

      // Assess
      for (const r of refused) {
        expect(r.status === 'rejected' && r.reason).toBeInstanceOf(AccessDeniedError);
      }
    });
  });

  describe('Method: ratingOverview', () => {
    it('shows every department of the platform for a month, with the platform’s total', async () => {
      // Prepare: October 2026 has one rating, for 人社
      setDay('2026-10-12');
      await cases.rate(zhang, await completedCase(), { level: 'satisfied' });

      // Act
      const overview = await cases.ratingOverview(admin(), { month: '2026-10' });

      // Assess
      expect(overview.month).toBe('2026-10');
      expect(overview.departments.map((d) => d.department)).toEqual(
        changchun.departments.map((d) => d.id),
      );
      for (const d of overview.departments) {
        expect(d.total).toBe(d.department === HRSS ? 1 : 0);
      }
      expect(overview.departments.find((d) => d.department === HRSS)).toMatchObject({
        departmentName: changchun.departments.find((d) => d.id === HRSS)?.name,
        levels: { satisfied: 1 },
        satisfactionRate: 1,
      });
      expect(overview.total.total).toBe(1);
    });

    it('is this month’s by default, and the platform’s admins’ alone', async () => {
      // Prepare
      setDay('2026-10-20');

      // Act
      const overview = await cases.ratingOverview(admin(), {});
      const refused = await Promise.allSettled([
        cases.ratingOverview(officer(HRSS), {}),
        cases.ratingOverview(admin('siping'), {}),
        cases.ratingOverview(windowStaff(), {}),
        cases.ratingOverview(zhang, {}),
      ]);

      // Assess
      expect(overview).toEqual(await cases.ratingOverview(admin(), { month: '2026-10' }));
      for (const r of refused) {
        expect(r.status === 'rejected' && r.reason).toBeInstanceOf(AccessDeniedError);
      }
    });
  });
});
