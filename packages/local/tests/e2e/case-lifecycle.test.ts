import { TASK_MESSAGE_SCHEMA_ID, TaskSummaryPageSchema } from '@jilin/cases';
import { findService } from '@jilin/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../src';
import {
  type Api,
  apiOf,
  application,
  CHANGCHUN,
  caseView,
  changchun,
  citizenToken,
  type DepartmentBackEnd,
  departmentBackEnd,
  materials,
  officerToken,
  person,
  problem,
  SERVICES,
  startE2ePlatform,
  windowToken,
  ZH,
} from './support';

// One platform for the file; the department back-ends are plain SQS consumers of its queues.
let platform: LocalPlatform;
let api: Api;
const backEnds = new Map<string, DepartmentBackEnd>();
const backEnd = (department: string): DepartmentBackEnd => {
  const found = backEnds.get(department);
  if (!found) throw new Error(`no back-end for ${department}`);
  return found;
};

const COMPANY_DEPARTMENTS = ['market-regulation', 'public-security', 'tax', 'hrss', 'housing-fund'];

beforeAll(async () => {
  platform = await startE2ePlatform();
  api = apiOf(platform);
  for (const department of COMPANY_DEPARTMENTS) {
    backEnds.set(department, departmentBackEnd(platform, department));
  }
}, 120_000);

afterAll(async () => {
  for (const b of backEnds.values()) b.close();
  await platform?.stop();
}, 60_000);

