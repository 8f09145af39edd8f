import { randomUUID } from 'node:crypto';
import { ApplicationSchema } from '@jilin/domain';
import { type Principal, PrincipalSchema } from '@jilin/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/dev-issuer';
import { type LocalPlatform, startLocalPlatform } from '../../src/platform';
import { citizenId } from '../../src/soak/applications';
import { call, type HttpResult, sleep } from '../../src/soak/http';

/**
 * Idempotency and races through the real platform and its HTTP API: a key makes one case however
 * many times, however concurrently, and whatever happened to the first attempt; one decision on a
 * task wins, every other one is told it lost.
 */

const SLUG = 'changchun';
/** 社会保障卡申领: one part, decided by 人社 (hrss). */
const SOCIAL_CARD = '220100-RS-0001';

/** A citizen of their own, with a valid application for a social security card. */
async function applicant(n: number) {
  const idNumber = citizenId(900_000 + n);
  const principal: Principal = PrincipalSchema.parse({
    role: 'citizen',
    sub: `races-citizen-${n}-${randomUUID()}`,
    idNumber,
  });
  const application = ApplicationSchema.parse({
    serviceCode: SOCIAL_CARD,
    applicant: { kind: 'natural', idNumber, name: '王芳', phone: '13900139000' },
    form: { contactAddress: '长春市朝阳区人民大街100号' },
    materials: [
      {
        materialId: 'id-card',
        source: { kind: 'licence', licenceId: `DZZZ-${n}` },
        trustLevel: 'A',
      },
      {
        materialId: 'photo',
        source: { kind: 'upload', objectKey: `uploads/races/${n}/photo.jpg` },
        trustLevel: 'C',
      },
    ],
  });
  return { principal, application, token: await issueToken(principal) };
}

const caseIdOf = (res: HttpResult): string | undefined =>
  (res.json as { caseId?: string } | undefined)?.caseId;

/** "My cases", every id on the first page (a fresh applicant has a handful at most). */
async function myCases(base: string, token: string): Promise<string[]> {
  const res = await call(`${base}/v1/cases?limit=100`, { method: 'GET', token });
  expect(res.status).toBe(200);
  return (res.json as { items: { caseId: string }[] }).items.map((c) => c.caseId);
}

/** POST /v1/cases with the application and the Idempotency-Key, as often as called. */
const keyedSubmit =
  (base: string, token: string, application: unknown, key: string) => (): Promise<HttpResult> =>
    call(`${base}/v1/cases`, {
      method: 'POST',
      token,
      body: application,
      headers: { 'idempotency-key': key },
    });

/** A client that retries with its key, every half second, until it is answered 201 (60 tries). */
async function retryUntilCreated(submit: () => Promise<HttpResult>): Promise<HttpResult> {
  let retry = await submit();
  for (let attempt = 0; retry.status !== 201 && attempt < 60; attempt++) {
    await sleep(500);
    retry = await submit();
  }
  return retry;
}

/** A token of 人社's officer. */
const hrssOfficer = (sub: string) =>
  issueToken(PrincipalSchema.parse({ role: 'officer', sub, platform: SLUG, department: 'hrss' }));

