import { type CaseView, CaseViewSchema } from '@jilin/cases';
import { ratingMonthOf } from '@jilin/domain';
import { ROUTES, routeKey } from '@jilin/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../src/platform';
import { contractViolations } from '../support/contract';
import {
  type Api,
  type ApiResponse,
  apiOf,
  application,
  CITY,
  claimsOf,
  codeOf,
  isGatewayAnswer,
  OTHER_CITY,
  person,
  problemDefect,
  ROUTED,
  SOCIAL_CARD,
  startSecurityPlatform,
  tokenOf,
  UNROUTED,
} from './support';

/**
 * Every route of the platform's ROUTES × every kind of caller, with the status each must get,
 * against the real platform over HTTP. The platform's rules: 401 without a (valid) token on a
 * protected route; 403 for a role the route does not admit, or an act on what the caller may
 * see but not do; 404 for a case the caller may not see (it does not exist for them); 2xx
 * otherwise. An allowed call that changes a case acts on a case of its own and is shown to have
 * really happened; a refused one acts on a shared case that would allow it, and the shared
 * cases are shown unchanged at the end.
 */

const CALLERS = [
  'anonymous',
  'owner',
  'other citizen',
  'city window',
  'other city window',
  'routed officer',
  'unrouted officer',
  'city admin',
  'other city admin',
] as const;
type Caller = (typeof CALLERS)[number];
type Row = Readonly<Record<Caller, number>>;

const everyone = (status: number): Row =>
  Object.fromEntries(CALLERS.map((caller) => [caller, status])) as Record<Caller, number>;

/** A route only the owner and the city's window may call on a case (acting for the applicant). */
const APPLICANT_ACTION: Row = {
  anonymous: 401,
  owner: 200,
  'other citizen': 404,
  'city window': 200,
  'other city window': 404,
  'routed officer': 403,
  'unrouted officer': 403,
  'city admin': 403,
  'other city admin': 403,
};

/** The expected status of every cell, by route key as in ROUTES. */
const EXPECTED: Readonly<Record<string, Row>> = {
  'GET /v1/catalogue/services': everyone(200),
  'GET /v1/catalogue/services/{code}': everyone(200),
  'GET /v1/catalogue/departments': everyone(200),
  'POST /v1/cases': {
    anonymous: 401,
    owner: 201,
    'other citizen': 403, // filing in someone else's name
    'city window': 201,
    'other city window': 403,
    'routed officer': 403,
    'unrouted officer': 403,
    'city admin': 403,
    'other city admin': 403,
  },
  'GET /v1/cases': {
    anonymous: 401,
    owner: 200,
    'other citizen': 403, // another person's number: only one's own list
    'city window': 200,
    'other city window': 403,
    'routed officer': 403,
    'unrouted officer': 403,
    'city admin': 403,
    'other city admin': 403,
  },
  'GET /v1/cases/{caseId}': {
    anonymous: 401,
    owner: 200,
    'other citizen': 404,
    'city window': 200,
    'other city window': 404,
    'routed officer': 200,
    'unrouted officer': 404,
    'city admin': 200,
    'other city admin': 404,
  },
  'POST /v1/cases/{caseId}/withdraw': APPLICANT_ACTION,
  'POST /v1/cases/{caseId}/resubmit': APPLICANT_ACTION,
  'POST /v1/cases/{caseId}/rating': APPLICANT_ACTION,
  'POST /v1/cases/{caseId}/deliver': {
    anonymous: 401,
    owner: 403,
    'other citizen': 403,
    'city window': 200,
    'other city window': 404, // a case one may not see does not exist
    'routed officer': 403,
    'unrouted officer': 403,
    'city admin': 403,
    'other city admin': 403,
  },
  'GET /v1/departments/{department}/tasks': {
    anonymous: 401,
    owner: 403,
    'other citizen': 403,
    'city window': 403,
    'other city window': 403,
    'routed officer': 200,
    'unrouted officer': 403, // another department's worklist
    'city admin': 200,
    'other city admin': 403,
  },
  'POST /v1/cases/{caseId}/tasks/{department}/decision': {
    anonymous: 401,
    owner: 403,
    'other citizen': 403,
    'city window': 403,
    'other city window': 403,
    'routed officer': 200,
    'unrouted officer': 404, // deciding its own department's part: the case has none
    'city admin': 403,
    'other city admin': 403,
  },
  'GET /v1/departments/{department}/follow-ups': {
    anonymous: 401,
    owner: 403,
    'other citizen': 403,
    'city window': 403,
    'other city window': 403,
    'routed officer': 200,
    'unrouted officer': 403, // another department's list
    'city admin': 200,
    'other city admin': 403,
  },
  'GET /v1/departments/{department}/rating-stats': {
    anonymous: 401,
    owner: 403,
    'other citizen': 403,
    'city window': 403,
    'other city window': 403,
    'routed officer': 200,
    'unrouted officer': 403, // another department's statistics
    'city admin': 200,
    'other city admin': 403,
  },
  'GET /v1/rating-stats': {
    anonymous: 401,
    owner: 403,
    'other citizen': 403,
    'city window': 403,
    'other city window': 403,
    'routed officer': 403,
    'unrouted officer': 403,
    'city admin': 200,
    'other city admin': 403,
  },
  'POST /v1/cases/{caseId}/rating/follow-up': {
    anonymous: 401,
    owner: 403,
    'other citizen': 403,
    'city window': 403,
    'other city window': 403,
    'routed officer': 200, // the service's 实施机构, which answers for its 差评
    'unrouted officer': 404, // a case it may not see does not exist
    'city admin': 403,
    'other city admin': 403,
  },
};

