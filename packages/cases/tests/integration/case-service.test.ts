import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  createWorkingCalendar,
  type DepartmentId,
  DepartmentIdSchema,
  DomainError,
  IllegalTransitionError,
  InvalidApplicationError,
  STATUS_TEXT,
  type SuppliedMaterial,
} from '@jilin/domain';
import { getPlatform, type Principal } from '@jilin/platform';
import { CaseNotFoundError, type CaseRepository } from '@jilin/store';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  AlreadyRatedError,
  CaseService,
  type CaseView,
  CorrectionNotAllowedError,
  type DecisionInput,
  NotRateableError,
  type OfficerAction,
  ReasonRequiredError,
  StaleTaskError,
} from '../../src';
import {
  admin,
  application,
  businessStart,
  changchun,
  citizen,
  citizenId,
  clinicRegistration,
  clock,
  LI,
  materialsOf,
  now,
  officer,
  setDay,
  socialCard,
  windowStaff,
  ZHANG,
} from '../support/fixtures';
import { createTestTable } from '../support/table';

let table: Awaited<ReturnType<typeof createTestTable>>;
let repo: CaseRepository;
let cases: CaseService;

beforeAll(async () => {
  table = await createTestTable();
  repo = table.repository;
  cases = new CaseService({ repository: repo, platform: changchun, now });
});
afterAll(() => table.close());
// Monday 2 March 2026, 10:00 in Changchun, unless a test moves the clock.
beforeEach(() => setDay('2026-03-02'));

const first = <T>(items: readonly T[]): T => {
  const [item] = items;
  if (item === undefined) throw new Error('expected at least one item');
  return item;
};

/** 人社, the one department of 社会保障卡申领. */
const HRSS: DepartmentId = first(socialCard.parts).department;
/** 市场监管, 公安, 税务, 人社, 公积金: the departments of 企业开办一件事. */
const BUSINESS_DEPARTMENTS: readonly DepartmentId[] = businessStart.parts.map((p) => p.department);
const TAX = DepartmentIdSchema.parse('tax');
const MARKET = DepartmentIdSchema.parse('market-regulation');
const zhang = citizen(ZHANG.idNumber);

/** A case filed online by 张三 for himself. */
const submitOwn = (service = socialCard) => cases.submit(zhang, application(service));

/** The task of a department as stored now. */
async function storedTask(caseId: string, department: string) {
  const task = (await repo.getCase(caseId))?.tasks.find((t) => t.department === department);
  if (!task) throw new Error(`no task of ${department} in ${caseId}`);
  return task;
}

/** Makes a stored item look as an earlier version wrote it: the given fields removed or set. */
async function rewriteStored(
  caseId: string,
  sk: string,
  change: { readonly remove?: readonly string[]; readonly set?: Record<string, unknown> },
) {
  const set = Object.entries(change.set ?? {});
  const parts = [
    ...(set.length > 0 ? [`SET ${set.map((_, i) => `#s${i} = :s${i}`).join(', ')}`] : []),
    ...(change.remove?.length
      ? [`REMOVE ${change.remove.map((_, i) => `#r${i}`).join(', ')}`]
      : []),
  ];
  await table.client.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: { pk: `CASE#${caseId}`, sk },
      UpdateExpression: parts.join(' '),
      ExpressionAttributeNames: Object.fromEntries([
        ...set.map(([k], i) => [`#s${i}`, k]),
        ...(change.remove ?? []).map((k, i) => [`#r${i}`, k]),
      ]),
      ...(set.length > 0
        ? { ExpressionAttributeValues: Object.fromEntries(set.map(([, v], i) => [`:s${i}`, v])) }
        : {}),
    }),
  );
}

/** An officer of the department decides on the task as it stands now (the version they read). */
async function decideAs(
  caseId: string,
  department: DepartmentId,
  action: OfficerAction,
  input: Partial<Omit<DecisionInput, 'action'>> = {},
): Promise<CaseView> {
  const { version } = await storedTask(caseId, department);
  return cases.decide(officer(department), caseId, department, {
    action,
    expectedVersion: version,
    ...input,
  });
}

/** Accept, approve, complete: one department's part from 申报 to 办结. */
async function completePart(caseId: string, department: DepartmentId): Promise<CaseView> {
  await decideAs(caseId, department, 'accept');
  await decideAs(caseId, department, 'approve');
  return decideAs(caseId, department, 'complete');
}

/** A 社会保障卡申领 case of 张三 waiting on his 补正 of both materials. */
async function caseAwaitingCorrection(): Promise<CaseView> {
  const submitted = await submitOwn();
  return decideAs(submitted.caseId, HRSS, 'request_correction', {
    reason: '照片不符合要求，身份证件已过期',
    materials: ['id-card', 'photo'],
  });
}

const taskOf = (view: CaseView, department: string) =>
  view.tasks.find((t) => t.department === department);

