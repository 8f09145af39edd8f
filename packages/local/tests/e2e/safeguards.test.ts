import { randomBytes, randomUUID } from 'node:crypto';
import {
  addDays,
  addWorkingDays,
  deadlineStatus,
  newCaseId,
  openCase,
  type PlainDate,
  toChinaDate,
} from '@jilin/domain';
import { findService } from '@jilin/platform';
import { CaseRepository, createApplicantKeyer, createDocumentClient } from '@jilin/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../src';
import { DEV_APPLICANT_KEY_SECRET, LOCAL_AWS } from '../../src';
import {
  type Api,
  type ApiResponse,
  apiOf,
  application,
  CHANGCHUN,
  caseTableItemCount,
  caseView,
  changchun,
  citizenToken,
  expiredToken,
  materials,
  officerToken,
  type Person,
  person,
  problem,
  SERVICES,
  SIPING,
  startE2ePlatform,
  windowToken,
  withBadCheckCharacter,
  ZH,
} from './support';

let platform: LocalPlatform;
let api: Api;

beforeAll(async () => {
  platform = await startE2ePlatform();
  api = apiOf(platform);
}, 120_000);

afterAll(async () => {
  await platform?.stop();
}, 60_000);

/** Working days before the 承诺时限 from which a case is 预警 (the platform's default). */
const WARN_WITHIN_DAYS = 3;

/**
 * Writes a case straight into the platform's table as if it had been filed on `receivedOn`
 * (the functions run on the real clock, so an old case cannot be filed through the API).
 */
async function seedCase(applicant: Person, receivedOn: PlainDate): Promise<string> {
  const service = findService(changchun, SERVICES.socialCard);
  if (!service) throw new Error('no 社会保障卡申领 in the catalogue');
  const client = createDocumentClient({ ...LOCAL_AWS, endpoint: platform.services.dynamoEndpoint });
  try {
    const repository = new CaseRepository({
      client,
      tableName: platform.services.tables(CHANGCHUN).caseTable,
      applicantKey: createApplicantKeyer(DEV_APPLICANT_KEY_SECRET),
    });
    const now = `${receivedOn}T02:00:00.000Z`; // 10:00 in China
    const record = openCase({
      service,
      application: application(service.code, applicant),
      filedBy: { role: 'citizen', id: `citizen-${applicant.idNumber.slice(-6)}` },
      platform: changchun.code,
      caseId: newCaseId(changchun.code, receivedOn, randomBytes(8)),
      now,
    });
    await repository.createCase(record);
    return record.case.caseId;
  } finally {
    client.destroy();
  }
}

/** The most recent day on which a 社会保障卡 case filed would now be due soon, not yet overdue. */
function dueSoonFilingDay(today: PlainDate): PlainDate {
  const limit = findService(changchun, SERVICES.socialCard)?.promisedLimitDays ?? 0;
  for (let back = 1; back <= 30; back++) {
    const day = addDays(today, -back);
    const { due } = addWorkingDays(day, limit);
    if (deadlineStatus(due, today, WARN_WITHIN_DAYS) === 'due_soon') return day;
  }
  throw new Error(`no filing day puts a case due soon on ${today}`);
}

