import { randomUUID } from 'node:crypto';
import { type CaseView, CaseViewSchema } from '@jilin/cases';
import { maskIdentifier, maskName, maskPhone } from '@jilin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../src/platform';
import {
  type Api,
  type ApiResponse,
  apiOf,
  application,
  CITY,
  captureOutput,
  claimsOf,
  codeOf,
  creditCode,
  findPersonalData,
  forgedToken,
  type OutputCapture,
  organisationApplication,
  person,
  ROUTED,
  send,
  startSecurityPlatform,
  tokenOf,
} from './support';

/**
 * Personal data (个人信息保护法, 网络安全法): no full 公民身份号码, 统一社会信用代码 or mobile number
 * in any log line the platform writes through a realistic day of work, and the case as the API
 * shows it masks the applicant for everyone but the applicant.
 */

/** Applies online for herself. */
const owner = person('22010219870421346', '欧阳娜娜', '13944310031');
/** Walks in: the window files for him. */
const walkIn = person('22018219620907581', '王建国', '15843110032');
/** The legal representative of a haulage company, who files for it online. */
const representative = person('22010419750130112', '刘德明', '18643110033');
const company = { creditCode: creditCode('91220104MA17H3QX2'), name: '长春市德明运输有限公司' };
/** An employee who acts for the company online (经办人), not its representative. */
const agent = person('22010419880312224', '孙丽', '18643110035');
/** Never part of the flow: the numbers of the planted log line. */
const planted = person('22010619990909875', '测试', '17743110034');
const plantedCompany = creditCode('91220106MA0000P1K');

/** The marker of the test-only log line. */
const PLANTED_MARKER = 'security-test-planted-line';

let platform: LocalPlatform;
let api: Api;
let output: OutputCapture;
let tokens: {
  owner: string;
  representative: string;
  agent: string;
  window: string;
  officer: string;
  transportOfficer: string;
  admin: string;
};

beforeAll(async () => {
  output = captureOutput();
  platform = await startSecurityPlatform();
  api = apiOf(platform);
  tokens = {
    owner: await tokenOf(claimsOf.citizen(owner)),
    representative: await tokenOf(claimsOf.citizen(representative, company.creditCode)),
    agent: await tokenOf(claimsOf.citizen(agent, company.creditCode)),
    window: await tokenOf(claimsOf.window()),
    officer: await tokenOf(claimsOf.officer(ROUTED)),
    transportOfficer: await tokenOf(claimsOf.officer('transport')),
    admin: await tokenOf(claimsOf.admin()),
  };
}, 120_000);

afterAll(async () => {
  output?.stop();
  await platform?.stop();
}, 60_000);

const view = (res: ApiResponse): CaseView => {
  if (res.status >= 300) throw new Error(`expected a case, got ${res.status}: ${res.text}`);
  return CaseViewSchema.parse(res.json);
};

/** The routed department's decision on the version of its task it last saw. */
async function decide(
  caseId: string,
  department: string,
  token: string,
  action: string,
  extra: Record<string, unknown> = {},
): Promise<CaseView> {
  const task = view(await api.get(`/v1/cases/${caseId}`, { token })).tasks.find(
    (t) => t.department === department,
  );
  return view(
    await api.post(`/v1/cases/${caseId}/tasks/${department}/decision`, {
      token,
      json: { action, expectedVersion: task?.version, ...extra },
    }),
  );
}

/** Every number of the flow: none may appear in full in a log line. */
const FLOW_NUMBERS = [
  owner.idNumber,
  owner.phone,
  walkIn.idNumber,
  walkIn.phone,
  representative.idNumber,
  representative.phone,
  company.creditCode,
];

describe('Function: findPersonalData', () => {
  it.each([
    ['an ID number in a sentence', `申请人${owner.idNumber}已提交`, 'citizen-id', owner.idNumber],
    [
      'an ID number with a lower-case x',
      'id 11010519491231002x',
      'citizen-id',
      '11010519491231002X',
    ],
    ['an ID number inside a longer run', `0${owner.idNumber}9`, 'citizen-id', owner.idNumber],
    [
      'a credit code in JSON',
      `{"code":"${company.creditCode}"}`,
      'credit-code',
      company.creditCode,
    ],
    ['a mobile number', `tel:${owner.phone}.`, 'mobile', owner.phone],
    ['a mobile number in 3-4-4 groups', '电话 139-4431-0031', 'mobile', '13944310031'],
  ])('finds %s', (_, text, kind, value) => {
    // Act / Assess
    expect(findPersonalData(text)).toContainEqual({ kind, value });
  });

  it.each([
    ['a masked ID number', maskIdentifier(owner.idNumber)],
    ['a masked mobile number', maskPhone(owner.phone)],
    [
      'an ID number with a wrong check character',
      owner.idNumber.slice(0, 17) + (owner.idNumber.endsWith('0') ? '1' : '0'),
    ],
    ['a millisecond timestamp', '{"Timestamp":1795666702545}'],
    ['a mobile-like run inside a longer digit run', '8613944310031'],
    ['a request id', '{"function_request_id":"5df73aea-7b7c-4420-a09f-13944310031a"}'],
  ])('finds nothing in %s', (_, text) => {
    // Act / Assess
    expect(findPersonalData(text)).toEqual([]);
  });
});

