import {
  createWorkingCalendar,
  type DepartmentId,
  DepartmentIdSchema,
  officialCalendar,
} from '@jilin/domain';
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

// Its own table. Two cases filed on Thursday 31 December 2026, while 2027's holidays are not
// published, so their dates are counted Monday to Friday and provisional:
// - `single`, a 社会保障卡申领 (5 working days): Thursday 7 January 2027;
// - `bundle`, a 企业开办一件事 (1 working day a part): Friday 1 January 2027; its tax part is
//   asked for 补正 (its clock stops; its date is counted again when the applicant resubmits).
// The bundle's running parts are warned of on the 31st (due soon, by the provisional date). Then
// 2027 is published with 1 January off (元旦), in a deploy whose catalogue also shortened 社会保障卡
// to 3 days: the dates become 8 and 4 January, exact (the days promised at filing stand).
const before = createWorkingCalendar({ publishedYears: (year) => year <= 2026 });
const weekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
const published = createWorkingCalendar({
  publishedYears: (year) => year <= 2027,
  isWorkday: (date) =>
    date.startsWith('2027-')
      ? date !== '2027-01-01' && !weekend(date)
      : officialCalendar.isWorkingDay(date) === true,
});
let table: Awaited<ReturnType<typeof createTestTable>>;
let filing: CaseService;
let upgraded: CaseService;
let single: string;
let bundle: string;
const zhang = citizen(ZHANG.idNumber);
const TAX: DepartmentId = DepartmentIdSchema.parse('tax');

const redates = async (caseId: string) =>
  (await upgraded.getCase(zhang, caseId)).timeline.filter((e) => e.event === 'redate');

beforeAll(async () => {
  table = await createTestTable();
  const wiring = { repository: table.repository, platform: changchun, now };
  filing = new CaseService({ ...wiring, calendar: before });
  const shortened = structuredClone(changchun);
  for (const s of shortened.services.filter((x) => x.code === socialCard.code)) {
    s.promisedLimitDays = 3;
    for (const p of s.parts) p.promisedLimitDays = 3;
  }
  upgraded = new CaseService({ ...wiring, platform: shortened, calendar: published });
  setDay('2026-12-31');
  single = (await filing.submit(zhang, application(socialCard))).caseId;
  bundle = (await filing.submit(zhang, application(businessStart))).caseId;
  await filing.decide(officer('tax'), bundle, TAX, {
    action: 'request_correction',
    reason: '财务负责人信息不全',
    materials: ['tax-contacts'],
    expectedVersion: 1,
  });
  await filing.flagOverdue();
});
afterAll(() => table.close());

describe('Class: CaseService', () => {
  describe('Method: flagOverdue, once a year’s holidays are published', () => {
    it('counts provisional dates again, tells the applicant the date is fixed, and keeps the departments’ versions', async () => {
      // Prepare
      const stored = await upgraded.getCase(zhang, single);

      // Act
      const report = await upgraded.flagOverdue();

      // Assess
      expect(stored.due).toEqual({ date: '2027-01-07', kind: 'provisional' });
      expect(report.conflicts).toBe(0);
      const one = await upgraded.getCase(zhang, single);
      expect(one.due).toEqual({ date: '2027-01-08', kind: 'exact' });
      expect(one.tasks.map((t) => [t.due, t.version])).toEqual([
        [{ date: '2027-01-08', kind: 'exact' }, 1],
      ]);
      expect(await redates(single)).toEqual([
        expect.objectContaining({
          label: '时限确定',
          actor: { role: 'system' },
          citizenText: '节假日安排已公布，您的办件承诺办结时限已确定为2027-01-08。',
        }),
      ]);
      const parts = Object.fromEntries(
        (await upgraded.getCase(zhang, bundle)).tasks.map((t) => [t.department, t.due]),
      );
      expect(parts).toEqual({
        'market-regulation': { date: '2027-01-04', kind: 'exact' },
        'public-security': { date: '2027-01-04', kind: 'exact' },
        hrss: { date: '2027-01-04', kind: 'exact' },
        'housing-fund': { date: '2027-01-04', kind: 'exact' },
        // waiting on 补正: counted again from the resubmission
        tax: { date: '2027-01-01', kind: 'provisional' },
      });
      expect((await upgraded.getCase(zhang, bundle)).due).toEqual({
        date: '2027-01-04',
        kind: 'exact',
      });
      // warned again by the date that now holds
      const warnings = (await upgraded.getCase(zhang, bundle)).timeline
        .filter((e) => e.event === 'flag_due_soon' && e.department === 'hrss')
        .map((e) => e.citizenText);
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toContain('2027-01-01（暂按周末推算');
      expect(warnings[1]).toContain('将于2027-01-04到达');
      const indexed = (await table.repository.listOpenParts()).items.map(
        (e) => `${e.caseId === single ? 'single' : 'bundle'}:${e.department}:${e.due.date}`,
      );
      expect(indexed.sort()).toEqual([
        'bundle:housing-fund:2027-01-04',
        'bundle:hrss:2027-01-04',
        'bundle:market-regulation:2027-01-04',
        'bundle:public-security:2027-01-04',
        'single:hrss:2027-01-08',
      ]);
    });

    it('does it once: the table records the year, and a later scan counts nothing again', async () => {
      // Act
      setDay('2027-01-02');
      await upgraded.flagOverdue();

      // Assess
      expect(await table.repository.recounted(2027)).toBe(true);
      expect(await redates(single)).toHaveLength(1);
      expect(await redates(bundle)).toHaveLength(1);
      setDay('2026-12-31');
    });
  });
});
