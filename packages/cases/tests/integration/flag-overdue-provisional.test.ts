import { createWorkingCalendar } from '@jilin/domain';
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

// Its own table: the scan reads every open case, and this file's one case has a due date counted
// into 2027, a year this calendar holds unpublished (whatever the shipped data says by then).
const calendar = createWorkingCalendar({ publishedYears: (year) => year <= 2026 });
let table: Awaited<ReturnType<typeof createTestTable>>;
let cases: CaseService;
let caseId: string;
const zhang = citizen(ZHANG.idNumber);

beforeAll(async () => {
  table = await createTestTable();
  cases = new CaseService({ repository: table.repository, platform: changchun, now, calendar });
  // Monday 28 December 2026 + 5 working days, counted Monday to Friday: Monday 4 January 2027
  setDay('2026-12-28');
  caseId = (await cases.submit(zhang, application(socialCard))).caseId;
});
afterAll(() => table.close());

describe('Class: CaseService', () => {
  describe('Method: flagOverdue, a provisional due date', () => {
    it('tells the applicant the date is provisional when it warns and when it flags', async () => {
      // Act
      setDay('2026-12-31');
      const warned = await cases.flagOverdue();
      setDay('2027-01-06');
      const flagged = await cases.flagOverdue();

      // Assess
      expect(warned).toMatchObject({ dueSoon: 1, overdue: 0 });
      expect(flagged).toMatchObject({ dueSoon: 0, overdue: 1 });
      const view = await cases.getCase(zhang, caseId);
      expect(view.due).toEqual({ date: '2027-01-04', kind: 'provisional' });
      expect(
        view.timeline.filter((e) => e.event.startsWith('flag_')).map((e) => e.citizenText),
      ).toEqual([
        '您的办件将于2027-01-04（暂按周末推算，以公布的节假日安排为准）到达承诺办结时限，已提醒办理部门按时办结。',
        '您的办件已超过承诺办结时限（2027-01-04，暂按周末推算，以公布的节假日安排为准），已提醒办理部门尽快办理。',
      ]);
    });
  });
});