describe('Class: CaseService (DynamoDB Local, real Changchun catalogue)', () => {
  it(`uses ${socialCard.code} ${socialCard.name} (single) and ${businessStart.code} ${businessStart.name} (bundled)`, () => {
    // Assess
    expect(socialCard.parts).toHaveLength(1);
    expect(HRSS).toBe('hrss');
    expect([...BUSINESS_DEPARTMENTS].sort()).toEqual([
      'housing-fund',
      'hrss',
      'market-regulation',
      'public-security',
      'tax',
    ]);
  });

  describe('Method: submit', () => {
    it('keeps the form numbers at the edges of what the schema accepts exactly as sent', async () => {
      // Prepare: the largest and smallest magnitudes ApplicationSchema lets through
      const form = {
        largest: 2 ** 53 - 1,
        mostNegative: -(2 ** 53 - 1),
        smallest: 1e-130,
        smallestNegative: -1e-130,
        fraction: 0.1 + 0.2,
        zero: 0,
      };

      // Act
      const view = await cases.submit(zhang, application(socialCard, ZHANG, { form }));

      // Assess
      expect((await repo.getCase(view.caseId))?.case.form).toEqual(form);
    });

    it('files a citizen’s own application online: one task per department, first timeline entry, due dates in working days', async () => {
      // Prepare
      const app = application(businessStart);

      // Act
      const view = await cases.submit(zhang, app);

      // Assess
      expect(view.caseId).toMatch(/^220100-20260302-[0-9A-Z]{8}$/);
      expect(view).toMatchObject({
        serviceCode: businessStart.code,
        channel: 'online',
        status: 'submitted',
        outcome: 'pending',
        version: 1,
        submittedAt: '2026-03-02T02:00:00.000Z',
        // Every part of 企业开办 promises 1 working day: Tuesday 3 March.
        due: { date: '2026-03-03', kind: 'exact' },
        dueState: 'on_time',
        applicant: { kind: 'natural', ...ZHANG, masked: false },
      });
      expect(view.tasks.map((t) => t.department).sort()).toEqual([...BUSINESS_DEPARTMENTS].sort());
      for (const task of view.tasks) {
        expect(task).toMatchObject({
          status: 'submitted',
          version: 1,
          due: { date: '2026-03-03', kind: 'exact' },
        });
      }
      expect(view.timeline).toEqual([
        {
          seq: 1,
          at: '2026-03-02T02:00:00.000Z',
          event: 'submit',
          label: '申报',
          status: 'submitted',
          citizenText: STATUS_TEXT.submitted.citizenZh,
          actor: { role: 'citizen' },
        },
      ]);
      const stored = await repo.getCase(view.caseId);
      expect(stored?.case.filedBy).toEqual({ role: 'citizen', id: zhang.sub });
    });

    it('counts a single department’s 承诺时限 on the official calendar (filed before 清明, due after it)', async () => {
      // Prepare: Friday 3 April 2026; 4-6 April are off, so 5 working days end on Monday 13 April.
      setDay('2026-04-03');

      // Act
      const view = await submitOwn(socialCard);

      // Assess
      expect(view.tasks).toHaveLength(1);
      expect(taskOf(view, HRSS)?.due).toEqual({ date: '2026-04-13', kind: 'exact' });
      expect(view.due).toEqual({ date: '2026-04-13', kind: 'exact' });
    });

    it('refuses a citizen filing for someone else and writes nothing', async () => {
      // Prepare
      const someoneElse = {
        idNumber: citizenId('22010419850615002'),
        name: '王五',
        phone: '13700001111',
      };

      // Act
      const attempt = cases.submit(zhang, application(socialCard, someoneElse));

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(attempt).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect((await repo.listByApplicant(someoneElse.idNumber)).items).toEqual([]);
    });

    it('files at the window for any applicant, on the window channel', async () => {
      // Prepare
      const staff = windowStaff('changchun');

      // Act
      const view = await cases.submit(staff, application(socialCard, LI));

      // Assess
      expect(view.channel).toBe('window');
      expect(view.applicant).toMatchObject({ idNumber: '220102********1235', masked: true });
      expect(first(view.timeline)).toMatchObject({
        event: 'submit',
        actor: { role: 'window' },
        citizenText: `综合受理窗口已代为提交您的“${socialCard.name}”申请。`,
      });
      const stored = await repo.getCase(view.caseId);
      expect(stored?.case.filedBy).toEqual({ role: 'window', id: staff.sub, platform: '220100' });
    });

    it('refuses window staff of another city filing on this platform', async () => {
      // Act
      const attempt = cases.submit(windowStaff('siping'), application(socialCard, LI));

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(AccessDeniedError);
    });

    it.each([
      ['a code no platform has', '220100-XX-9999'],
      ['a Siping service', first(getPlatform('siping').services).code],
    ])('rejects %s as UNKNOWN_SERVICE', async (_, code) => {
      // Act
      const attempt = cases.submit(zhang, application(socialCard, ZHANG, { serviceCode: code }));

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(InvalidApplicationError);
      await expect(attempt).rejects.toMatchObject({ code: 'UNKNOWN_SERVICE', subject: [code] });
    });

    it('rejects an application without a required material as MISSING_MATERIAL, naming it', async () => {
      // Prepare
      const app = application(socialCard, ZHANG, {
        materials: materialsOf(socialCard, ['id-card']),
      });

      // Act
      const attempt = cases.submit(zhang, app);

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(InvalidApplicationError);
      await expect(attempt).rejects.toMatchObject({ code: 'MISSING_MATERIAL', subject: ['photo'] });
    });

    it(`rejects a person applying for ${clinicRegistration.name} (organisations only) as WRONG_APPLICANT_TYPE`, async () => {
      // Act
      const attempt = cases.submit(zhang, application(clinicRegistration));

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(InvalidApplicationError);
      await expect(attempt).rejects.toMatchObject({ code: 'WRONG_APPLICANT_TYPE' });
    });
  });

  describe('Method: getCase', () => {
    const MASKED = {
      kind: 'natural',
      idNumber: '110105********002X',
      name: '张*',
      phone: '138****8000',
      masked: true,
    };

    it('shows the owner their own data in full, with the form', async () => {
      // Prepare
      const { caseId } = await submitOwn();

      // Act
      const view = await cases.getCase(zhang, caseId);

      // Assess
      expect(view.applicant).toEqual({ kind: 'natural', ...ZHANG, masked: false });
      expect(view.form).toEqual({ contactAddress: '长春市南关区人民大街1号', employed: true });
    });

    it.each<[string, Principal, boolean]>([
      ['an officer of the routed department, with the form', officer('hrss'), true],
      ['window staff of the city, without the form', windowStaff('changchun'), false],
      ['an admin of the city, without the form', admin('changchun'), false],
    ])('shows %s the applicant masked', async (_, principal, withForm) => {
      // Prepare
      const { caseId } = await submitOwn();

      // Act
      const view = await cases.getCase(principal, caseId);

      // Assess
      expect(view.caseId).toBe(caseId);
      expect(view.applicant).toEqual(MASKED);
      expect('form' in view).toBe(withForm);
      expect(JSON.stringify(view)).not.toContain(ZHANG.idNumber);
      expect(JSON.stringify(view)).not.toContain(ZHANG.phone);
    });

    it.each<[string, Principal]>([
      ['another citizen', citizen(LI.idNumber)],
      ['an officer of a department the case is not routed to', officer('tax')],
      ['an officer of the routed department in another city', officer('hrss', 'siping')],
      ['window staff of another city', windowStaff('siping')],
      ['an admin of another city', admin('siping')],
    ])('answers %s as if the case did not exist', async (_, principal) => {
      // Prepare
      const { caseId } = await submitOwn();

      // Act
      const attempt = cases.getCase(principal, caseId);

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(CaseNotFoundError);
      await expect(attempt).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
    });
  });

  describe('Method: decide, rate, deliver (single department)', () => {
    it('takes a task still at 申报 through 预审 when the officer accepts, then 准予 and 办结 complete the case', async () => {
      // Prepare: no dispatcher runs, so the task is still at 申报.
      const { caseId } = await submitOwn();
      const before = await storedTask(caseId, HRSS);

      // Act
      const accepted = await cases.decide(officer('hrss'), caseId, HRSS, {
        action: 'accept',
        expectedVersion: 1,
      });
      const approved = await cases.decide(officer('hrss'), caseId, HRSS, {
        action: 'approve',
        expectedVersion: 2,
      });
      const completed = await cases.decide(officer('hrss'), caseId, HRSS, {
        action: 'complete',
        expectedVersion: 3,
      });

      // Assess
      expect(before).toMatchObject({ status: 'submitted', version: 1 });
      expect(accepted).toMatchObject({ status: 'accepted', outcome: 'pending' });
      expect(taskOf(accepted, HRSS)).toMatchObject({ status: 'accepted', version: 2 });
      expect(approved).toMatchObject({ status: 'approved', outcome: 'approved' });
      expect(completed).toMatchObject({
        status: 'completed',
        outcome: 'approved',
        waitingOn: 'window',
      });
      expect(taskOf(completed, HRSS)).toMatchObject({
        status: 'completed',
        version: 4,
        decision: { outcome: 'approved', at: '2026-03-02T02:00:00.000Z' },
      });
      // 预审 was passed through inside the accept: one entry, no separate dispatch.
      expect(completed.timeline.map((e) => e.event)).toEqual([
        'submit',
        'accept',
        'approve',
        'complete',
      ]);
      expect(completed.timeline[1]?.actor).toEqual({ role: 'officer', department: 'hrss' });
    });

    it('refuses a rating before the case completes', async () => {
      // Prepare
      const { caseId } = await submitOwn();

      // Act
      const attempt = cases.rate(zhang, caseId, { level: 'satisfied' });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(NotRateableError);
    });

    it('stores one rating per case (一事一评) and refuses a second', async () => {
      // Prepare
      const { caseId } = await submitOwn();
      await completePart(caseId, HRSS);

      // Act
      const rated = await cases.rate(zhang, caseId, { level: 'satisfied', comment: '办理很快' });
      const again = cases.rate(zhang, caseId, { level: 'very_dissatisfied' });

      // Assess
      await expect(again).rejects.toBeInstanceOf(AlreadyRatedError);
      await expect(again).rejects.toMatchObject({ code: 'ALREADY_RATED' });
      expect(rated.status).toBe('completed');
      expect(rated.rating).toEqual({
        level: 'satisfied',
        label: '满意',
        comment: '办理很快',
        at: '2026-03-02T02:00:00.000Z',
      });
      expect((await repo.getCase(caseId))?.case.rating).toMatchObject({
        level: 'satisfied',
        channel: 'online',
      });
    });

    it('keeps a rating given at the window apart: it never takes the applicant’s own online rating (一事一评, 一次一评)', async () => {
      // Prepare
      const { caseId } = await submitOwn();
      await completePart(caseId, HRSS);
      const window = windowStaff('changchun');

      // Act
      await cases.rate(window, caseId, { level: 'very_satisfied' });
      const own = await cases.rate(zhang, caseId, {
        level: 'very_dissatisfied',
        comment: '等了很久',
      });
      const againAtWindow = cases.rate(window, caseId, { level: 'satisfied' });

      // Assess
      await expect(againAtWindow).rejects.toBeInstanceOf(AlreadyRatedError);
      await expect(againAtWindow).rejects.toMatchObject({
        code: 'ALREADY_RATED',
        messageZh: '该办件已在窗口评价，每次窗口服务只能评价一次',
      });
      expect(own.rating).toMatchObject({
        level: 'very_dissatisfied',
        label: '非常不满意',
        comment: '等了很久',
        at: '2026-03-02T02:00:00.000Z',
        followUp: { department: 'hrss', state: 'open' },
      });
      expect(own.windowRating).toMatchObject({ level: 'very_satisfied', label: '非常满意' });
      const stored = (await repo.getCase(caseId))?.case;
      expect(stored?.rating).toMatchObject({ level: 'very_dissatisfied', channel: 'online' });
      expect(stored?.windowRating).toMatchObject({ level: 'very_satisfied', channel: 'window' });
    });

    it('reads a window rating stored as `rating` before the two were kept apart as the window’s, and lets the applicant rate', async () => {
      // Prepare: the case as an earlier version left it, its window rating in `rating`
      const { caseId } = await submitOwn();
      await completePart(caseId, HRSS);
      const stored = await repo.getCase(caseId);
      if (!stored) throw new Error('no case');
      const legacy = {
        level: 'satisfied',
        at: '2026-03-02T01:00:00.000Z',
        channel: 'window',
      } as const;
      await repo.applyChange({
        caseId: stored.case.caseId,
        expectedVersion: stored.case.version,
        case: { rating: legacy, updatedAt: '2026-03-02T01:00:00.000Z' },
        timeline: {
          at: '2026-03-02T01:00:00.000Z',
          actor: { role: 'window', id: 'window-1' },
          event: 'rate',
          status: 'completed',
          citizenText: '感谢您的评价。',
        },
      });

      // Act
      const before = await cases.getCase(zhang, caseId);
      const own = await cases.rate(zhang, caseId, { level: 'basically_satisfied' });

      // Assess
      expect(before.rating).toBeUndefined();
      expect(before.windowRating).toMatchObject({ level: 'satisfied' });
      expect(own.rating).toMatchObject({ level: 'basically_satisfied' });
      expect(own.windowRating).toMatchObject({ level: 'satisfied' });
      const after = (await repo.getCase(caseId))?.case;
      expect(after?.rating).toMatchObject({ level: 'basically_satisfied', channel: 'online' });
      expect(after?.windowRating).toEqual(legacy);
    });

    it('delivers the result at the window and keeps every step in order, in the applicant’s words', async () => {
      // Prepare
      const { caseId } = await submitOwn();
      await completePart(caseId, HRSS);
      await cases.rate(zhang, caseId, { level: 'satisfied' });

      // Act
      const delivered = await cases.deliver(windowStaff('changchun'), caseId);

      // Assess
      expect(delivered).toMatchObject({
        status: 'delivered',
        outcome: 'approved',
        waitingOn: 'nobody',
      });
      expect(taskOf(delivered, HRSS)?.status).toBe('delivered');
      const timeline = (await cases.getCase(zhang, caseId)).timeline;
      expect(timeline.map((e) => [e.seq, e.event, e.status, e.citizenText])).toEqual([
        [1, 'submit', 'submitted', STATUS_TEXT.submitted.citizenZh],
        [2, 'accept', 'accepted', '人社：您的申请已受理，正在审查。'],
        [3, 'approve', 'approved', '人社：您的申请已审批通过。'],
        [4, 'complete', 'completed', '人社：已办结。'],
        [5, 'rate', 'completed', '感谢您的评价。'],
        [6, 'deliver', 'delivered', STATUS_TEXT.delivered.citizenZh],
      ]);
    });

    it('lets only the window deliver', async () => {
      // Prepare
      const { caseId } = await submitOwn();
      await completePart(caseId, HRSS);

      // Act
      const attempt = cases.deliver(zhang, caseId);

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(AccessDeniedError);
    });
  });

  describe('Method: decide (bundled 企业开办一件事)', () => {
    it('completes the case only when the last department has completed its part', async () => {
      // Prepare
      const { caseId } = await submitOwn(businessStart);
      const statuses: string[] = [];

      // Act
      let view: CaseView | undefined;
      for (const department of BUSINESS_DEPARTMENTS) {
        view = await completePart(caseId, department);
        statuses.push(view.status);
      }

      // Assess
      // The case stands where its least advanced part is: 申报 until the last part moves.
      expect(statuses).toEqual(['submitted', 'submitted', 'submitted', 'submitted', 'completed']);
      expect(view).toMatchObject({ status: 'completed', outcome: 'approved', notices: [] });
      expect(view?.tasks.every((t) => t.status === 'completed')).toBe(true);
      expect(view?.timeline.filter((e) => e.event === 'complete').map((e) => e.department)).toEqual(
        BUSINESS_DEPARTMENTS,
      );
    });

    it('lets every department decide at the same time (each on its own part)', async () => {
      // Prepare
      const { caseId } = await submitOwn(businessStart);

      // Act
      await Promise.all(BUSINESS_DEPARTMENTS.map((d) => decideAs(caseId, d, 'accept')));
      await Promise.all(BUSINESS_DEPARTMENTS.map((d) => decideAs(caseId, d, 'approve')));
      const views = await Promise.all(
        BUSINESS_DEPARTMENTS.map((d) => decideAs(caseId, d, 'complete')),
      );

      // Assess
      expect(views.length).toBe(BUSINESS_DEPARTMENTS.length);
      const view = await cases.getCase(zhang, caseId);
      expect(view).toMatchObject({ status: 'completed', outcome: 'approved', version: 16 });
      expect(view.timeline.map((e) => e.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    });

    it('tells the applicant which department denied its part and why (partially approved)', async () => {
      // Prepare
      const { caseId } = await submitOwn(businessStart);
      for (const department of BUSINESS_DEPARTMENTS.filter((d) => d !== TAX)) {
        await completePart(caseId, department);
      }
      await decideAs(caseId, TAX, 'accept');

      // Act
      const denied = await decideAs(caseId, TAX, 'deny', {
        reason: '经营范围涉及前置许可，未提供许可文件',
      });
      const view = await decideAs(caseId, TAX, 'complete');

      // Assess
      // The headline never says "approved" for a case one part of which was turned down.
      expect(denied).toMatchObject({
        status: 'approved',
        statusLabel: '部分准予',
        outcome: 'partially_approved',
      });
      expect(denied.citizenText).toBe(
        '您的申请部分事项已审批通过，正在办结；未获批准或不予受理的事项及原因见办件记录。',
      );
      expect(view).toMatchObject({ status: 'completed', outcome: 'partially_approved' });
      expect(view.citizenText).toBe(
        '您的办件已办结，等待出件送达；部分事项未获批准或不予受理，原因见办件记录。',
      );
      expect(view.notices).toEqual([
        {
          department: 'tax',
          departmentName: '税务',
          kind: 'denied',
          reason: '经营范围涉及前置许可，未提供许可文件',
        },
      ]);
      expect(taskOf(view, TAX)?.decision).toMatchObject({
        outcome: 'denied',
        reason: '经营范围涉及前置许可，未提供许可文件',
      });
      expect(view.timeline.find((e) => e.event === 'deny')?.citizenText).toBe(
        '税务：您的申请未获批准。原因：经营范围涉及前置许可，未提供许可文件',
      );
    });
  });

  describe('Method: decide request_correction, resubmit (补正)', () => {
    it('refuses a 补正 notice that lists no materials', async () => {
      // Prepare
      const { caseId } = await submitOwn();

      // Act
      const attempt = decideAs(caseId, HRSS, 'request_correction', { reason: '材料不全' });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(ReasonRequiredError);
      await expect(attempt).rejects.toMatchObject({ code: 'MATERIALS_REQUIRED' });
      expect(await storedTask(caseId, HRSS)).toMatchObject({ status: 'submitted', version: 1 });
    });

    it('refuses a notice naming a material of another department’s part, and changes nothing', async () => {
      // Prepare: 税务 decides on the tax contacts only; the articles are 市场监管's
      const { caseId } = await submitOwn(businessStart);
      const before = await repo.getCase(caseId);

      // Act
      const attempt = decideAs(caseId, TAX, 'request_correction', {
        reason: '公司章程不完整',
        materials: ['tax-contacts', 'articles'],
      });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(InvalidApplicationError);
      await expect(attempt).rejects.toMatchObject({
        code: 'UNKNOWN_MATERIAL',
        subject: ['articles'],
        messageZh: '补正材料不属于本部门办理所需的申请材料',
      });
      expect(await repo.getCase(caseId)).toEqual(before);
    });

    it('puts the case on the applicant with a notice listing the materials', async () => {
      // Prepare
      const { caseId } = await submitOwn();

      // Act
      const view = await decideAs(caseId, HRSS, 'request_correction', {
        reason: '照片不符合要求',
        materials: ['photo'],
      });

      // Assess
      expect(view).toMatchObject({ status: 'correction_requested', waitingOn: 'applicant' });
      expect(view.notices).toEqual([
        {
          department: 'hrss',
          departmentName: '人社',
          kind: 'correction',
          reason: '照片不符合要求',
          materials: ['photo'],
        },
      ]);
      expect(taskOf(view, HRSS)).toMatchObject({
        status: 'correction_requested',
        correction: { reason: '照片不符合要求', materials: ['photo'] },
      });
    });

    it('refuses a resubmission that misses a material of the notice', async () => {
      // Prepare
      const { caseId } = await caseAwaitingCorrection();

      // Act
      const attempt = cases.resubmit(zhang, caseId, {
        materials: materialsOf(socialCard, ['photo']),
      });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(InvalidApplicationError);
      await expect(attempt).rejects.toMatchObject({
        code: 'MISSING_MATERIAL',
        subject: ['id-card'],
      });
      expect((await storedTask(caseId, HRSS)).status).toBe('correction_requested');
    });

    it.each<{ when: string; materials: () => SuppliedMaterial[]; code: string; subject: string[] }>(
      [
        {
          when: 'supplies a material twice',
          materials: () => [...materialsOf(socialCard), ...materialsOf(socialCard, ['photo'])],
          code: 'DUPLICATE_MATERIAL',
          subject: ['photo'],
        },
        {
          when: 'supplies a material the service does not ask for',
          materials: () =>
            [
              ...materialsOf(socialCard),
              { ...materialsOf(socialCard, ['photo'])[0], materialId: 'business-licence' },
            ] as SuppliedMaterial[],
          code: 'UNKNOWN_MATERIAL',
          subject: ['business-licence'],
        },
        {
          when: 'claims level A for a file uploaded online',
          materials: () =>
            materialsOf(socialCard).map((m) =>
              m.materialId === 'photo' ? { ...m, trustLevel: 'A' as const } : m,
            ),
          code: 'TRUST_LEVEL_TOO_HIGH',
          subject: ['photo'],
        },
      ],
    )(
      'refuses a resubmission that $when, as a submission would, and changes nothing',
      async ({ materials, code, subject }) => {
        // Prepare
        const { caseId } = await caseAwaitingCorrection();
        const before = await repo.getCase(caseId);

        // Act
        const attempt = cases.resubmit(zhang, caseId, { materials: materials() });

        // Assess
        await expect(attempt).rejects.toBeInstanceOf(InvalidApplicationError);
        await expect(attempt).rejects.toMatchObject({ code, subject });
        expect(await repo.getCase(caseId)).toEqual(before);
      },
    );

    it('takes a 补正 notice up to the 5th working day after receipt, and refuses it after: the application counts as accepted (行政许可法 §32)', async () => {
      // Prepare: two cases filed on Monday 2 March; the 5th working day after is Monday 9 March
      const onTime = await submitOwn();
      const late = await submitOwn();

      // Act
      setDay('2026-03-09');
      const noticed = await decideAs(onTime.caseId, HRSS, 'request_correction', {
        reason: '照片不符合要求',
        materials: ['photo'],
      });
      setDay('2026-03-10');
      const before = await repo.getCase(late.caseId);
      const attempt = decideAs(late.caseId, HRSS, 'request_correction', {
        reason: '照片不符合要求',
        materials: ['photo'],
      });

      // Assess
      expect(noticed.status).toBe('correction_requested');
      await expect(attempt).rejects.toBeInstanceOf(CorrectionNotAllowedError);
      await expect(attempt).rejects.toMatchObject({
        code: 'CORRECTION_TOO_LATE',
        messageZh:
          '补正告知应在收到申请材料之日起5个工作日内（2026-03-09前）一次性作出，逾期视为受理，请直接受理或作出其他决定',
      });
      expect(await repo.getCase(late.caseId)).toEqual(before);
      // the officer can still accept it, as the law deems it accepted
      expect((await decideAs(late.caseId, HRSS, 'accept')).status).toBe('accepted');
    });

    it('does not let a late notice take an overdue case off the overdue list', async () => {
      // Prepare: 5 working days promised from Monday 2 March (due Monday 9 March); the scan on
      // Thursday 12 March flags it overdue.
      const { caseId } = await submitOwn();
      setDay('2026-03-12');
      await cases.flagOverdue();

      // Act
      const attempt = decideAs(caseId, HRSS, 'request_correction', {
        reason: '照片不符合要求',
        materials: ['photo'],
      });

      // Assess
      await expect(attempt).rejects.toMatchObject({ code: 'CORRECTION_TOO_LATE' });
      expect((await repo.getCase(caseId))?.case).toMatchObject({
        dueState: 'overdue',
        due: { date: '2026-03-09' },
      });
    });

    it('counts the 5 working days again from a resubmission, for a notice on what still falls short', async () => {
      // Prepare: notice on Monday 2 March, resubmission on Wednesday 11 March
      const { caseId } = await caseAwaitingCorrection();
      setDay('2026-03-11');
      await cases.resubmit(zhang, caseId, { materials: materialsOf(socialCard) });

      // Act: Wednesday 18 March is the 5th working day after the resubmission
      setDay('2026-03-18');
      const again = await decideAs(caseId, HRSS, 'request_correction', {
        reason: '重新提交的照片仍不符合要求',
        materials: ['photo'],
      });

      // Assess
      expect(again.status).toBe('correction_requested');
      expect(taskOf(again, HRSS)?.correction).toEqual({
        reason: '重新提交的照片仍不符合要求',
        materials: ['photo'],
      });
      expect((await storedTask(caseId, HRSS)).receivedAt).toBe('2026-03-11T02:00:00.000Z');
    });

    it('refuses a notice on the 6th working day after a resubmission', async () => {
      // Prepare: resubmitted on Wednesday 11 March; the 5th working day after is Wednesday 18
      const { caseId } = await caseAwaitingCorrection();
      setDay('2026-03-11');
      await cases.resubmit(zhang, caseId, { materials: materialsOf(socialCard) });

      // Act
      setDay('2026-03-19');
      const attempt = decideAs(caseId, HRSS, 'request_correction', {
        reason: '照片仍不符合要求',
        materials: ['photo'],
      });

      // Assess
      await expect(attempt).rejects.toMatchObject({
        code: 'CORRECTION_TOO_LATE',
        messageZh: expect.stringContaining('2026-03-18前'),
      });
    });

    it('counts the 5 working days from the China date of receipt, not the UTC one', async () => {
      // Prepare: filed at 00:30 on Tuesday 3 March in Changchun, still Monday 2 March in UTC;
      // the 5th working day after Tuesday 3 March is Tuesday 10 March
      clock.current = new Date('2026-03-02T16:30:00.000Z');
      const { caseId } = await submitOwn();

      // Act
      setDay('2026-03-10');
      const noticed = await decideAs(caseId, HRSS, 'request_correction', {
        reason: '照片不符合要求',
        materials: ['photo'],
      });

      // Assess
      expect(noticed.status).toBe('correction_requested');
    });

    it('counts the window of a part stored before `receivedAt` was kept from its timeline, and takes its notice list as named', async () => {
      // Prepare: a notice on Monday 2 March, the resubmission on Wednesday 11 March; then the
      // part is made to look as an earlier version stored it (no receivedAt, no noticed)
      const { caseId } = await submitOwn();
      await decideAs(caseId, HRSS, 'request_correction', {
        reason: '照片不符合要求',
        materials: ['photo'],
      });
      const stored = await repo.getCase(caseId);
      await rewriteStored(caseId, `TASK#${HRSS}`, { remove: ['receivedAt', 'noticed'] });
      setDay('2026-03-11');
      await cases.resubmit(zhang, caseId, { materials: materialsOf(socialCard, ['photo']) });
      await rewriteStored(caseId, `TASK#${HRSS}`, { remove: ['receivedAt'] });

      // Act: Wednesday 18 March is the 5th working day after the resubmission
      setDay('2026-03-18');
      const other = await decideAs(caseId, HRSS, 'request_correction', {
        reason: '身份证件已过期',
        materials: ['id-card'],
      }).catch((error: unknown) => error);
      const again = await decideAs(caseId, HRSS, 'request_correction', {
        reason: '照片仍不符合要求',
        materials: ['photo'],
      });

      // Assess
      expect(stored?.tasks[0]?.noticed).toEqual(['photo']);
      expect(other).toMatchObject({ code: 'CORRECTION_NOT_ONE_TIME' });
      expect(again.status).toBe('correction_requested');
      expect((await storedTask(caseId, HRSS)).receivedAt).toBeUndefined();
    });

    it('counts a stored-before part’s window from the resubmission after its latest notice, not its first', async () => {
      // Prepare: notices on 2 and 5 March, resubmissions on 3 and 12 March; then receivedAt is
      // removed, as an earlier version stored the part
      const { caseId } = await submitOwn();
      const photo = { reason: '照片不符合要求', materials: ['photo'] };
      await decideAs(caseId, HRSS, 'request_correction', photo);
      setDay('2026-03-03');
      await cases.resubmit(zhang, caseId, { materials: materialsOf(socialCard, ['photo']) });
      setDay('2026-03-05');
      await decideAs(caseId, HRSS, 'request_correction', photo);
      setDay('2026-03-12');
      await cases.resubmit(zhang, caseId, { materials: materialsOf(socialCard, ['photo']) });
      await rewriteStored(caseId, `TASK#${HRSS}`, { remove: ['receivedAt'] });

      // Act: Thursday 19 March is the 5th working day after 12 March (after 3 March: 10 March)
      setDay('2026-03-19');
      const view = await decideAs(caseId, HRSS, 'request_correction', photo);

      // Assess
      expect(view.status).toBe('correction_requested');
    });

    it('counts a stored-before part’s window from its own department’s notices, not another part’s', async () => {
      // Prepare: 税务's notice on 2 March, answered on 3 March; 人社's on 5 March, answered on
      // 12 March; then 税务's receivedAt is removed, as an earlier version stored the part
      const { caseId } = await submitOwn(businessStart);
      await decideAs(caseId, TAX, 'request_correction', {
        reason: '办税人员信息不全',
        materials: ['tax-contacts'],
      });
      setDay('2026-03-03');
      await cases.resubmit(zhang, caseId, {
        materials: materialsOf(businessStart, ['tax-contacts']),
      });
      setDay('2026-03-05');
      await decideAs(caseId, HRSS, 'request_correction', {
        reason: '参保职工名单不全',
        materials: ['insured-staff'],
      });
      setDay('2026-03-12');
      await cases.resubmit(zhang, caseId, {
        materials: materialsOf(businessStart, ['insured-staff']),
      });
      await rewriteStored(caseId, `TASK#${TAX}`, { remove: ['receivedAt'] });

      // Act: 税务's window closed on Tuesday 10 March (5 working days after 3 March)
      const attempt = decideAs(caseId, TAX, 'request_correction', {
        reason: '办税人员信息仍不全',
        materials: ['tax-contacts'],
      });

      // Assess
      await expect(attempt).rejects.toMatchObject({
        code: 'CORRECTION_TOO_LATE',
        messageZh: expect.stringContaining('2026-03-10前'),
      });
    });

    it('takes a notice whose 5 working days run into a year whose holidays are not published', async () => {
      // Prepare: a service whose calendar holds 2027 unpublished; filed on Wednesday 30 December
      // 2026, 5 working days counted Monday to Friday end on Wednesday 6 January 2027
      const unpublished = new CaseService({
        repository: repo,
        platform: changchun,
        now,
        calendar: createWorkingCalendar({ publishedYears: (year) => year <= 2026 }),
      });
      setDay('2026-12-30');
      const { caseId } = await unpublished.submit(zhang, application(socialCard));
      const { version } = await storedTask(caseId, HRSS);

      // Act: Friday 8 January 2027, past the provisional date
      setDay('2027-01-08');
      const view = await unpublished.decide(officer(HRSS), caseId, HRSS, {
        action: 'request_correction',
        reason: '照片不符合要求',
        materials: ['photo'],
        expectedVersion: version,
      });

      // Assess: taken, not refused on a date that is a guess
      expect(view.status).toBe('correction_requested');
    });

    it('refuses a second notice naming a material no earlier notice named (一次性告知), and changes nothing', async () => {
      // Prepare: the first notice named the photo only; the applicant sent it again
      const { caseId } = await submitOwn();
      await decideAs(caseId, HRSS, 'request_correction', {
        reason: '照片不符合要求',
        materials: ['photo'],
      });
      await cases.resubmit(zhang, caseId, { materials: materialsOf(socialCard, ['photo']) });
      const before = await repo.getCase(caseId);

      // Act
      const attempt = decideAs(caseId, HRSS, 'request_correction', {
        reason: '身份证件已过期',
        materials: ['photo', 'id-card'],
      });

      // Assess
      await expect(attempt).rejects.toMatchObject({
        code: 'CORRECTION_NOT_ONE_TIME',
        messageZh: '补正须一次性告知：再次补正只能针对此前告知过的材料',
      });
      expect(await repo.getCase(caseId)).toEqual(before);
    });

    it('refuses a resubmission carrying a material of a part not waiting on the 补正, and changes nothing', async () => {
      // Prepare: 税务 asks for its tax contacts again; the articles are 市场监管's, deciding
      const { caseId } = await submitOwn(businessStart);
      await decideAs(caseId, TAX, 'request_correction', {
        reason: '办税人员信息不全',
        materials: ['tax-contacts'],
      });
      const before = await repo.getCase(caseId);

      // Act
      const attempt = cases.resubmit(zhang, caseId, {
        materials: materialsOf(businessStart, ['tax-contacts', 'articles']),
      });

      // Assess
      await expect(attempt).rejects.toMatchObject({
        code: 'UNKNOWN_MATERIAL',
        subject: ['articles'],
        messageZh: '补正材料不属于待补正部门办理所需的申请材料',
      });
      expect(await repo.getCase(caseId)).toEqual(before);
    });

    it('takes, in one resubmission, the materials of every part waiting on a 补正', async () => {
      // Prepare: 税务 and 人社 both wait on the applicant
      const { caseId } = await submitOwn(businessStart);
      await decideAs(caseId, TAX, 'request_correction', {
        reason: '办税人员信息不全',
        materials: ['tax-contacts'],
      });
      await decideAs(caseId, HRSS, 'request_correction', {
        reason: '参保职工名单不全',
        materials: ['insured-staff'],
      });

      // Act
      const view = await cases.resubmit(zhang, caseId, {
        materials: materialsOf(businessStart, ['tax-contacts', 'insured-staff']),
      });

      // Assess
      expect(taskOf(view, TAX)?.status).toBe('prereview');
      expect(taskOf(view, HRSS)?.status).toBe('prereview');
    });

    it('takes a resubmission of what a notice stored before notices were held to their part named', async () => {
      // Prepare: 税务's notice as an earlier version could store it, naming 市场监管's articles
      const { caseId } = await submitOwn(businessStart);
      await decideAs(caseId, TAX, 'request_correction', {
        reason: '办税人员信息不全',
        materials: ['tax-contacts'],
      });
      await rewriteStored(caseId, `TASK#${TAX}`, {
        set: {
          correction: { reason: '办税人员信息及章程不全', materials: ['tax-contacts', 'articles'] },
        },
        remove: ['noticed'],
      });

      // Act
      const view = await cases.resubmit(zhang, caseId, {
        materials: materialsOf(businessStart, ['tax-contacts', 'articles']),
      });

      // Assess
      expect(taskOf(view, TAX)?.status).toBe('prereview');
      expect((await storedTask(caseId, TAX)).noticed).toEqual(['tax-contacts', 'articles']);
    });

    it('checks trust levels on resubmission even for a service no longer in the catalogue', async () => {
      // Prepare: the case's service has since left the catalogue
      const { caseId } = await caseAwaitingCorrection();
      await rewriteStored(caseId, 'CASE', { set: { serviceCode: '220100-RS-9999' } });
      const overclaimed = materialsOf(socialCard).map((m) =>
        m.materialId === 'photo' ? { ...m, trustLevel: 'A' as const } : m,
      );

      // Act
      const attempt = cases.resubmit(zhang, caseId, { materials: overclaimed });

      // Assess
      await expect(attempt).rejects.toMatchObject({
        code: 'TRUST_LEVEL_TOO_HIGH',
        subject: ['photo'],
      });
    });

    it('takes level B for a file handed in at the window on resubmission, and refuses A', async () => {
      // Prepare
      const window = windowStaff('changchun');
      const asB = materialsOf(socialCard).map((m) =>
        m.materialId === 'photo' ? { ...m, trustLevel: 'B' as const } : m,
      );
      const asA = asB.map((m) =>
        m.materialId === 'photo' ? { ...m, trustLevel: 'A' as const } : m,
      );
      const refused = (await caseAwaitingCorrection()).caseId;
      const taken = (await caseAwaitingCorrection()).caseId;

      // Act
      const refusal = await cases
        .resubmit(window, refused, { materials: asA })
        .catch((error: unknown) => error);
      const view = await cases.resubmit(window, taken, { materials: asB });

      // Assess
      expect(refusal).toMatchObject({
        code: 'TRUST_LEVEL_TOO_HIGH',
        subject: ['photo'],
        messageZh: '材料可信等级与来源不符：窗口收取并核验原件的材料最高为B级，A级仅限电子证照',
      });
      expect(view.status).toBe('prereview');
      expect(view.materials).toContainEqual({ materialId: 'photo', trustLevel: 'B' });
    });

    it('returns the task to 预审 on resubmission and counts the limits again from that day; then the officer accepts', async () => {
      // Prepare: the notice on Monday 2 March; the applicant comes back on Thursday 5 March.
      const { caseId } = await caseAwaitingCorrection();
      setDay('2026-03-05');
      const supplied = materialsOf(socialCard).map((m) =>
        m.source.kind === 'upload'
          ? { ...m, source: { kind: 'upload' as const, objectKey: 'uploads/photo-v2.jpg' } }
          : m,
      );

      // Act
      const resubmitted = await cases.resubmit(zhang, caseId, { materials: supplied });
      const accepted = await decideAs(caseId, HRSS, 'accept');

      // Assess
      expect(resubmitted).toMatchObject({
        status: 'prereview',
        waitingOn: 'department',
        notices: [],
        // 5 working days from Thursday 5 March: Thursday 12 March (was Monday 9 March).
        due: { date: '2026-03-12', kind: 'exact' },
        dueState: 'on_time',
      });
      const task = taskOf(resubmitted, HRSS);
      expect(task).toMatchObject({
        status: 'prereview',
        version: 3,
        due: { date: '2026-03-12', kind: 'exact' },
      });
      expect(task && 'correction' in task).toBe(false);
      expect((await storedTask(caseId, HRSS)).correction).toBeUndefined();
      expect((await repo.getCase(caseId))?.case.materials).toEqual(supplied);
      expect(resubmitted.timeline.at(-1)).toMatchObject({ event: 'resubmit', status: 'prereview' });
      expect(accepted).toMatchObject({ status: 'accepted' });
      expect(taskOf(accepted, HRSS)).toMatchObject({ status: 'accepted', version: 4 });
    });
  });

  describe('Method: withdraw', () => {
    it('withdraws every part of a case before any decision', async () => {
      // Prepare: one department has accepted already; no part is decided.
      const { caseId } = await submitOwn(businessStart);
      await decideAs(caseId, MARKET, 'accept');

      // Act
      const view = await cases.withdraw(zhang, caseId, { reason: '信息填写有误，重新申报' });

      // Assess
      expect(view).toMatchObject({
        status: 'withdrawn',
        outcome: 'withdrawn',
        waitingOn: 'nobody',
      });
      expect(view.tasks.map((t) => t.status)).toEqual(BUSINESS_DEPARTMENTS.map(() => 'withdrawn'));
      expect(view.timeline.at(-1)).toMatchObject({
        event: 'withdraw',
        reason: '信息填写有误，重新申报',
        citizenText: STATUS_TEXT.withdrawn.citizenZh,
      });
    });

    it('refuses to withdraw a case a department has approved', async () => {
      // Prepare
      const { caseId } = await submitOwn();
      await decideAs(caseId, HRSS, 'accept');
      await decideAs(caseId, HRSS, 'approve');

      // Act
      const attempt = cases.withdraw(zhang, caseId, {});

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(IllegalTransitionError);
      await expect(attempt).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
      expect((await storedTask(caseId, HRSS)).status).toBe('approved');
    });

    it('does not let an officer withdraw for the applicant (a 403 domain error)', async () => {
      // Prepare
      const { caseId } = await submitOwn();

      // Act
      const attempt = cases.withdraw(officer('hrss'), caseId, {});

      // Assess: the officer may read the case, so it is a refusal, not "not found".
      await expect(attempt).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(attempt).rejects.toBeInstanceOf(DomainError);
      await expect(attempt).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect((await storedTask(caseId, HRSS)).status).toBe('submitted');
    });
  });

  describe('Method: decide refuse (不予受理)', () => {
    it.each([
      ['no reason', undefined],
      ['a blank reason', '   '],
    ])('needs a reason: refuses %s', async (_, reason) => {
      // Prepare
      const { caseId } = await submitOwn();

      // Act
      const attempt = decideAs(caseId, HRSS, 'refuse', { reason });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(ReasonRequiredError);
      await expect(attempt).rejects.toMatchObject({ code: 'REASON_REQUIRED' });
    });

    it('rejects the case with the reason shown to the applicant', async () => {
      // Prepare
      const { caseId } = await submitOwn();

      // Act
      const view = await decideAs(caseId, HRSS, 'refuse', { reason: '申请人已持有有效社会保障卡' });

      // Assess
      expect(view).toMatchObject({ status: 'rejected', outcome: 'rejected', waitingOn: 'nobody' });
      expect(view.notices).toEqual([
        {
          department: 'hrss',
          departmentName: '人社',
          kind: 'rejected',
          reason: '申请人已持有有效社会保障卡',
        },
      ]);
      expect(taskOf(view, HRSS)?.refusal).toEqual({ reason: '申请人已持有有效社会保障卡' });
      expect(view.timeline.at(-1)).toMatchObject({
        event: 'refuse',
        reason: '申请人已持有有效社会保障卡',
        citizenText: '人社：您的申请不予受理。原因：申请人已持有有效社会保障卡',
      });
    });
  });

  describe('Method: decide (versions and races)', () => {
    it('refuses a decision on a task version the officer did not read', async () => {
      // Prepare
      const { caseId } = await submitOwn();

      // Act
      const attempt = cases.decide(officer('hrss'), caseId, HRSS, {
        action: 'accept',
        expectedVersion: 2,
      });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(StaleTaskError);
      await expect(attempt).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
      expect(await storedTask(caseId, HRSS)).toMatchObject({ status: 'submitted', version: 1 });
    });

    it('lets exactly one of 20 concurrent accepts of the same version win', async () => {
      // Prepare
      const { caseId } = await submitOwn();

      // Act
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          cases.decide(officer('hrss'), caseId, HRSS, { action: 'accept', expectedVersion: 1 }),
        ),
      );

      // Assess
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const reason of lost) expect(reason).toBeInstanceOf(StaleTaskError);
      const view = await cases.getCase(zhang, caseId);
      expect(view.timeline.filter((e) => e.event === 'accept')).toHaveLength(1);
      expect(taskOf(view, HRSS)).toMatchObject({ status: 'accepted', version: 2 });
    });
  });

  describe('Method: decide (who may decide)', () => {
    it.each<[string, Principal]>([
      ['an officer of another department', officer('tax')],
      ['window staff', windowStaff('changchun')],
    ])('refuses %s', async (_, principal) => {
      // Prepare
      const { caseId } = await submitOwn();

      // Act
      const attempt = cases.decide(principal, caseId, HRSS, {
        action: 'accept',
        expectedVersion: 1,
      });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(attempt).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await storedTask(caseId, HRSS)).toMatchObject({ status: 'submitted', version: 1 });
    });

    it('answers an officer of the right department in another city as if the case did not exist', async () => {
      // Prepare
      const { caseId } = await submitOwn();

      // Act
      const attempt = cases.decide(officer('hrss', 'siping'), caseId, HRSS, {
        action: 'accept',
        expectedVersion: 1,
      });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(CaseNotFoundError);
      expect(await storedTask(caseId, HRSS)).toMatchObject({ status: 'submitted', version: 1 });
    });

    it('answers an officer naming their own department on a case not routed to it as not found', async () => {
      // Prepare
      const { caseId } = await submitOwn();

      // Act
      const attempt = cases.decide(officer('tax'), caseId, TAX, {
        action: 'accept',
        expectedVersion: 1,
      });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(CaseNotFoundError);
    });
  });

  describe('Answers to changes (no second read)', () => {
    /** The case as the same caller reads it afterwards. */
    const readBack = (principal: Principal, caseId: string) => cases.getCase(principal, caseId);

    /** Makes a change, then checks its answer is the case as its maker reads it right after. */
    async function answerIsState(principal: Principal, change: Promise<CaseView>) {
      const answer = await change;
      expect(answer).toEqual(await readBack(principal, answer.caseId));
      return answer;
    }

    it('answers every change of a single-department case with the state a read then returns', async () => {
      // Prepare
      const { caseId } = await submitOwn();
      const hrss = officer(HRSS);
      const window = windowStaff('changchun');

      // Act & Assess: 补正 and resubmission, then 受理 → 准予 → 办结, delivery and rating
      const answers = [
        await answerIsState(
          hrss,
          decideAs(caseId, HRSS, 'request_correction', {
            reason: '照片不符合要求',
            materials: ['photo'],
          }),
        ),
        await answerIsState(
          zhang,
          cases.resubmit(zhang, caseId, { materials: materialsOf(socialCard) }),
        ),
        await answerIsState(hrss, decideAs(caseId, HRSS, 'accept')),
        await answerIsState(hrss, decideAs(caseId, HRSS, 'approve', { reason: '材料齐全' })),
        await answerIsState(hrss, decideAs(caseId, HRSS, 'complete')),
        await answerIsState(window, cases.deliver(window, caseId)),
        await answerIsState(
          zhang,
          cases.rate(zhang, caseId, { level: 'satisfied', comment: '很快' }),
        ),
      ];
      expect(answers.map((view) => view.version)).toEqual([2, 3, 4, 5, 6, 7, 8]);
      expect(answers.map((view) => view.status)).toEqual([
        'correction_requested',
        'prereview',
        'accepted',
        'approved',
        'completed',
        'delivered',
        'delivered',
      ]);
    });

    it.each([
      ['the officer who decides', 'officer'],
      ['the applicant', 'citizen'],
    ] as const)(
      'answers a decision on a bundled case as a read by %s returns it',
      async (_who, reader) => {
        // Prepare
        const { caseId } = await submitOwn(businessStart);
        await decideAs(caseId, MARKET, 'accept');

        // Act
        const answer = await decideAs(caseId, TAX, 'refuse', { reason: '不属于本部门受理范围' });

        // Assess: the officer's answer is their read; the applicant reads the same version
        const read = await readBack(reader === 'officer' ? officer(TAX) : zhang, caseId);
        if (reader === 'officer') expect(answer).toEqual(read);
        expect(read).toMatchObject({ version: answer.version, status: answer.status });
        expect(read.tasks.map((t) => t.status)).toEqual(answer.tasks.map((t) => t.status));
      },
    );

    it.each([
      ['refuse', 'rejected'],
      ['request_correction', 'correction_requested'],
      ['deny', 'denied'],
    ] as const)(
      'records a %s with the longest reason the API takes, and the case stays readable',
      async (action, status) => {
        // Prepare: the reason is quoted in the applicant's text after the department's sentence
        const { caseId } = await submitOwn(businessStart);
        if (action === 'deny') await decideAs(caseId, TAX, 'accept');
        const reason = '理'.repeat(1000);

        // Act
        const answer = await answerIsState(
          officer(TAX),
          decideAs(caseId, TAX, action, {
            reason,
            ...(action === 'request_correction' ? { materials: ['tax-contacts'] } : {}),
          }),
        );

        // Assess
        expect(taskOf(answer, TAX)?.status).toBe(status);
        const entry = answer.timeline.at(-1);
        expect(entry?.reason).toBe(reason);
        expect(entry?.citizenText).toContain(reason);
        expect((await repo.getCase(caseId))?.timeline).toHaveLength(answer.timeline.length);
      },
    );

    it('answers a withdrawal with the withdrawn case as read back', async () => {
      // Prepare
      const { caseId } = await submitOwn();

      // Act
      const answer = await answerIsState(
        zhang,
        cases.withdraw(zhang, caseId, { reason: '信息填写有误' }),
      );

      // Assess
      expect(answer.status).toBe('withdrawn');
    });
  });

  describe('Method: listCases', () => {
    // 赵六 files only in these tests, so his list is exactly what they file.
    const ZHAO = { idNumber: citizenId('22010619880808123'), name: '赵六', phone: '13600002222' };
    const zhao = citizen(ZHAO.idNumber);

    it('lists a citizen’s own cases only, newest first', async () => {
      // Prepare
      const older = await cases.submit(zhao, application(socialCard, ZHAO));
      setDay('2026-03-03');
      const newer = await cases.submit(zhao, application(businessStart, ZHAO));

      // Act
      const page = await cases.listCases(zhao, {});

      // Assess
      expect(page.items.map((c) => c.caseId)).toEqual([newer.caseId, older.caseId]);
      expect(page.items[0]).toMatchObject({ serviceCode: businessStart.code, status: 'submitted' });
    });

    it('refuses a citizen asking for another number', async () => {
      // Act
      const attempt = cases.listCases(zhao, { applicant: ZHANG.idNumber });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(AccessDeniedError);
    });

    it('asks window staff for the applicant’s number when they give none', async () => {
      // Act
      const attempt = cases.listCases(windowStaff('changchun'), {});

      // Assess
      await expect(attempt).rejects.toMatchObject({ code: 'APPLICANT_REQUIRED' });
    });

    it('gives window staff the cases of the applicant they name', async () => {
      // Prepare
      const mine = await cases.listCases(zhao, {});

      // Act
      const page = await cases.listCases(windowStaff('changchun'), { applicant: ZHAO.idNumber });

      // Assess
      expect(page.items.length).toBeGreaterThanOrEqual(2);
      expect(page.items).toEqual(mine.items);
    });

    it.each<[string, Principal]>([
      ['an officer', officer('hrss')],
      ['an admin', admin('changchun')],
      ['window staff of another city', windowStaff('siping')],
    ])('refuses %s', async (_, principal) => {
      // Act
      const attempt = cases.listCases(principal, { applicant: ZHAO.idNumber });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(AccessDeniedError);
    });
  });

  describe('Method: worklist', () => {
    it('shows an officer their department’s tasks in one status', async () => {
      // Prepare
      const waiting = await submitOwn();
      const accepted = await submitOwn();
      await decideAs(accepted.caseId, HRSS, 'accept');

      // Act
      const submitted = await cases.worklist(officer('hrss'), 'hrss', {
        status: 'submitted',
        limit: 100,
      });
      const inReview = await cases.worklist(officer('hrss'), 'hrss', {
        status: 'accepted',
        limit: 100,
      });

      // Assess
      const ids = (page: typeof submitted) => page.items.map((t) => t.caseId);
      expect(ids(submitted)).toContain(waiting.caseId);
      expect(ids(submitted)).not.toContain(accepted.caseId);
      expect(ids(inReview)).toContain(accepted.caseId);
      expect(
        submitted.items.every((t) => t.department === 'hrss' && t.status === 'submitted'),
      ).toBe(true);
      expect(inReview.items.every((t) => t.department === 'hrss' && t.status === 'accepted')).toBe(
        true,
      );
    });

    it.each<[string, Principal, string]>([
      ['an officer asking for another department', officer('hrss'), 'tax'],
      ['an officer of another city', officer('hrss', 'siping'), 'hrss'],
      [
        'an admin asking for a department the city does not have',
        admin('changchun'),
        'no-such-dept',
      ],
      ['window staff', windowStaff('changchun'), 'hrss'],
    ])('refuses %s', async (_, principal, department) => {
      // Act
      const attempt = cases.worklist(principal, department, { status: 'submitted' });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(AccessDeniedError);
    });

    it('lets an admin of the city see any department’s worklist', async () => {
      // Prepare
      const { caseId } = await submitOwn(businessStart);

      // Act
      const page = await cases.worklist(admin('changchun'), 'tax', {
        status: 'submitted',
        limit: 100,
      });

      // Assess
      expect(page.items.map((t) => t.caseId)).toContain(caseId);
      expect(page.items.every((t) => t.department === 'tax')).toBe(true);
    });
  });
});