describe('一号一窗一网 end to end: a case from 申报 to 办结', () => {
  it('takes a single-department service from submission to 办结, rating and 送达', async () => {
    // Prepare
    const wang = person('22010219850615123', '王芳', '13904310001');
    const citizen = await citizenToken(wang);
    const windowStaff = await windowToken();
    const hrss = backEnd('hrss');

    // Act: 申报 online
    const submitted = await api.submit(citizen, application(SERVICES.socialCard, wang));

    // Assess: 201 with the case and its Location
    expect(submitted.status).toBe(201);
    const { caseId } = caseView(submitted);
    expect(submitted.headers.get('location')).toBe(`/v1/cases/${caseId}`);

    // Act: the stream sends the task to 人社
    await platform.drain(CHANGCHUN);
    const task = await hrss.receive(caseId, { type: 'task.assigned' });

    // Assess: one task.assigned message, its id stable per task and version, no phone number
    expect(task.message).toMatchObject({
      type: 'task.assigned',
      messageId: `${caseId}:hrss:v1`,
      caseId,
      department: 'hrss',
      taskVersion: 1,
      serviceCode: SERVICES.socialCard,
      channel: 'online',
      decisionPath: `/v1/cases/${caseId}/tasks/hrss/decision`,
      applicant: { kind: 'natural', number: wang.idNumber, name: wang.name },
    });
    expect(task.attributes).toEqual({
      messageId: `${caseId}:hrss:v1`,
      type: 'task.assigned',
      schema: TASK_MESSAGE_SCHEMA_ID,
    });
    expect(task.message.materials.map((m) => m.materialId).sort()).toEqual(['id-card', 'photo']);
    expect(task.body).not.toContain(wang.phone);
    expect(task.body).not.toMatch(/"phone"/);

    // Act: 受理, 准予, 办结, each quoting the version it last saw
    const statuses: string[] = [];
    for (const action of ['accept', 'approve', 'complete'] as const) {
      const res = await hrss.decide(caseId, action);
      expect(res.status, res.text).toBe(200);
      statuses.push(caseView(res).status);
    }

    // Assess: each decision moves the case; none of them is sent back to the department
    expect(statuses).toEqual(['accepted', 'approved', 'completed']);
    await platform.drain(CHANGCHUN);
    expect(await hrss.pending(caseId)).toEqual([]);
    const completed = await api.read(citizen, caseId);
    expect(completed).toMatchObject({ status: 'completed', outcome: 'approved', notices: [] });

    // Act: 好差评, twice
    const rated = await api.post(`/v1/cases/${caseId}/rating`, {
      token: citizen,
      json: { level: 'very_satisfied', comment: '网上办理，一次都没跑' },
    });
    const ratedAgain = await api.post(`/v1/cases/${caseId}/rating`, {
      token: citizen,
      json: { level: 'dissatisfied' },
    });

    // Assess: once only (一事一评)
    expect(rated.status, rated.text).toBe(200);
    expect(caseView(rated).rating).toMatchObject({ level: 'very_satisfied', label: '非常满意' });
    expect(ratedAgain.status).toBe(409);
    expect(problem(ratedAgain)).toMatchObject({ status: 409, code: 'ALREADY_RATED' });

    // Act: the window hands out the result (送达)
    const delivered = await api.post(`/v1/cases/${caseId}/deliver`, { token: windowStaff });

    // Assess: delivered; the window sees the applicant masked
    expect(delivered.status, delivered.text).toBe(200);
    const atWindow = caseView(delivered);
    expect(atWindow.status).toBe('delivered');
    expect(atWindow.applicant).toMatchObject({ masked: true, phone: '139****0001' });
    expect(delivered.text).not.toContain(wang.idNumber);

    // Assess: the applicant's timeline, every step in order, in their words
    const final = await api.read(citizen, caseId);
    expect(final).toMatchObject({ status: 'delivered', applicant: { masked: false } });
    expect(final.timeline.map((e) => [e.seq, e.event, e.status])).toEqual([
      [1, 'submit', 'submitted'],
      [2, 'dispatch', 'prereview'],
      [3, 'accept', 'accepted'],
      [4, 'approve', 'approved'],
      [5, 'complete', 'completed'],
      [6, 'rate', 'completed'],
      [7, 'deliver', 'delivered'],
    ]);
    for (const entry of final.timeline) expect(entry.citizenText).toMatch(ZH);
    expect(final.timeline[2]).toMatchObject({ departmentName: '人社', label: '受理' });
    expect(final.timeline[2]?.citizenText).toContain('人社');
    expect(final.timeline.filter((e) => e.department === 'hrss').map((e) => e.event)).toEqual([
      'dispatch',
      'accept',
      'approve',
      'complete',
    ]);
  }, 60_000);

  it('fans a bundled 一件事 out to five departments and completes it only when all have', async () => {
    // Prepare
    const liu = person('22010419780301456', '刘建国', '13604310002');
    const citizen = await citizenToken(liu);
    const service = findService(changchun, SERVICES.companyStartUp);
    if (!service) throw new Error('no 企业开办 in the catalogue');
    const supplied = materials(SERVICES.companyStartUp, [
      'application',
      'articles',
      'founder-id-card',
      'officers',
      'premises',
      'seal-form',
      'tax-contacts',
      'housing-fund-form',
    ]);
    expect(service.parts.map((p) => p.department).sort()).toEqual([...COMPANY_DEPARTMENTS].sort());

    // Act: 申报 once; the stream fans it out
    const submitted = await api.submit(citizen, application(service.code, liu, supplied));
    expect(submitted.status, submitted.text).toBe(201);
    const { caseId } = caseView(submitted);
    await platform.drain(CHANGCHUN);
    const received = await Promise.all(
      service.parts.map(async (part) => ({
        part,
        ...(await backEnd(part.department).receive(caseId, { type: 'task.assigned' })),
      })),
    );

    // Assess: each department has its own message, with only its part's materials
    const suppliedIds = new Set(supplied.map((m) => m.materialId));
    for (const { part, message, body } of received) {
      expect(message).toMatchObject({
        type: 'task.assigned',
        messageId: `${caseId}:${part.department}:v1`,
        department: part.department,
        partName: part.name,
        applicant: { number: liu.idNumber, name: liu.name },
      });
      expect(message.materials.map((m) => m.materialId).sort()).toEqual(
        part.materials.filter((id) => suppliedIds.has(id)).sort(),
      );
      expect(body).not.toContain(liu.phone);
    }

    // Assess: the task waits on each department's worklist (预审), and only on its own
    const taxOfficer = await officerToken('tax');
    const worklist = await api.get('/v1/departments/tax/tasks?status=prereview', {
      token: taxOfficer,
    });
    const othersWorklist = await api.get('/v1/departments/hrss/tasks', { token: taxOfficer });
    expect(worklist.status).toBe(200);
    expect(TaskSummaryPageSchema.parse(worklist.json).items).toContainEqual(
      expect.objectContaining({ caseId, department: 'tax', status: 'prereview', version: 1 }),
    );
    expect(othersWorklist.status).toBe(403);

    // Act: the five decide on their own: all 受理 at once, then 准予 and 办结 interleaved
    const accepted = await Promise.all(
      COMPANY_DEPARTMENTS.map((department) => backEnd(department).decide(caseId, 'accept')),
    );
    const steps = [
      ['tax', 'approve'],
      ['tax', 'complete'],
      ['public-security', 'approve'],
      ['hrss', 'approve'],
      ['public-security', 'complete'],
      ['market-regulation', 'approve'],
      ['housing-fund', 'approve'],
      ['hrss', 'complete'],
      ['housing-fund', 'complete'],
      ['market-regulation', 'complete'],
    ] as const;
    const statusAfter: string[] = [];
    for (const [department, action] of steps) {
      const res = await backEnd(department).decide(caseId, action);
      expect(res.status, `${department} ${action}: ${res.text}`).toBe(200);
      statusAfter.push(caseView(res).status);
    }

    // Assess: every 受理 went through (a lost race is retried on the new state)
    for (const res of accepted) expect(res.status, res.text).toBe(200);
    // the case stands where its least advanced part stands: completed only at the last 办结
    expect(statusAfter).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'accepted', // housing-fund has not yet approved
      'approved',
      'approved',
      'approved',
      'completed',
    ]);
    const final = await api.read(citizen, caseId);
    expect(final).toMatchObject({ status: 'completed', outcome: 'approved' });
    expect(final.tasks.every((t) => t.status === 'completed')).toBe(true);
    // one message per department, no more: decisions are not sent back to the queues
    await platform.drain(CHANGCHUN);
    const leftOver = await Promise.all(COMPANY_DEPARTMENTS.map((d) => backEnd(d).pending(caseId)));
    expect(leftOver.flat()).toEqual([]);

    // Assess: one timeline, every step: 申报, a 推送 per department, then each one's decisions
    const events = final.timeline;
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events).toHaveLength(1 + 5 * 4);
    expect(events[0]).toMatchObject({ event: 'submit', status: 'submitted' });
    expect(
      events
        .slice(1, 6)
        .map((e) => [e.event, e.department])
        .sort(),
    ).toEqual(COMPANY_DEPARTMENTS.map((d) => ['dispatch', d]).sort());
    for (const department of COMPANY_DEPARTMENTS) {
      const own = events.filter((e) => e.department === department);
      expect(
        own.map((e) => e.event),
        department,
      ).toEqual(['dispatch', 'accept', 'approve', 'complete']);
      for (const e of own) expect(e.departmentName).toMatch(ZH);
    }
    for (const e of events) expect(e.citizenText).toMatch(ZH);
    expect(events.at(-1)).toMatchObject({
      event: 'complete',
      department: 'market-regulation',
      status: 'completed',
    });
  }, 60_000);

  it('files at the window on an applicant’s behalf (一窗), found online by their number (一号)', async () => {
    // Prepare
    const zhao = person('22010319660606321', '赵国庆', '13604310012');
    const windowStaff = await windowToken();
    const citizen = await citizenToken(zhao);
    const hrss = backEnd('hrss');

    // Act
    const filed = await api.submit(windowStaff, application(SERVICES.socialCard, zhao));
    const { caseId } = caseView(filed);
    await platform.drain(CHANGCHUN);
    const task = await hrss.receive(caseId, { type: 'task.assigned' });

    // Assess: the channel is recorded; the applicant and the window both find the case
    expect(filed.status).toBe(201);
    expect(caseView(filed)).toMatchObject({ channel: 'window', applicant: { masked: true } });
    expect(task.message.channel).toBe('window');
    expect(await api.caseIds(citizen)).toContain(caseId);
    expect(await api.caseIds(windowStaff, zhao.idNumber)).toContain(caseId);
    const view = await api.read(citizen, caseId);
    expect(view).toMatchObject({
      channel: 'window',
      applicant: { masked: false, idNumber: zhao.idNumber },
    });
    expect(view.timeline[0]).toMatchObject({ event: 'submit', actor: { role: 'window' } });
    expect(view.timeline[0]?.citizenText).toContain('综合受理窗口');
  }, 60_000);

  it('hands the department a case whose form holds characters SQS refuses raw (U+FFFE, U+FFFF)', async () => {
    // Prepare: JSON.stringify leaves both as they are, and SQS (fauxqs alike) refuses a body
    // with either, so the case would stay 申报 for good.
    const qian = person('22010219770101432', '钱多多', '13604310015');
    const citizen = await citizenToken(qian);
    const hrss = backEnd('hrss');
    const filed = application(SERVICES.socialCard, qian);
    const form = { ...filed.form, contactAddress: '长春市\uFFFE南关区\uFFFF人民大街' };

    // Act
    const submitted = await api.submit(citizen, { ...filed, form });
    const { caseId } = caseView(submitted);
    await platform.drain(CHANGCHUN);
    const task = await hrss.receive(caseId, { type: 'task.assigned' });

    // Assess: delivered, the characters escaped on the wire and intact once parsed
    expect(submitted.status).toBe(201);
    expect(task.body).toContain('\\ufffe南关区\\uffff');
    expect(task.message.form).toEqual(form);
    expect((await api.read(citizen, caseId)).status).toBe('prereview');
  }, 60_000);

  it('goes round a 补正: notice to the applicant, resubmission, task.resubmitted, then 受理', async () => {
    // Prepare
    const chen = person('22010519920818789', '陈静', '13704310003');
    const citizen = await citizenToken(chen);
    const hrss = backEnd('hrss');
    const submitted = await api.submit(citizen, application(SERVICES.socialCard, chen));
    const { caseId } = caseView(submitted);
    await platform.drain(CHANGCHUN);
    const assigned = await hrss.receive(caseId, { type: 'task.assigned' });
    const reason = '照片不清晰，请上传近期白底免冠彩色照片';

    // Act: 人社 asks for the photo again (一次性告知)
    const corrected = await hrss.decide(caseId, 'request_correction', {
      reason,
      materials: ['photo'],
    });

    // Assess: the applicant sees what to supply and why
    expect(corrected.status, corrected.text).toBe(200);
    const notice = await api.read(citizen, caseId);
    expect(notice).toMatchObject({
      status: 'correction_requested',
      waitingOn: 'applicant',
      notices: [{ department: 'hrss', kind: 'correction', reason, materials: ['photo'] }],
    });
    expect(notice.timeline.at(-1)).toMatchObject({ event: 'request_correction', reason });
    expect(notice.timeline.at(-1)?.citizenText).toContain(reason);

    // Act: a resubmission without the photo, then with it
    const incomplete = await api.post(`/v1/cases/${caseId}/resubmit`, {
      token: citizen,
      json: { materials: materials(SERVICES.socialCard, ['id-card']) },
    });
    const [photo] = materials(SERVICES.socialCard, ['photo']);
    const resubmitted = await api.post(`/v1/cases/${caseId}/resubmit`, {
      token: citizen,
      json: { materials: [photo] },
    });

    // Assess: the first is refused, the second puts the case back in 预审
    expect(incomplete.status).toBe(422);
    expect(problem(incomplete)).toMatchObject({ code: 'MISSING_MATERIAL' });
    expect(resubmitted.status, resubmitted.text).toBe(200);
    const back = caseView(resubmitted);
    expect(back).toMatchObject({ status: 'prereview', notices: [] });
    const taskVersion = back.tasks.find((t) => t.department === 'hrss')?.version;

    // Act: the stream tells 人社
    await platform.drain(CHANGCHUN);
    const again = await hrss.receive(caseId, { type: 'task.resubmitted' });

    // Assess: a new message id, stable for the task's new version, with the new photo
    expect(again.message).toMatchObject({
      type: 'task.resubmitted',
      messageId: `${caseId}:hrss:v${taskVersion}`,
      taskVersion,
      status: 'prereview',
    });
    expect(again.message.messageId).not.toBe(assigned.message.messageId);
    expect(again.message.materials.find((m) => m.materialId === 'photo')?.source).toEqual(
      photo?.source,
    );

    // Act: 受理 on the resubmitted task
    const accepted = await hrss.decide(caseId, 'accept');

    // Assess
    expect(accepted.status, accepted.text).toBe(200);
    expect(caseView(accepted).status).toBe('accepted');
    const timeline = (await api.read(citizen, caseId)).timeline.map((e) => e.event);
    expect(timeline).toEqual(['submit', 'dispatch', 'request_correction', 'resubmit', 'accept']);
  }, 60_000);

  it('withdraws a case before any decision: task.withdrawn without personal data, then 409s', async () => {
    // Prepare
    const zhou = person('22010619880101234', '周明', '13804310004');
    const citizen = await citizenToken(zhou);
    const hrss = backEnd('hrss');
    const { caseId } = caseView(await api.submit(citizen, application(SERVICES.socialCard, zhou)));
    await platform.drain(CHANGCHUN);
    const assigned = await hrss.receive(caseId, { type: 'task.assigned' });

    // Act: 撤回
    const withdrawn = await api.post(`/v1/cases/${caseId}/withdraw`, {
      token: citizen,
      json: { reason: '信息填写有误，重新申请' },
    });
    await platform.drain(CHANGCHUN);
    const stop = await hrss.receive(caseId, { type: 'task.withdrawn' });

    // Assess: the case is withdrawn and the department told, with nothing personal
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(caseView(withdrawn)).toMatchObject({ status: 'withdrawn', outcome: 'withdrawn' });
    expect(stop.message).toMatchObject({
      type: 'task.withdrawn',
      caseId,
      department: 'hrss',
      messageId: `${caseId}:hrss:v${stop.message.taskVersion}`,
    });
    expect(stop.message.taskVersion).toBeGreaterThan(assigned.message.taskVersion);
    const sent = JSON.parse(stop.body) as Record<string, unknown>;
    for (const key of ['applicant', 'materials', 'form']) expect(sent).not.toHaveProperty(key);
    for (const value of [zhou.idNumber, zhou.name, zhou.phone])
      expect(stop.body).not.toContain(value);

    // Act: decisions on the withdrawn task, at the version first received and at the latest
    const stale = await hrss.decide(caseId, 'accept', {
      expectedVersion: assigned.message.taskVersion,
    });
    const current = await hrss.decide(caseId, 'accept');

    // Assess: both refused as conflicts; the case stays withdrawn
    expect(stale.status).toBe(409);
    expect(problem(stale)).toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(current.status).toBe(409);
    expect(problem(current)).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    expect(problem(current).detail).toMatch(ZH);
    expect((await api.read(citizen, caseId)).status).toBe('withdrawn');
  }, 60_000);

  it('shows the applicant a refusal (不予受理) with its reason', async () => {
    // Prepare
    const sun = person('22011219950505678', '孙丽', '15004310005');
    const citizen = await citizenToken(sun);
    const hrss = backEnd('hrss');
    const { caseId } = caseView(await api.submit(citizen, application(SERVICES.socialCard, sun)));
    await platform.drain(CHANGCHUN);
    await hrss.receive(caseId, { type: 'task.assigned' });
    const reason = '申请人已持有有效的社会保障卡，不得重复申领';

    // Act: a refusal without a reason, then with one
    const unexplained = await hrss.decide(caseId, 'refuse');
    const refused = await hrss.decide(caseId, 'refuse', { reason });

    // Assess: the law wants it explained; the applicant sees the reason as a notice and in the timeline
    expect(unexplained.status).toBe(422);
    expect(problem(unexplained)).toMatchObject({ code: 'REASON_REQUIRED' });
    expect(refused.status, refused.text).toBe(200);
    const view = await api.read(citizen, caseId);
    expect(view).toMatchObject({
      status: 'rejected',
      outcome: 'rejected',
      notices: [{ department: 'hrss', departmentName: '人社', kind: 'rejected', reason }],
      tasks: [{ department: 'hrss', status: 'rejected', refusal: { reason } }],
    });
    const last = view.timeline.at(-1);
    expect(last).toMatchObject({ event: 'refuse', department: 'hrss', reason, status: 'rejected' });
    expect(last?.citizenText).toContain(reason);
  }, 60_000);
});