/**
 * Cells where the platform answers otherwise today: the status it gives, and why the expectation
 * above is the rule. Such a cell is reported as skipped while it answers exactly that, fails on
 * any other status, and fails once fixed until it leaves this list.
 */
const KNOWN_DEVIATIONS: Readonly<
  Record<string, Partial<Record<Caller, { readonly now: number; readonly why: string }>>>
> = {};

const owner = person('22010219880615224', '孙丽娜', '13604310021');
const otherCitizen = person('22010519910203357', '周杰', '13704310022');

type State = 'prereview' | 'correction_requested' | 'completed' | 'rated_negative';
const STATES: readonly State[] = [
  'prereview',
  'correction_requested',
  'completed',
  'rated_negative',
];

let platform: LocalPlatform;
let api: Api;
let tokens: Readonly<Record<Caller, string | undefined>>;
/** Cases the refused calls act on, one in each state a route needs. */
let shared: Readonly<Record<State, string>>;
let sharedBefore: Readonly<Record<string, CaseView>>;
/** Cases of their own for the allowed calls that change a case, by state. */
const fresh = new Map<State, string[]>();

beforeAll(async () => {
  platform = await startSecurityPlatform();
  api = apiOf(platform);
  tokens = {
    anonymous: undefined,
    owner: await tokenOf(claimsOf.citizen(owner)),
    'other citizen': await tokenOf(claimsOf.citizen(otherCitizen)),
    'city window': await tokenOf(claimsOf.window()),
    'other city window': await tokenOf(claimsOf.window(OTHER_CITY)),
    'routed officer': await tokenOf(claimsOf.officer(ROUTED)),
    'unrouted officer': await tokenOf(claimsOf.officer(UNROUTED)),
    'city admin': await tokenOf(claimsOf.admin()),
    'other city admin': await tokenOf(claimsOf.admin(OTHER_CITY)),
  };
  // one shared case per state, and one more for each allowed cell of a route that changes it
  const needed: State[] = [...STATES];
  for (const [key, scenario] of Object.entries(SCENARIOS)) {
    const consumes = scenario.consumes;
    if (!consumes) continue;
    for (const caller of CALLERS) if ((EXPECTED[key]?.[caller] ?? 999) < 300) needed.push(consumes);
  }
  const ids = await casesIn(needed);
  shared = {
    prereview: ids[0] ?? '',
    correction_requested: ids[1] ?? '',
    completed: ids[2] ?? '',
    rated_negative: ids[3] ?? '',
  };
  ids.slice(STATES.length).forEach((id, i) => {
    const state = needed[i + STATES.length] as State;
    fresh.set(state, [...(fresh.get(state) ?? []), id]);
  });
  sharedBefore = Object.fromEntries(
    await Promise.all(Object.values(shared).map(async (id) => [id, await readAsOwner(id)])),
  );
}, 120_000);

