import { type DepartmentId, DepartmentIdSchema, type Service } from '@jilin/domain';
import type { CaseRepository } from '@jilin/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseService } from '../../src';
import {
  admin,
  businessStart,
  changchun,
  citizen,
  fileCompleted,
  now,
  officer,
  setDay,
  socialCard,
  windowStaff,
  ZHANG,
} from '../support/fixtures';
import { createTestTable } from '../support/table';

// Its own table: a department's follow-up list reads across the table. Every case here is filed,
// decided and rated on Monday 2 March 2026; Changchun gives a 差评 10 working days: Monday 16 March.
let table: Awaited<ReturnType<typeof createTestTable>>;
let repo: CaseRepository;
let cases: CaseService;
const zhang = citizen(ZHANG.idNumber);
const HRSS: DepartmentId = DepartmentIdSchema.parse('hrss');
const FINDING = '经核实，窗口未一次性告知所需材料，情况属实';
const RECTIFICATION = '已对相关人员批评教育，并在窗口公示材料清单';

/** A case of the service, every part accepted, approved and completed by its department. */
const completedCase = (service: Service = socialCard): Promise<string> =>
  fileCompleted(cases, repo, zhang, service);

const owed = async (department: string) =>
  (await cases.followUps(officer(department), department, { limit: 100 })).items;

beforeAll(async () => {
  table = await createTestTable();
  repo = table.repository;
  cases = new CaseService({ repository: repo, platform: changchun, now });
  setDay('2026-03-02');
});
afterAll(() => table.close());