describe('Personal data', () => {
  let cases: { online: string; window: string; company: string };

  describe('in the logs', () => {
    it('writes no full 公民身份号码, 统一社会信用代码 or mobile number through a day of work', async () => {
      // Prepare / Act: a realistic flow, every function and the gateway involved
      // 一网: a citizen files for herself; 一窗: the window files for a walk-in, and retries
      const online = view(
        await api.post('/v1/cases', { token: tokens.owner, json: application(owner) }),
      );
      const key = { 'idempotency-key': `window-${randomUUID()}` };
      const atWindow = await api.post('/v1/cases', {
        token: tokens.window,
        json: application(walkIn),
        headers: key,
      });
      const retried = await api.post('/v1/cases', {
        token: tokens.window,
        json: application(walkIn),
        headers: key,
      });
      expect(view(retried).caseId).toBe(view(atWindow).caseId);
      const forCompany = view(
        await api.post('/v1/cases', {
          token: tokens.representative,
          json: organisationApplication(company, representative),
        }),
      );
      cases = { online: online.caseId, window: view(atWindow).caseId, company: forCompany.caseId };
      await platform.drain(CITY);

      // reads by the owner, the department, the window, the admin; lists and look-ups
      for (const token of [tokens.owner, tokens.officer, tokens.window, tokens.admin]) {
        view(await api.get(`/v1/cases/${cases.online}`, { token }));
      }
      for (const [path, token] of [
        ['/v1/cases', tokens.owner],
        [`/v1/cases?applicant=${walkIn.idNumber}`, tokens.window],
        [`/v1/cases?applicant=${company.creditCode}`, tokens.window],
        [`/v1/cases?applicant=${company.creditCode}`, tokens.representative],
        [`/v1/departments/${ROUTED}/tasks`, tokens.officer],
        ['/v1/departments/transport/tasks', tokens.admin],
      ] as const) {
        expect((await api.get(path, { token })).status, path).toBe(200);
      }

      // the department's decisions, a 补正 and its resubmission, delivery and a rating
      await decide(cases.online, ROUTED, tokens.officer, 'request_correction', {
        reason: '照片背景不是白色，请重新上传',
        materials: ['photo'],
      });
      view(
        await api.post(`/v1/cases/${cases.online}/resubmit`, {
          token: tokens.owner,
          json: { materials: photo() },
        }),
      );
      for (const action of ['accept', 'approve', 'complete']) {
        await decide(cases.online, ROUTED, tokens.officer, action);
      }
      view(await api.post(`/v1/cases/${cases.online}/deliver`, { token: tokens.window }));
      view(
        await api.post(`/v1/cases/${cases.online}/rating`, {
          token: tokens.owner,
          json: { level: 'satisfied', comment: '办理很快' },
        }),
      );
      await decide(cases.company, 'transport', tokens.transportOfficer, 'refuse', {
        reason: '车辆行驶证已过期',
      });
      view(
        await api.post(`/v1/cases/${cases.window}/withdraw`, { token: tokens.window, json: {} }),
      );

      // refusals that carry the numbers: a validation error, filing for another, bad JSON …
      const refusals = await Promise.all([
        api.post('/v1/cases', {
          token: tokens.owner,
          json: {
            ...application(owner),
            applicant: { kind: 'natural', ...owner, phone: `${owner.phone}0` },
          },
        }),
        api.post('/v1/cases', {
          token: tokens.owner,
          json: {
            ...application(owner),
            applicant: { kind: 'natural', ...owner, idNumber: `${owner.idNumber.slice(0, 17)}0` },
          },
        }),
        api.post('/v1/cases', { token: tokens.owner, json: application(walkIn) }),
        api.post('/v1/cases', {
          token: tokens.owner,
          json: { ...application(owner), serviceCode: '220100-XX-9999' },
        }),
        send(platform.url, {
          method: 'POST',
          path: `/${CITY}/v1/cases`,
          headers: { authorization: `Bearer ${tokens.owner}`, 'content-type': 'application/json' },
          body: `{"applicant":{"idNumber":"${owner.idNumber}","phone":"${owner.phone}"`,
        }),
        send(platform.url, {
          method: 'POST',
          path: `/${CITY}/v1/cases`,
          headers: { authorization: `Bearer ${tokens.owner}`, 'content-type': 'text/plain' },
          body: JSON.stringify(application(owner)),
        }),
        api.get(`/v1/cases?applicant=${walkIn.idNumber}`, { token: tokens.owner }),
        api.get(`/v1/cases/${cases.online}`, { token: await tokenOf(claimsOf.citizen(walkIn)) }),
      ]);
      expect(refusals.map((res) => res.status)).toEqual([400, 400, 403, 422, 400, 415, 403, 404]);
      expect(refusals.map(codeOf)).toContain('VALIDATION_FAILED');

      // rejected tokens: expired (the gateway), and signed claims that make no principal (the function)
      const expired = await tokenOf(claimsOf.citizen(owner), {
        ttlSeconds: 60,
        now: Date.now() - 3_600_000,
      });
      const badClaims = await forgedToken({
        claims: {
          role: 'citizen',
          sub: owner.idNumber,
          id_number: `${owner.idNumber}9`,
          phone: owner.phone,
        },
      });
      const rejected = await Promise.all(
        [expired, badClaims].map((token) => api.get(`/v1/cases/${cases.online}`, { token })),
      );
      expect(rejected.map((res) => res.status)).toEqual([401, 401]);

      // the hourly overdue scan, and a log line only this test writes
      await platform.runSchedule(CITY);
      process.stderr.write(
        `${JSON.stringify({ level: 'INFO', message: PLANTED_MARKER, idNumber: planted.idNumber, creditCode: plantedCompany, phone: planted.phone })}\n`,
      );
      await platform.drain(CITY);
      await output.settle();

      // Assess: the logs were captured, from every function
      const lines = [...output.lines];
      for (const fn of [
        'submit-application',
        'read-cases',
        'case-action',
        'department-tasks',
        'flag-overdue',
      ]) {
        expect(
          lines.some((line) => line.includes(`"function_name":"${CITY}-${fn}"`)),
          fn,
        ).toBe(true);
      }
      expect(
        lines.some((line) => line.includes('"TaskMessagesSent"')),
        'dispatch-tasks',
      ).toBe(true);
      expect(lines.some((line) => line.includes('"code":"VALIDATION_FAILED"'))).toBe(true);
      expect(lines.some((line) => line.includes('token claims do not make a principal'))).toBe(
        true,
      );
      // the scanner finds the planted numbers in the planted line …
      const plantedLines = lines.filter((line) => line.includes(PLANTED_MARKER));
      expect(plantedLines).toHaveLength(1);
      expect(findPersonalData(plantedLines[0] ?? '')).toEqual(
        expect.arrayContaining([
          { kind: 'citizen-id', value: planted.idNumber },
          { kind: 'credit-code', value: plantedCompany },
          { kind: 'mobile', value: planted.phone },
        ]),
      );
      // … and nothing in any other line, the flow's own numbers included
      const others = lines.filter((line) => !line.includes(PLANTED_MARKER));
      const leaks = others.flatMap((line) =>
        findPersonalData(line).map(
          (finding) => `${finding.kind} ${finding.value} in: ${line.slice(0, 400)}`,
        ),
      );
      expect(leaks).toEqual([]);
      for (const number of FLOW_NUMBERS) {
        expect(
          others.filter((line) => line.includes(number)),
          number,
        ).toEqual([]);
      }
    }, 90_000);
  });

  describe('in responses', () => {
    const viewers = [
      ['the window', () => tokens.window],
      ['the routed officer', () => tokens.officer],
      ['the city admin', () => tokens.admin],
    ] as const;

    it('shows the applicant in full to the owner', async () => {
      // Act
      const mine = view(await api.get(`/v1/cases/${cases.online}`, { token: tokens.owner }));

      // Assess
      expect(mine.applicant).toEqual({ kind: 'natural', ...owner, masked: false });
    });

    it.each(viewers)('masks the applicant’s number, name and phone for %s', async (_, token) => {
      // Act
      const res = await api.get(`/v1/cases/${cases.online}`, { token: token() });

      // Assess
      expect(view(res).applicant).toEqual({
        kind: 'natural',
        idNumber: maskIdentifier(owner.idNumber),
        name: maskName(owner.name),
        phone: maskPhone(owner.phone),
        masked: true,
      });
      expect(findPersonalData(res.text)).toEqual([]);
      for (const value of [owner.idNumber, owner.name, owner.phone]) {
        expect(res.text).not.toContain(value);
      }
    });

    it('masks the applicant in what the window and the department get back from their own acts', async () => {
      // Act: the window files for a walk-in; the department decides on the owner's case
      const filed = await api.post('/v1/cases', {
        token: tokens.window,
        json: application(walkIn),
      });
      await platform.drain(CITY);
      const decided = await api.post(`/v1/cases/${view(filed).caseId}/tasks/${ROUTED}/decision`, {
        token: tokens.officer,
        json: { action: 'accept', expectedVersion: view(filed).tasks[0]?.version },
      });

      // Assess
      for (const res of [filed, decided]) {
        expect(view(res).applicant).toMatchObject({
          idNumber: maskIdentifier(walkIn.idNumber),
          name: maskName(walkIn.name),
          phone: maskPhone(walkIn.phone),
          masked: true,
        });
        expect(findPersonalData(res.text)).toEqual([]);
      }
    });

    it('shows an organisation’s representative and phone in full to it, masked to the department; the representative’s ID number only to the representative', async () => {
      // Act
      const own = await api.get(`/v1/cases/${cases.company}`, { token: tokens.representative });
      const department = await api.get(`/v1/cases/${cases.company}`, {
        token: tokens.transportOfficer,
      });

      // Assess
      expect(view(own).applicant).toEqual({
        kind: 'legal',
        creditCode: company.creditCode,
        name: company.name,
        representative: { name: representative.name, idNumber: representative.idNumber },
        phone: representative.phone,
        masked: false,
      });
      expect(view(department).applicant).toMatchObject({
        representative: {
          name: maskName(representative.name),
          idNumber: maskIdentifier(representative.idNumber),
        },
        phone: maskPhone(representative.phone),
        masked: true,
      });
      // the company's other agents see the case, but not its representative's ID number
      const byAgent = await api.get(`/v1/cases/${cases.company}`, { token: tokens.agent });
      expect(byAgent.status, byAgent.text).toBe(200);
      expect(view(byAgent).applicant).toEqual({
        kind: 'legal',
        creditCode: company.creditCode,
        name: company.name,
        representative: {
          name: representative.name,
          idNumber: maskIdentifier(representative.idNumber),
        },
        phone: representative.phone,
        masked: true,
      });
      expect(byAgent.text).not.toContain(representative.idNumber);
      // the organisation's own registered name and code are public (企业信用信息公示): not masked
      const personal = findPersonalData(department.text).filter(
        (f) => f.value !== company.creditCode,
      );
      expect(personal).toEqual([]);
    });

    it.each([
      ['the owner’s cases', '/v1/cases', () => tokens.owner],
      [
        'the window’s look-up by number',
        `/v1/cases?applicant=${owner.idNumber}`,
        () => tokens.window,
      ],
      [
        'the department’s worklist',
        `/v1/departments/${ROUTED}/tasks?status=delivered`,
        () => tokens.officer,
      ],
      [
        'the admin’s view of a worklist',
        `/v1/departments/${ROUTED}/tasks?status=delivered`,
        () => tokens.admin,
      ],
    ])('lists %s without personal data', async (_, path, token) => {
      // Act
      const res = await api.get(path, { token: token() });

      // Assess
      expect(res.status).toBe(200);
      const items = (res.json as { items: Record<string, unknown>[] }).items;
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) expect(item).not.toHaveProperty('applicant');
      expect(findPersonalData(res.text)).toEqual([]);
      for (const value of [
        owner.idNumber,
        owner.name,
        owner.phone,
        maskName(owner.name),
        maskIdentifier(owner.idNumber),
        maskPhone(owner.phone),
      ]) {
        expect(res.text).not.toContain(value);
      }
    });
  });
});

/** The photo a 补正 asked for, supplied again. */
function photo() {
  return [
    {
      materialId: 'photo',
      source: { kind: 'upload' as const, objectKey: 'uploads/photo-2.jpg' },
      trustLevel: 'C' as const,
    },
  ];
}