afterAll(async () => {
  await platform?.stop();
}, 60_000);

// ---------------------------------------------------------------------------------------------
// Cases, through the API as their owner and the routed department would make them

const view = (res: ApiResponse): CaseView => {
  if (res.status >= 300) throw new Error(`expected a case, got ${res.status}: ${res.text}`);
  return CaseViewSchema.parse(res.json);
};

/** The month (Beijing time) the seeded 差评 was given in: its statistics' month. */
const ratedMonth = async (): Promise<string> =>
  ratingMonthOf((await readAsOwner(shared.rated_negative)).rating?.at ?? '');

const readAsOwner = async (caseId: string): Promise<CaseView> =>
  view(await api.get(`/v1/cases/${caseId}`, { token: tokens.owner }));

/** The routed department's decision, on the task version it last saw. */
async function decide(caseId: string, action: string, extra: Record<string, unknown> = {}) {
  const current = await api.get(`/v1/cases/${caseId}`, { token: tokens['routed officer'] });
  const task = view(current).tasks.find((t) => t.department === ROUTED);
  return view(
    await api.post(`/v1/cases/${caseId}/tasks/${ROUTED}/decision`, {
      token: tokens['routed officer'],
      json: { action, expectedVersion: task?.version, ...extra },
    }),
  );
}

/** New cases of the owner's 社会保障卡申领, filed together and each taken to its state. */
async function casesIn(states: readonly State[]): Promise<string[]> {
  const filed = await Promise.all(
    states.map(async () =>
      view(await api.post('/v1/cases', { token: tokens.owner, json: application(owner) })),
    ),
  );
  await platform.drain(CITY);
  return Promise.all(
    filed.map(async ({ caseId }, i) => {
      const state = states[i];
      if (state === 'correction_requested') {
        await decide(caseId, 'request_correction', {
          reason: '照片不符合要求，请重新上传白底彩色照片',
          materials: ['photo'],
        });
      } else if (state === 'completed' || state === 'rated_negative') {
        for (const action of ['accept', 'approve', 'complete']) await decide(caseId, action);
      }
      if (state === 'rated_negative') {
        view(
          await api.post(`/v1/cases/${caseId}/rating`, {
            token: tokens.owner,
            json: { level: 'dissatisfied', comment: '材料要求没有一次说清楚' },
          }),
        );
      }
      expect((await readAsOwner(caseId)).status).toBe(
        state === 'rated_negative' ? 'completed' : state,
      );
      return caseId;
    }),
  );
}

/** A case of its own, in the state, for an allowed call that changes it. */
function freshCase(state: State): string {
  const id = fresh.get(state)?.pop();
  if (!id) throw new Error(`no fresh case in ${state} left: count the allowed cells again`);
  return id;
}

// ---------------------------------------------------------------------------------------------
// What each route's request is, and how an allowed call is shown to have happened

interface Scenario {
  /** The state of the case an allowed call changes (each gets a case of its own). */
  readonly consumes?: State;
  /**
   * Sends the route's request as the caller. `allowed`: the cell expects success, so a call
   * that changes a case gets a case of its own to change.
   */
  readonly send: (
    caller: Caller,
    allowed: boolean,
  ) => Promise<{ res: ApiResponse; caseId?: string }>;
  /** For an allowed call: that it did what it says. */
  readonly verify: (res: ApiResponse, caller: Caller, caseId: string | undefined) => Promise<void>;
}

