import { type DepartmentId, DepartmentIdSchema, type Task } from '@jilin/domain';
import type { CaseRepository } from '@jilin/store';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CaseService,
  type TaskChangeRecord,
  TaskDispatcher,
  type TaskMessage,
  TaskMessageSchema,
  type TaskPublisher,
} from '../../src';
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

/** An in-memory queue per department; a department in `failing` sends nothing. */
class FakePublisher implements TaskPublisher {
  readonly sent: { department: string; message: TaskMessage }[] = [];
  readonly calls: string[] = [];
  readonly failing = new Set<string>();
  throws = false;

  async publish(department: string, messages: readonly TaskMessage[]): Promise<readonly string[]> {
    this.calls.push(department);
    if (this.throws) throw new Error('SQS unavailable');
    if (this.failing.has(department)) return messages.map((m) => m.messageId);
    for (const message of messages) this.sent.push({ department, message });
    return [];
  }
}

let table: Awaited<ReturnType<typeof createTestTable>>;
let repo: CaseRepository;
let cases: CaseService;
let publisher: FakePublisher;
let dispatcher: TaskDispatcher;

const zhang = citizen(ZHANG.idNumber);
const HRSS: DepartmentId = DepartmentIdSchema.parse('hrss');
const BUSINESS_DEPARTMENTS = businessStart.parts.map((p) => p.department).sort();

beforeAll(async () => {
  table = await createTestTable();
  repo = table.repository;
  cases = new CaseService({ repository: repo, platform: changchun, now });
});
afterAll(() => table.close());
beforeEach(() => {
  setDay('2026-03-02');
  publisher = new FakePublisher();
  dispatcher = new TaskDispatcher({ repository: repo, platform: changchun, publisher, now });
});

async function tasksOf(caseId: string): Promise<readonly Task[]> {
  const record = await repo.getCase(caseId);
  if (!record) throw new Error(`no case ${caseId}`);
  return record.tasks;
}

/** The stream's INSERT records of a new case's tasks, as the dispatch function parses them. */
const inserts = async (caseId: string): Promise<TaskChangeRecord[]> =>
  (await tasksOf(caseId)).map((t) => ({ id: `insert-${caseId}-${t.department}`, new: t }));

/** MODIFY records: each task before and after `change`. */
async function modifications(
  caseId: string,
  change: () => Promise<unknown>,
): Promise<TaskChangeRecord[]> {
  const before = await tasksOf(caseId);
  await change();
  const after = await tasksOf(caseId);
  return after.map((t) => ({
    id: `modify-${caseId}-${t.department}-v${t.version}`,
    old: before.find((b) => b.department === t.department),
    new: t,
  }));
}

const byDepartment = (a: { department: string }, b: { department: string }) =>
  a.department.localeCompare(b.department);