describe('Class: CaseService', () => {
  describe('Method: rate, a 差评', () => {
    it('opens a follow-up owed by the answerable department, listed by its due date', async () => {
      // Prepare
      const caseId = await completedCase();

      // Act
      const rated = await cases.rate(zhang, caseId, {
        level: 'very_dissatisfied',
        comment: '材料要求没有一次说清楚',
      });

      // Assess
      expect(rated.rating?.followUp).toEqual({
        department: 'hrss',
        departmentName: changchun.departments.find((d) => d.id === 'hrss')?.shortName,
        due: { date: '2026-03-16', kind: 'exact' },
        state: 'open',
      });
      expect(rated.timeline.at(-1)?.citizenText).toContain('2026-03-16前核实整改');
      expect(await owed('hrss')).toContainEqual(
        expect.objectContaining({ caseId, followUpDue: '2026-03-16', status: 'completed' }),
      );
    });

    it('opens none for a rating that is not a 差评', async () => {
      // Prepare
      const caseId = await completedCase();

      // Act
      const rated = await cases.rate(zhang, caseId, { level: 'basically_satisfied' });

      // Assess
      expect(rated.rating).not.toHaveProperty('followUp');
      expect((await owed('hrss')).map((e) => e.caseId)).not.toContain(caseId);
    });
  });

  describe('Method: followUpRating (差评整改)', () => {
    it('closes the follow-up with what the department found and did, which the applicant reads', async () => {
      // Prepare
      const caseId = await completedCase();
      await cases.rate(zhang, caseId, { level: 'dissatisfied' });

      // Act
      const answered = await cases.followUpRating(officer('hrss'), caseId, {
        finding: FINDING,
        rectification: RECTIFICATION,
      });

      // Assess
      expect(answered.rating?.followUp).toMatchObject({
        state: 'closed',
        finding: FINDING,
        rectification: RECTIFICATION,
        closedAt: '2026-03-02T02:00:00.000Z',
      });
      const seen = await cases.getCase(zhang, caseId);
      expect(seen.timeline.at(-1)).toMatchObject({
        event: 'follow_up',
        label: '差评整改',
        department: 'hrss',
        status: 'completed',
      });
      expect(seen.timeline.at(-1)?.citizenText).toContain(RECTIFICATION);
      expect(seen.status).toBe('completed');
      expect((await owed('hrss')).map((e) => e.caseId)).not.toContain(caseId);
      const stored = await repo.getCase(caseId);
      expect(stored?.case.rating?.followUp?.closedBy).toMatchObject({
        role: 'officer',
        department: 'hrss',
      });
    });

    it('answers both 差评 of a case, the applicant’s and the window’s, at once, listed once', async () => {
      // Prepare
      const caseId = await completedCase();
      await cases.rate(zhang, caseId, { level: 'dissatisfied' });
      await cases.rate(windowStaff(), caseId, { level: 'very_dissatisfied' });
      const listed = (await owed('hrss')).filter((e) => e.caseId === caseId);

      // Act
      const answered = await cases.followUpRating(officer('hrss'), caseId, {
        finding: FINDING,
        rectification: RECTIFICATION,
      });

      // Assess
      expect(listed).toHaveLength(1);
      expect(answered.rating?.followUp?.state).toBe('closed');
      expect(answered.windowRating?.followUp?.state).toBe('closed');
      expect((await owed('hrss')).map((e) => e.caseId)).not.toContain(caseId);
    });

    it('is the answerable department’s alone: another part’s department is refused', async () => {
      // Prepare: 企业开办一件事 is answered for by 市场监管 (its 实施机构)
      const caseId = await completedCase(businessStart);
      await cases.rate(zhang, caseId, { level: 'dissatisfied' });

      // Act
      const [byTax, byCitizen] = await Promise.allSettled([
        cases.followUpRating(officer('tax'), caseId, {
          finding: FINDING,
          rectification: RECTIFICATION,
        }),
        cases.followUpRating(zhang, caseId, { finding: FINDING, rectification: RECTIFICATION }),
      ]);

      // Assess
      expect(byTax).toMatchObject({ status: 'rejected', reason: { code: 'FORBIDDEN' } });
      expect(byCitizen).toMatchObject({ status: 'rejected', reason: { code: 'FORBIDDEN' } });
      expect((await owed('market-regulation')).map((e) => e.caseId)).toContain(caseId);
      expect((await owed('tax')).map((e) => e.caseId)).not.toContain(caseId);
    });

    it('refuses a follow-up a case does not owe, or no longer owes, and one on a stale version', async () => {
      // Prepare
      const unrated = await completedCase();
      const answered = await completedCase();
      await cases.rate(zhang, answered, { level: 'dissatisfied' });
      await cases.followUpRating(officer('hrss'), answered, {
        finding: FINDING,
        rectification: RECTIFICATION,
      });
      const stale = await completedCase();
      const rated = await cases.rate(zhang, stale, { level: 'dissatisfied' });
      const body = { finding: FINDING, rectification: RECTIFICATION };

      // Act
      const [onUnrated, again, onStale] = await Promise.allSettled([
        cases.followUpRating(officer('hrss'), unrated, body),
        cases.followUpRating(officer('hrss'), answered, body),
        cases.followUpRating(officer('hrss'), stale, {
          ...body,
          expectedVersion: rated.version - 1,
        }),
      ]);

      // Assess
      expect(onUnrated).toMatchObject({ reason: { code: 'NO_FOLLOW_UP_OWED' } });
      expect(again).toMatchObject({ reason: { code: 'NO_FOLLOW_UP_OWED' } });
      expect(onStale).toMatchObject({ reason: { code: 'VERSION_CONFLICT' } });
      expect((await cases.getCase(zhang, stale)).version).toBe(rated.version);
    });
  });

  describe('Method: rate and followUpRating, when the catalogue changes the 实施机构', () => {
    /** The platform as a later catalogue has it: the service's 实施机构 is another department. */
    const withLead = (service: Service, lead: string) => {
      const platform = structuredClone(changchun);
      const changed = platform.services.find((s) => s.code === service.code);
      if (changed) changed.department = DepartmentIdSchema.parse(lead);
      return new CaseService({ repository: repo, platform, now });
    };

    it('owes the follow-up to a department with a part in the case, never to one without', async () => {
      // Prepare: 社保卡 later answered for by 税务, which has no part in a case filed before
      const caseId = await completedCase();

      // Act
      const rated = await withLead(socialCard, 'tax').rate(zhang, caseId, {
        level: 'dissatisfied',
      });

      // Assess
      expect(rated.rating?.followUp?.department).toBe('hrss');
      expect((await owed('hrss')).map((e) => e.caseId)).toContain(caseId);
      expect((await owed('tax')).map((e) => e.caseId)).not.toContain(caseId);
    });

    it('lists the case under the earlier follow-up, then under the one another department still owes', async () => {
      // Prepare: the applicant's 差评 online on Monday 2 March (市场监管, due 16 March); the
      // window's on Tuesday 3 March, after the catalogue made 税务 answerable (due 17 March)
      const caseId = await completedCase(businessStart);
      await cases.rate(zhang, caseId, { level: 'dissatisfied' });
      setDay('2026-03-03');
      await withLead(businessStart, 'tax').rate(windowStaff(), caseId, {
        level: 'very_dissatisfied',
      });
      const listed = [...(await owed('market-regulation')), ...(await owed('tax'))].filter(
        (e) => e.caseId === caseId,
      );

      // Act
      const byMarket = await cases.followUpRating(officer('market-regulation'), caseId, {
        finding: FINDING,
        rectification: RECTIFICATION,
      });
      const afterMarket = (await owed('tax')).filter((e) => e.caseId === caseId);
      const byTax = await cases.followUpRating(officer('tax'), caseId, {
        finding: FINDING,
        rectification: RECTIFICATION,
      });

      // Assess
      expect(listed.map((e) => e.followUpDue)).toEqual(['2026-03-16']);
      expect(byMarket.rating?.followUp).toMatchObject({
        department: 'market-regulation',
        state: 'closed',
      });
      expect(byMarket.windowRating?.followUp).toMatchObject({ department: 'tax', state: 'open' });
      expect(afterMarket.map((e) => e.followUpDue)).toEqual(['2026-03-17']);
      expect(byTax.windowRating?.followUp?.state).toBe('closed');
      expect((await owed('tax')).map((e) => e.caseId)).not.toContain(caseId);
      setDay('2026-03-02');
    });
  });

  describe('Method: overdueFollowUps', () => {
    it('counts, per department, the 差评 still owed after their date, and none on the date itself', async () => {
      // Prepare: every follow-up above is due on 16 or 17 March
      const owedNow = [...(await owed('hrss')), ...(await owed('market-regulation'))];
      const departmentOf = new Map<string, string>();
      for (const d of ['hrss', 'market-regulation']) {
        for (const e of await owed(d)) departmentOf.set(e.caseId, d);
      }
      const expected: Record<string, number> = {};
      for (const e of owedNow.filter((x) => x.followUpDue < '2026-03-17')) {
        const d = departmentOf.get(e.caseId) ?? '';
        expected[d] = (expected[d] ?? 0) + 1;
      }

      // Act
      setDay('2026-03-16');
      const onTheDate = await cases.overdueFollowUps();
      setDay('2026-03-17');
      const dayAfter = await cases.overdueFollowUps();
      setDay('2026-03-02');

      // Assess
      expect(onTheDate).toEqual({});
      expect(expected.hrss).toBeGreaterThan(0);
      expect(dayAfter).toEqual(expected);
    });

    it('tells the applicant once that the department is late, and the answer still closes it', async () => {
      // Prepare: a 差评 due 16 March, found late on the 17th, and again on the 18th
      const caseId = await completedCase();
      await cases.rate(zhang, caseId, { level: 'dissatisfied' });

      // Act
      setDay('2026-03-17');
      await cases.overdueFollowUps();
      setDay('2026-03-18');
      await cases.overdueFollowUps();
      const late = await cases.getCase(zhang, caseId);
      const answered = await cases.followUpRating(officer('hrss'), caseId, {
        finding: FINDING,
        rectification: RECTIFICATION,
      });
      setDay('2026-03-02');

      // Assess
      const notes = late.timeline.filter((e) => e.event === 'follow_up_overdue');
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({
        label: '差评整改超期',
        department: 'hrss',
        actor: { role: 'system' },
        status: 'completed',
      });
      expect(notes[0]?.citizenText).toContain('2026-03-16');
      expect(late.rating?.followUp?.state).toBe('overdue');
      expect(answered.rating?.followUp?.state).toBe('closed');
    });
  });

  describe('Method: followUps', () => {
    it('shows a department’s list to its officers and the platform’s admins only', async () => {
      // Act
      const [byAdmin, byOtherDepartment, byCitizen] = await Promise.allSettled([
        cases.followUps(admin(), HRSS, {}),
        cases.followUps(officer('tax'), HRSS, {}),
        cases.followUps(zhang, HRSS, {}),
      ]);

      // Assess
      expect(byAdmin).toMatchObject({ status: 'fulfilled', value: { items: expect.any(Array) } });
      expect(byOtherDepartment).toMatchObject({ reason: { code: 'FORBIDDEN' } });
      expect(byCitizen).toMatchObject({ reason: { code: 'FORBIDDEN' } });
    });
  });
});