const RESUBMISSION = {
  materials: [
    {
      materialId: 'photo',
      source: { kind: 'upload', objectKey: 'uploads/photo-2.jpg' },
      trustLevel: 'C',
    },
  ],
};

/** A POST on a case in `state`: one of its own when allowed, else the shared one. */
const onCase =
  (
    state: State,
    path: (caseId: string, caller: Caller) => string,
    body: (caseId: string) => Promise<unknown> | unknown,
  ) =>
  async (caller: Caller, allowed: boolean) => {
    const caseId = allowed ? freshCase(state) : shared[state];
    const res = await api.post(path(caseId, caller), {
      token: tokens[caller],
      json: await body(caseId),
    });
    return { res, caseId };
  };

const officerDepartment = (caller: Caller): string =>
  caller === 'unrouted officer' ? UNROUTED : ROUTED;

const SCENARIOS: Readonly<Record<string, Scenario>> = {
  'GET /v1/catalogue/services': {
    send: async (caller) => ({
      res: await api.get('/v1/catalogue/services', { token: tokens[caller] }),
    }),
    verify: async (res) => {
      const codes = (res.json as { services: { code: string }[] }).services.map((s) => s.code);
      expect(codes).toContain(SOCIAL_CARD);
    },
  },
  'GET /v1/catalogue/services/{code}': {
    send: async (caller) => ({
      res: await api.get(`/v1/catalogue/services/${SOCIAL_CARD}`, { token: tokens[caller] }),
    }),
    verify: async (res) => {
      expect(res.json).toMatchObject({ code: SOCIAL_CARD, department: ROUTED });
    },
  },
  'GET /v1/catalogue/departments': {
    send: async (caller) => ({
      res: await api.get('/v1/catalogue/departments', { token: tokens[caller] }),
    }),
    verify: async (res) => {
      const ids = (res.json as { departments: { id: string }[] }).departments.map((d) => d.id);
      expect(ids).toEqual(expect.arrayContaining([ROUTED, UNROUTED]));
    },
  },
  'POST /v1/cases': {
    send: async (caller) => ({
      res: await api.post('/v1/cases', { token: tokens[caller], json: application(owner) }),
    }),
    verify: async (res, caller) => {
      const filed = view(res);
      expect(res.headers.location).toBe(`/v1/cases/${filed.caseId}`);
      expect(filed.channel).toBe(caller === 'city window' ? 'window' : 'online');
      const mine = await readAsOwner(filed.caseId);
      expect(mine.applicant).toMatchObject({ idNumber: owner.idNumber, masked: false });
    },
  },
  'GET /v1/cases': {
    send: async (caller) => ({
      res: await api.get(`/v1/cases?applicant=${owner.idNumber}&limit=100`, {
        token: tokens[caller],
      }),
    }),
    verify: async (res) => {
      const ids = (res.json as { items: { caseId: string }[] }).items.map((i) => i.caseId);
      expect(ids).toEqual(expect.arrayContaining(Object.values(shared)));
    },
  },
  'GET /v1/cases/{caseId}': {
    send: async (caller) => ({
      res: await api.get(`/v1/cases/${shared.prereview}`, { token: tokens[caller] }),
      caseId: shared.prereview,
    }),
    verify: async (res, caller) => {
      const seen = view(res);
      expect(seen.caseId).toBe(shared.prereview);
      expect(seen.applicant.masked).toBe(caller !== 'owner');
    },
  },
  'POST /v1/cases/{caseId}/withdraw': {
    consumes: 'prereview',
    send: onCase(
      'prereview',
      (id) => `/v1/cases/${id}/withdraw`,
      () => ({ reason: '已通过其他渠道办理' }),
    ),
    verify: async (res, _caller, caseId) => {
      expect(view(res).status).toBe('withdrawn');
      expect((await readAsOwner(caseId ?? '')).status).toBe('withdrawn');
    },
  },
  'POST /v1/cases/{caseId}/resubmit': {
    consumes: 'correction_requested',
    send: onCase(
      'correction_requested',
      (id) => `/v1/cases/${id}/resubmit`,
      () => RESUBMISSION,
    ),
    verify: async (res, _caller, caseId) => {
      expect(view(res).status).toBe('prereview');
      const after = await readAsOwner(caseId ?? '');
      expect(after.tasks.map((t) => t.status)).toEqual(['prereview']);
      expect(after.timeline.at(-1)?.event).toBe('resubmit');
    },
  },
  'POST /v1/cases/{caseId}/rating': {
    consumes: 'completed',
    send: onCase(
      'completed',
      (id) => `/v1/cases/${id}/rating`,
      () => ({ level: 'very_satisfied', comment: '窗口服务热情' }),
    ),
    verify: async (res, caller, caseId) => {
      // the applicant's own rating online; the window's, given at the window, kept apart
      const field = caller === 'city window' ? 'windowRating' : 'rating';
      expect(view(res)[field]?.level).toBe('very_satisfied');
      expect((await readAsOwner(caseId ?? ''))[field]?.level).toBe('very_satisfied');
    },
  },
  'POST /v1/cases/{caseId}/deliver': {
    consumes: 'completed',
    send: onCase(
      'completed',
      (id) => `/v1/cases/${id}/deliver`,
      () => undefined,
    ),
    verify: async (res, _caller, caseId) => {
      expect(view(res).status).toBe('delivered');
      expect((await readAsOwner(caseId ?? '')).status).toBe('delivered');
    },
  },
  'GET /v1/departments/{department}/tasks': {
    send: async (caller) => ({
      res: await api.get(`/v1/departments/${ROUTED}/tasks?status=prereview&limit=100`, {
        token: tokens[caller],
      }),
    }),
    verify: async (res) => {
      const ids = (res.json as { items: { caseId: string }[] }).items.map((i) => i.caseId);
      expect(ids).toContain(shared.prereview);
    },
  },
  'POST /v1/cases/{caseId}/tasks/{department}/decision': {
    consumes: 'prereview',
    send: onCase(
      'prereview',
      (id, caller) => `/v1/cases/${id}/tasks/${officerDepartment(caller)}/decision`,
      async (id) => ({
        action: 'accept',
        expectedVersion: (await readAsOwner(id)).tasks[0]?.version,
      }),
    ),
    verify: async (res, _caller, caseId) => {
      expect(view(res).tasks.find((t) => t.department === ROUTED)?.status).toBe('accepted');
      expect((await readAsOwner(caseId ?? '')).status).toBe('accepted');
    },
  },
  'GET /v1/departments/{department}/follow-ups': {
    send: async (caller) => ({
      res: await api.get(`/v1/departments/${ROUTED}/follow-ups?limit=100`, {
        token: tokens[caller],
      }),
    }),
    verify: async (res) => {
      const ids = (res.json as { items: { caseId: string }[] }).items.map((i) => i.caseId);
      expect(ids).toContain(shared.rated_negative);
    },
  },
  'GET /v1/departments/{department}/rating-stats': {
    send: async (caller) => {
      const month = await ratedMonth();
      return {
        res: await api.get(`/v1/departments/${ROUTED}/rating-stats?from=${month}&to=${month}`, {
          token: tokens[caller],
        }),
      };
    },
    verify: async (res) => {
      // the seeded 差评 counts for its service's 实施机构, this month
      const stats = res.json as { department: string; total: { negative: number } };
      expect(stats.department).toBe(ROUTED);
      expect(stats.total.negative).toBeGreaterThanOrEqual(1);
    },
  },
  'GET /v1/rating-stats': {
    send: async (caller) => ({
      res: await api.get(`/v1/rating-stats?month=${await ratedMonth()}`, { token: tokens[caller] }),
    }),
    verify: async (res) => {
      const overview = res.json as { departments: { department: string; negative: number }[] };
      const routed = overview.departments.find((d) => d.department === ROUTED);
      expect(routed?.negative).toBeGreaterThanOrEqual(1);
    },
  },
  'POST /v1/cases/{caseId}/rating/follow-up': {
    consumes: 'rated_negative',
    send: onCase(
      'rated_negative',
      (id) => `/v1/cases/${id}/rating/follow-up`,
      () => ({ finding: '情况属实', rectification: '已在窗口公示材料清单' }),
    ),
    verify: async (res, _caller, caseId) => {
      expect(view(res).rating?.followUp?.state).toBe('closed');
      const seen = await readAsOwner(caseId ?? '');
      expect(seen.rating?.followUp).toMatchObject({ rectification: '已在窗口公示材料清单' });
    },
  },
};