describe('一号一窗一网 end to end: deadlines, access, idempotency and invalid input', () => {
  it('flags a case past its 承诺时限 as overdue and one near it as due soon', async () => {
    // Prepare: a case filed 30 days ago, one filed so that it is due within the warn window,
    // and one filed today through the API
    const huang = person('22010319700202345', '黄伟', '13504310006');
    const citizen = await citizenToken(huang);
    const today = toChinaDate(new Date());
    const overdue = await seedCase(huang, addDays(today, -30));
    const dueSoon = await seedCase(huang, dueSoonFilingDay(today));
    const fresh = caseView(await api.submit(citizen, application(SERVICES.socialCard, huang)));
    await platform.drain(CHANGCHUN);

    // Act: the hourly schedule, twice
    const first = await platform.runSchedule(CHANGCHUN);
    const second = await platform.runSchedule(CHANGCHUN);

    // Assess: each case flagged once, as the applicant sees it
    // (every other case of this file is a 社会保障卡 filed today: due in 5 working days)
    expect(first).toEqual({
      checked: 2,
      overdue: 1,
      dueSoon: 1,
      conflicts: 0,
      followUpsOverdue: 0,
    });
    expect(second).toEqual({
      checked: 2,
      overdue: 0,
      dueSoon: 0,
      conflicts: 0,
      followUpsOverdue: 0,
    });
    const [late, soon, onTime] = await Promise.all([
      api.read(citizen, overdue),
      api.read(citizen, dueSoon),
      api.read(citizen, fresh.caseId),
    ]);
    expect(late.dueState).toBe('overdue');
    expect(late.timeline.filter((e) => e.event === 'flag_overdue')).toEqual([
      expect.objectContaining({ label: '超期', actor: { role: 'system' } }),
    ]);
    expect(late.timeline.at(-1)?.citizenText).toContain(late.due.date);
    expect(soon.dueState).toBe('due_soon');
    expect(soon.timeline.filter((e) => e.event === 'flag_due_soon')).toHaveLength(1);
    expect(onTime.dueState).toBe('on_time');
    expect(onTime.timeline.some((e) => e.event.startsWith('flag_'))).toBe(false);
  }, 60_000);

  it('answers a second citizen, an officer of another department and another city’s window as if the case did not exist', async () => {
    // Prepare: 郑 files for a 社会保障卡 (decided by 人社 only)
    const zheng = person('22010219830909567', '郑秀英', '13304310007');
    const owner = await citizenToken(zheng);
    const { caseId } = caseView(await api.submit(owner, application(SERVICES.socialCard, zheng)));
    await platform.drain(CHANGCHUN);
    const asFiled = await api.read(owner, caseId);
    const outsiders = {
      'a second citizen': await citizenToken(person('22010219900101111', '吴刚', '13204310008')),
      'an officer of a department the case is not routed to': await officerToken('tax'),
      'window staff of another city (Siping)': await windowToken(SIPING),
    };

    // Act
    const answers = await Promise.all(
      Object.entries(outsiders).map(async ([who, token]) => ({
        who,
        res: await api.get(`/v1/cases/${caseId}`, { token }),
      })),
    );
    const withdrawal = await api.post(`/v1/cases/${caseId}/withdraw`, {
      token: outsiders['a second citizen'],
      json: {},
    });
    const otherCityLookUp = await api.get(`/v1/cases?applicant=${zheng.idNumber}`, {
      token: outsiders['window staff of another city (Siping)'],
    });
    const anonymous = await api.get(`/v1/cases/${caseId}`);
    const expired = await api.get(`/v1/cases/${caseId}`, { token: await expiredToken(zheng) });
    const routed = await api.get(`/v1/cases/${caseId}`, { token: await officerToken('hrss') });
    const ownCityLookUp = await api.caseIds(await windowToken(), zheng.idNumber);

    // Assess: 404 CASE_NOT_FOUND for each, problem+json in Chinese, nothing personal in it
    for (const { who, res } of answers) {
      expect(res.status, who).toBe(404);
      expect(problem(res), who).toMatchObject({ status: 404, code: 'CASE_NOT_FOUND' });
      expect(problem(res).detail, who).toMatch(ZH);
      for (const value of [zheng.idNumber, zheng.name, zheng.phone]) {
        expect(res.text, who).not.toContain(value);
      }
    }
    expect(withdrawal.status).toBe(404);
    expect(problem(withdrawal).code).toBe('CASE_NOT_FOUND');
    expect(otherCityLookUp.status).toBe(403);
    expect(problem(otherCityLookUp).code).toBe('FORBIDDEN');
    expect(otherCityLookUp.text).not.toContain(caseId);
    // without a valid token the API answers 401 before any function runs
    for (const res of [anonymous, expired]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(res.text).not.toContain(zheng.idNumber);
    }
    // while the routed department and the city's own window see it, masked; the case is untouched
    expect(routed.status).toBe(200);
    expect(caseView(routed).applicant).toMatchObject({ masked: true, name: '郑**' });
    expect(routed.text).not.toContain(zheng.idNumber);
    expect(ownCityLookUp).toContain(caseId);
    expect(await api.read(owner, caseId)).toEqual(asFiled);
  }, 60_000);

  it('makes one case of a submission retried with the same Idempotency-Key', async () => {
    // Prepare
    const qian = person('22010619760712890', '钱进', '13104310009');
    const citizen = await citizenToken(qian);
    const before = await api.caseIds(citizen);
    const body = application(SERVICES.socialCard, qian);
    const headers = { 'idempotency-key': `e2e-${randomUUID()}` };
    /** A client that retries while the first attempt is still being processed. */
    const submit = async (json: unknown): Promise<ApiResponse> => {
      for (let attempt = 1; ; attempt++) {
        const res = await api.post('/v1/cases', { token: citizen, json, headers });
        if (res.status !== 409 || attempt >= 40) return res;
        expect(problem(res).code).toBe('REQUEST_IN_PROGRESS');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    // Act: three at once, then two more
    const concurrent = await Promise.all([submit(body), submit(body), submit(body)]);
    const later = [await submit(body), await submit(body)];
    const reused = await api.post('/v1/cases', {
      token: citizen,
      json: { ...body, form: { contactAddress: '长春市朝阳区西安大路1号' } },
      headers,
    });
    const qianDuo = person('22010619760712904', '钱多', '13104310010');
    const otherCaller = await api.submit(
      await citizenToken(qianDuo),
      application(SERVICES.socialCard, qianDuo),
      headers,
    );

    // Assess: the same case every time, and only one in "my cases"
    const responses = [...concurrent, ...later];
    for (const res of responses) expect(res.status, res.text).toBe(201);
    const caseIds = new Set(responses.map((res) => caseView(res).caseId));
    expect(caseIds.size).toBe(1);
    const [caseId] = caseIds;
    for (const res of responses) expect(res.headers.get('location')).toBe(`/v1/cases/${caseId}`);
    const after = await api.caseIds(citizen);
    expect(after.filter((id) => !before.includes(id))).toEqual([caseId]);
    // the same key with another body is refused; another caller's key is their own
    expect(reused.status).toBe(422);
    expect(problem(reused)).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(otherCaller.status).toBe(201);
    expect(caseView(otherCaller).caseId).not.toBe(caseId);
  }, 60_000);

  describe('invalid input: a 4xx problem+json, and nothing written', () => {
    const ma = person('22010419870320246', '马丽', '18604310011');
    const socialCard = () => application(SERVICES.socialCard, ma);
    const cases: readonly {
      readonly what: string;
      readonly status: number;
      readonly code: string;
      readonly send: (token: string) => Promise<ApiResponse>;
      readonly errorCode?: string;
    }[] = [
      {
        what: 'a 公民身份号码 with a wrong check character',
        status: 400,
        code: 'VALIDATION_FAILED',
        errorCode: 'ID_CHECKSUM',
        send: (token) =>
          api.post('/v1/cases', {
            token,
            json: {
              ...socialCard(),
              applicant: {
                ...socialCard().applicant,
                idNumber: withBadCheckCharacter(ma.idNumber),
              },
            },
          }),
      },
      {
        what: 'a service the city does not offer',
        status: 422,
        code: 'UNKNOWN_SERVICE',
        send: (token) => api.submit(token, { ...socialCard(), serviceCode: '220100-XX-9999' }),
      },
      {
        what: 'a required material missing',
        status: 422,
        code: 'MISSING_MATERIAL',
        errorCode: 'MISSING_MATERIAL',
        send: (token) =>
          api.submit(token, {
            ...socialCard(),
            materials: materials(SERVICES.socialCard, ['id-card']),
          }),
      },
      {
        what: 'a person applying for a service for organisations',
        status: 422,
        code: 'WRONG_APPLICANT_TYPE',
        send: (token) => api.submit(token, application(SERVICES.clinicLicence, ma)),
      },
      {
        what: 'a body over 64 KiB',
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        send: (token) =>
          api.post('/v1/cases', {
            token,
            json: { ...socialCard(), padding: '办'.repeat(23_000) },
          }),
      },
      {
        what: 'malformed JSON',
        status: 400,
        code: 'MALFORMED_JSON',
        send: (token) =>
          api.post('/v1/cases', {
            token,
            raw: JSON.stringify(socialCard()).slice(0, -2),
            contentType: 'application/json',
          }),
      },
      {
        what: 'a body that is not JSON (text/plain)',
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        send: (token) =>
          api.post('/v1/cases', {
            token,
            raw: JSON.stringify(socialCard()),
            contentType: 'text/plain',
          }),
      },
    ];

    it.each(cases)(
      'refuses $what with $status $code',
      async ({ status, code, send, errorCode }) => {
        // Prepare
        const token = await citizenToken(ma);
        await platform.drain(CHANGCHUN);
        const itemsBefore = await caseTableItemCount(platform);
        const mineBefore = await api.caseIds(token);

        // Act
        const res = await send(token);

        // Assess
        expect(res.status, res.text).toBe(status);
        const body = problem(res);
        expect(body).toMatchObject({ status, code, type: `urn:jilin:problem:${code}` });
        expect(body.detail).toMatch(ZH);
        if (errorCode) expect(body.errors?.map((e) => e.code)).toContain(errorCode);
        for (const value of [ma.idNumber.slice(0, 17), ma.phone])
          expect(res.text).not.toContain(value);
        await platform.drain(CHANGCHUN);
        expect(await caseTableItemCount(platform)).toBe(itemsBefore);
        expect(await api.caseIds(token)).toEqual(mineBefore);
      },
    );
  });

  it('serves the OpenAPI 3.1 document, and the catalogue without a token', async () => {
    // Act
    const [root, city, service] = await Promise.all([
      fetch(`${platform.url}/openapi.json`),
      fetch(`${platform.url}/changchun/openapi.json`),
      api.get(`/v1/catalogue/services/${SERVICES.companyStartUp}`),
    ]);

    // Assess
    expect(root.status).toBe(200);
    const doc = (await root.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/cases', '/v1/cases/{caseId}/tasks/{department}/decision']),
    );
    expect(city.status).toBe(200);
    const cityDoc = (await city.json()) as { openapi: string; servers: { url: string }[] };
    expect(cityDoc.openapi).toMatch(/^3\.1\./);
    expect(cityDoc.servers).toEqual([{ url: `${platform.url}/changchun` }]);
    expect(service.status).toBe(200);
    expect(service.json).toMatchObject({ code: SERVICES.companyStartUp, bundled: true });
  });
});