describe('Idempotency and races', () => {
  let platform: LocalPlatform;
  let base: string;

  beforeAll(async () => {
    process.env.TZ = 'UTC';
    platform = await startLocalPlatform({
      platforms: [SLUG],
      schedules: false,
      functionLogs: 'discard',
    });
    base = `${platform.url}/${SLUG}`;
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  });

  it('makes one case of 100 concurrent submissions with one Idempotency-Key', async () => {
    // Prepare
    const { application, token } = await applicant(1);
    const key = `race-${randomUUID()}`;
    const submit = keyedSubmit(base, token, application, key);

    // Act: all at once; a client told 409 REQUEST_IN_PROGRESS (the first is still at work)
    // asks again, with the same key and body, until it has its answer.
    const first = await Promise.all(Array.from({ length: 100 }, submit));
    const answers = await Promise.all(
      first.map(async (res) => {
        let answer = res;
        for (let attempt = 0; answer.status === 409 && attempt < 100; attempt++) {
          await sleep(100);
          answer = await submit();
        }
        return answer;
      }),
    );

    // Assess: each first answer is the case or "in progress", never a second case
    for (const res of first) {
      if (res.status === 409) expect(res.code).toBe('REQUEST_IN_PROGRESS');
      else expect(res.status).toBe(201);
    }
    expect(answers.map((r) => r.status)).toEqual(Array(100).fill(201));
    const caseIds = new Set(answers.map(caseIdOf));
    expect(caseIds.size).toBe(1);
    const [caseId] = caseIds;
    expect(await myCases(base, token)).toEqual([caseId]);
  });

  it('lets exactly one of 50 concurrent decisions on a task win, and records only that one', async () => {
    // Prepare: a case whose task has reached the department (dispatch done)
    const { application, token } = await applicant(2);
    const filed = await call(`${base}/v1/cases`, { method: 'POST', token, body: application });
    expect(filed.status).toBe(201);
    const caseId = caseIdOf(filed) as string;
    await platform.drain(SLUG);
    const officer = await hrssOfficer('races-officer-hrss');
    const read = await call(`${base}/v1/cases/${caseId}`, { method: 'GET', token: officer });
    const task = (read.json as { tasks: { department: string; version: number }[] }).tasks.find(
      (t) => t.department === 'hrss',
    );
    expect(task).toBeDefined();

    // Act: fifty officers' 受理 on the version they all read
    const decisions = await Promise.all(
      Array.from({ length: 50 }, () =>
        call(`${base}/v1/cases/${caseId}/tasks/hrss/decision`, {
          method: 'POST',
          token: officer,
          body: { action: 'accept', expectedVersion: task?.version },
        }),
      ),
    );

    // Assess
    const statuses = decisions.map((d) => d.status).sort();
    expect(statuses).toEqual([200, ...Array(49).fill(409)]);
    for (const lost of decisions.filter((d) => d.status === 409)) {
      expect(lost.code).toBe('VERSION_CONFLICT');
    }
    const after = await call(`${base}/v1/cases/${caseId}`, { method: 'GET', token });
    const timeline = (after.json as { timeline: { event: string; department?: string }[] })
      .timeline;
    expect(timeline.filter((e) => e.event === 'accept')).toHaveLength(1);
  });
});

describe('Idempotency when the function dies after its write', () => {
  let platform: LocalPlatform;
  let base: string;

  beforeAll(async () => {
    process.env.TZ = 'UTC';
    // Every write succeeds and then its function dies: the caller gets a 5xx for a case that
    // was made, and Powertools' in-progress record is left behind, as when Lambda kills it.
    platform = await startLocalPlatform({
      platforms: [SLUG],
      schedules: false,
      functionLogs: 'discard',
      faults: { seed: 1, handlers: { dieAfterWriteRate: 1 } },
    });
    base = `${platform.url}/${SLUG}`;
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  });

  it('answers a retry with the same key with the case the dead attempt made', async () => {
    // Prepare
    const { application, token } = await applicant(3);
    const key = `died-${randomUUID()}`;
    const submit = keyedSubmit(base, token, application, key);

    // Act: the first attempt writes the case and dies; the client retries as told (409 while
    // the dead attempt's record is in progress, until the function's timeout frees it).
    const first = await submit();
    const retry = await retryUntilCreated(submit);

    // Assess: one case, however many attempts ran; the retry's answer is that case
    expect(first.status).toBeGreaterThanOrEqual(500);
    expect(platform.faults?.counts()['handler.diedAfterWrite']).toBeGreaterThan(0);
    const cases = await myCases(base, token);
    expect(cases).toHaveLength(1);
    expect(retry.status).toBe(201);
    expect(caseIdOf(retry)).toBe(cases[0]);
  }, 60_000);

  it('answers the retry even when the department decided meanwhile (a view with unset optional fields)', async () => {
    // Prepare: the first attempt writes the case and dies; the task reaches 人社, whose officer
    // accepts and approves it (准予, a decision without a reason; each write goes through and its
    // function dies after it as well)
    const { application, token } = await applicant(4);
    const key = `died-decided-${randomUUID()}`;
    const submit = keyedSubmit(base, token, application, key);
    const first = await submit();
    expect(first.status).toBeGreaterThanOrEqual(500);
    const [caseId] = await myCases(base, token);
    await platform.drain(SLUG);
    const officer = await hrssOfficer('races-officer-hrss-2');
    for (const action of ['accept', 'approve']) {
      const read = await call(`${base}/v1/cases/${caseId}`, { method: 'GET', token: officer });
      const version = (read.json as { tasks: { version: number }[] }).tasks[0]?.version;
      await call(`${base}/v1/cases/${caseId}/tasks/hrss/decision`, {
        method: 'POST',
        token: officer,
        body: { action, expectedVersion: version },
      });
    }

    // Act: the client retries with its key until it is answered
    const retry = await retryUntilCreated(submit);

    // Assess: the case, as it stands now, decision included
    expect(retry.status).toBe(201);
    expect(caseIdOf(retry)).toBe(caseId);
    const task = (retry.json as { tasks: { status: string; decision?: unknown }[] }).tasks[0];
    expect(task?.status).toBe('approved');
    expect(task?.decision).toMatchObject({ outcome: 'approved' });
    expect(await myCases(base, token)).toEqual([caseId]);
  }, 60_000);
});