/** The problem code (or API Gateway body) each refusal must carry. */
function assertRefusal(res: ApiResponse, expected: number, route: string): void {
  if (expected === 401) {
    expect(isGatewayAnswer(res), res.text).toBe(true);
    return;
  }
  expect(problemDefect(res), res.text).toBeUndefined();
  const code = codeOf(res);
  if (expected === 403) expect(code).toBe('FORBIDDEN');
  if (expected === 404) expect(code).toBe(route.includes('{caseId}') ? 'CASE_NOT_FOUND' : code);
}

// ---------------------------------------------------------------------------------------------
// Tests

describe('Authorisation: every route of ROUTES × every caller', () => {
  it('has a row for every route of ROUTES, and none for a route that does not exist', () => {
    // Assess
    const keys = ROUTES.map(routeKey).sort();
    expect(Object.keys(EXPECTED).sort()).toEqual(keys);
    expect(Object.keys(SCENARIOS).sort()).toEqual(keys);
    for (const route of Object.keys(KNOWN_DEVIATIONS)) expect(keys).toContain(route);
  });

  describe.each(ROUTES.map(routeKey))('%s', (key) => {
    const cells = CALLERS.map((caller) => ({
      caller,
      expected: EXPECTED[key]?.[caller],
      deviation: KNOWN_DEVIATIONS[key]?.[caller],
    }));

    for (const { caller, expected, deviation } of cells) {
      it(`${caller} → ${expected ?? 'no row'}`, async (context) => {
        // Prepare
        const scenario = SCENARIOS[key];
        if (expected === undefined || !scenario) {
          throw new Error(`${key} has no row in EXPECTED or SCENARIOS: add one for every caller`);
        }
        const allowed = expected < 300;

        // Act
        const { res, caseId } = await scenario.send(caller, allowed);

        // Assess
        if (deviation) {
          expect(res.status, `fixed? then remove ${key} × ${caller} from KNOWN_DEVIATIONS`).toBe(
            deviation.now,
          );
          context.skip(
            `known deviation: answers ${deviation.now}, should be ${expected}: ${deviation.why}`,
          );
        }
        expect(res.status, res.text).toBe(expected);
        // every answer is the contract's, API Gateway's own 401 included
        const type = String(res.headers['content-type'] ?? '');
        expect(contractViolations(key, res.status, type, res.json)).toEqual([]);
        if (allowed) await scenario.verify(res, caller, caseId);
        else assertRefusal(res, expected, key);
      });
    }
  });

  it('left the cases the refused calls acted on as they were', async () => {
    // Act
    const now = await Promise.all(Object.keys(sharedBefore).map(readAsOwner));

    // Assess
    expect(Object.fromEntries(now.map((c) => [c.caseId, c]))).toEqual(sharedBefore);
  });
});