describe('Class: TaskDispatcher (DynamoDB Local, fake publisher)', () => {
  describe('Method: dispatch', () => {
    it('sends one task.assigned per department: the applicant’s number and name, never the phone, only that part’s materials', async () => {
      // Prepare
      const { caseId } = await cases.submit(zhang, application(businessStart));
      const records = await inserts(caseId);

      // Act
      const report = await dispatcher.dispatch(records);

      // Assess
      expect(report).toEqual({ sent: 5, ignored: 0, failed: [] });
      expect([...publisher.calls].sort()).toEqual(BUSINESS_DEPARTMENTS);
      const sent = [...publisher.sent].sort(byDepartment);
      expect(sent.map((s) => s.department)).toEqual(BUSINESS_DEPARTMENTS);
      for (const { department, message } of sent) {
        const part = businessStart.parts.find((p) => p.department === department);
        expect(TaskMessageSchema.safeParse(message).success).toBe(true);
        expect(message).toMatchObject({
          type: 'task.assigned',
          messageId: `${caseId}:${department}:v1`,
          caseId,
          department,
          taskVersion: 1,
          status: 'submitted',
          serviceCode: businessStart.code,
          partName: part?.name,
          channel: 'online',
          platform: { slug: 'changchun', code: '220100' },
          due: { date: '2026-03-03', kind: 'exact' },
          applicant: { kind: 'natural', number: ZHANG.idNumber, name: ZHANG.name },
          decisionPath: `/v1/cases/${caseId}/tasks/${department}/decision`,
        });
        expect(JSON.stringify(message)).not.toContain(ZHANG.phone);
        if (message.type === 'task.withdrawn') throw new Error('expected an assignment');
        expect(message.materials.map((m) => m.materialId).sort()).toEqual(
          [...(part?.materials ?? [])].sort(),
        );
        for (const m of message.materials) {
          expect(m.name).toBe(businessStart.materials.find((x) => x.id === m.materialId)?.name);
        }
      }
    });

    it('marks each task received (申报 → 预审) with a dispatch entry on the timeline', async () => {
      // Prepare
      const { caseId } = await cases.submit(zhang, application(businessStart));

      // Act
      await dispatcher.dispatch(await inserts(caseId));

      // Assess
      const view = await cases.getCase(zhang, caseId);
      expect(view).toMatchObject({ status: 'prereview', version: 6 });
      // The mark keeps each task's version, so the taskVersion in the message stays the one
      // a department quotes in its first decision.
      expect(view.tasks.map((t) => [t.status, t.version])).toEqual(
        BUSINESS_DEPARTMENTS.map(() => ['prereview', 1]),
      );
      const dispatches = view.timeline.filter((e) => e.event === 'dispatch');
      expect(dispatches.map((e) => e.department).sort()).toEqual(BUSINESS_DEPARTMENTS);
      expect(dispatches.find((e) => e.department === 'tax')).toMatchObject({
        actor: { role: 'system' },
        label: '推送部门预审',
        citizenText: '已推送至税务预审。',
      });
    });

    it('sends the same messageIds when the records come again, and moves nothing twice', async () => {
      // Prepare
      const { caseId } = await cases.submit(zhang, application(businessStart));
      const records = await inserts(caseId);
      await dispatcher.dispatch(records);
      const firstIds = publisher.sent.map((s) => s.message.messageId).sort();
      const before = await repo.getCase(caseId);
      publisher.sent.length = 0;

      // Act
      const report = await dispatcher.dispatch(records);

      // Assess
      expect(report).toEqual({ sent: 5, ignored: 0, failed: [] });
      expect(publisher.sent.map((s) => s.message.messageId).sort()).toEqual(firstIds);
      const after = await repo.getCase(caseId);
      expect(after?.case.version).toBe(before?.case.version);
      expect(after?.tasks).toEqual(before?.tasks);
      expect(after?.timeline.filter((e) => e.event === 'dispatch')).toHaveLength(5);
    });

    it('reports the records of a department whose messages were not sent, sends the others, and leaves that task at 申报', async () => {
      // Prepare
      const { caseId } = await cases.submit(zhang, application(businessStart));
      const records = await inserts(caseId);
      publisher.failing.add('tax');

      // Act
      const report = await dispatcher.dispatch(records);

      // Assess
      expect(report).toEqual({ sent: 4, ignored: 0, failed: [`insert-${caseId}-tax`] });
      expect(publisher.sent.map((s) => s.department).sort()).toEqual(
        BUSINESS_DEPARTMENTS.filter((d) => d !== 'tax'),
      );
      const tasks = await tasksOf(caseId);
      expect(tasks.find((t) => t.department === 'tax')).toMatchObject({
        status: 'submitted',
        version: 1,
      });
      expect(tasks.filter((t) => t.status === 'prereview')).toHaveLength(4);
    });

    it('reports every record when the publisher throws, and marks nothing', async () => {
      // Prepare
      const { caseId } = await cases.submit(zhang, application(socialCard));
      const records = await inserts(caseId);
      publisher.throws = true;

      // Act
      const report = await dispatcher.dispatch(records);

      // Assess
      expect(report).toEqual({ sent: 0, ignored: 0, failed: [`insert-${caseId}-hrss`] });
      expect((await tasksOf(caseId))[0]).toMatchObject({ status: 'submitted', version: 1 });
    });

    it('sends task.resubmitted when the applicant answers a 补正, and does not mark it', async () => {
      // Prepare
      const { caseId } = await cases.submit(zhang, application(socialCard));
      await cases.decide(officer('hrss'), caseId, HRSS, {
        action: 'request_correction',
        reason: '照片不清晰',
        materials: ['photo'],
        expectedVersion: 1,
      });
      const records = await modifications(caseId, () =>
        cases.resubmit(zhang, caseId, { materials: application(socialCard).materials }),
      );
      const version = (await repo.getCase(caseId))?.case.version;

      // Act
      const report = await dispatcher.dispatch(records);

      // Assess
      expect(report).toEqual({ sent: 1, ignored: 0, failed: [] });
      const [sent] = publisher.sent;
      expect(TaskMessageSchema.safeParse(sent?.message).success).toBe(true);
      expect(sent?.message).toMatchObject({
        type: 'task.resubmitted',
        messageId: `${caseId}:hrss:v3`,
        status: 'prereview',
        applicant: { number: ZHANG.idNumber, name: ZHANG.name },
      });
      expect((await repo.getCase(caseId))?.case.version).toBe(version);
    });

    it('sends task.withdrawn with no applicant data at all', async () => {
      // Prepare
      const { caseId } = await cases.submit(zhang, application(businessStart));
      const records = await modifications(caseId, () => cases.withdraw(zhang, caseId, {}));

      // Act
      const report = await dispatcher.dispatch(records);

      // Assess
      expect(report).toEqual({ sent: 5, ignored: 0, failed: [] });
      for (const { department, message } of publisher.sent) {
        expect(TaskMessageSchema.safeParse(message).success).toBe(true);
        expect(message).toMatchObject({
          type: 'task.withdrawn',
          messageId: `${caseId}:${department}:v2`,
        });
        for (const key of ['applicant', 'form', 'materials', 'serviceCode'])
          expect(message).not.toHaveProperty(key);
        const json = JSON.stringify(message);
        for (const personal of [ZHANG.idNumber, ZHANG.name, ZHANG.phone])
          expect(json).not.toContain(personal);
      }
    });

    it('ignores its own 申报 → 预审 mark and the officers’ decisions', async () => {
      // Prepare
      const { caseId } = await cases.submit(zhang, application(socialCard));
      const dispatched = await modifications(caseId, async () => {
        await dispatcher.dispatch(await inserts(caseId));
      });
      publisher.sent.length = 0;
      const accepted = await modifications(caseId, () =>
        cases.decide(officer('hrss'), caseId, HRSS, { action: 'accept', expectedVersion: 1 }),
      );

      // Act
      const report = await dispatcher.dispatch([...dispatched, ...accepted]);

      // Assess
      expect(dispatched[0]).toMatchObject({
        old: { status: 'submitted' },
        new: { status: 'prereview' },
      });
      expect(accepted[0]).toMatchObject({
        old: { status: 'prereview' },
        new: { status: 'accepted' },
      });
      expect(report).toEqual({ sent: 0, ignored: 2, failed: [] });
      expect(publisher.sent).toEqual([]);
    });
  });
});
