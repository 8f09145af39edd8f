import {
  CaseListQuerySchema,
  CaseParamsSchema,
  DecisionBodySchema,
  DecisionParamsSchema,
  FollowUpBodySchema,
  FollowUpListQuerySchema,
  FollowUpParamsSchema,
  OPERATIONS,
  RatingBodySchema,
  RatingOverviewQuerySchema,
  RatingStatsQuerySchema,
  ResubmitBodySchema,
  ServiceCodeParamsSchema,
  ServiceListQuerySchema,
  SubmitBodySchema,
  WithdrawBodySchema,
  WorklistParamsSchema,
  WorklistQuerySchema,
} from '@jilin/cases';
import { assertCompiledFidelity } from '@jilin/domain/testing';
import { zhCnErrorMap } from '@jilin/lambda-kit';
import { PrincipalSchema } from '@jilin/platform';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';

/**
 * The HTTP kit parses every path, query and body (and the token's claims) on the process's tiered
 * parser, zod's compiled parser once a schema is hot. A citizen must get the same answer either
 * way: the same value, and for a wrong request the same issues, with the same zh-CN messages.
 */

const CASE_ID = '220100-20260302-AB12CD34';
const ID_NUMBER = '11010519491231002X';
const CREDIT_CODE = '91350100M000100Y43';
const materials = [
  {
    materialId: 'id-card',
    source: { kind: 'licence', licenceId: 'DZZZ-ID-0001' },
    trustLevel: 'A',
  },
  {
    materialId: 'photo',
    source: { kind: 'upload', objectKey: 'uploads/photo.pdf' },
    trustLevel: 'C',
  },
];

const REQUESTS: readonly { name: string; schema: z.core.$ZodType; samples: readonly unknown[] }[] =
  [
    {
      name: 'submit body',
      schema: SubmitBodySchema,
      samples: [
        {
          serviceCode: '220100-RS-0001',
          applicant: { kind: 'natural', idNumber: ID_NUMBER, name: '张三', phone: '13800138000' },
          form: { contactAddress: '长春市南关区人民大街1号', employed: true, children: 2 },
          materials,
        },
        {
          serviceCode: '220100-YJS-0001',
          applicant: {
            kind: 'legal',
            creditCode: CREDIT_CODE,
            name: '吉林省某某科技有限公司',
            representative: { name: '李四', idNumber: '11010519491231002x' },
            phone: '13912345678',
          },
          form: {},
          materials,
        },
      ],
    },
    { name: 'case params', schema: CaseParamsSchema, samples: [{ caseId: CASE_ID }] },
    {
      name: 'case list query',
      schema: CaseListQuerySchema,
      samples: [
        {},
        { applicant: ID_NUMBER, limit: '20', cursor: 'eyJwayI6IkEifQ' },
        { applicant: CREDIT_CODE },
      ],
    },
    { name: 'worklist params', schema: WorklistParamsSchema, samples: [{ department: 'hrss' }] },
    {
      name: 'worklist query',
      schema: WorklistQuerySchema,
      samples: [
        {},
        { status: 'accepted', dueOnOrBefore: '2026-03-04', limit: '50', cursor: 'abc_-' },
      ],
    },
    {
      name: 'decision params',
      schema: DecisionParamsSchema,
      samples: [{ caseId: CASE_ID, department: 'hrss' }],
    },
    {
      name: 'decision body',
      schema: DecisionBodySchema,
      samples: [
        { action: 'accept', expectedVersion: 1 },
        {
          action: 'request_correction',
          reason: ' 照片不清晰 ',
          materials: ['photo'],
          expectedVersion: 2,
        },
      ],
    },
    {
      name: 'follow-up list query',
      schema: FollowUpListQuerySchema,
      samples: [{}, { limit: '50', cursor: 'abc_-' }],
    },
    { name: 'follow-up params', schema: FollowUpParamsSchema, samples: [{ caseId: CASE_ID }] },
    {
      name: 'follow-up body',
      schema: FollowUpBodySchema,
      samples: [
        { finding: ' 情况属实 ', rectification: '已公示材料清单' },
        { finding: '情况属实', rectification: '已公示材料清单', expectedVersion: 7 },
      ],
    },
    {
      name: 'rating statistics query',
      schema: RatingStatsQuerySchema,
      samples: [{}, { from: '2025-12', to: '2026-11' }, { to: '2026-02' }],
    },
    {
      name: 'rating overview query',
      schema: RatingOverviewQuerySchema,
      samples: [{}, { month: '2026-11' }],
    },
    {
      name: 'rating body',
      schema: RatingBodySchema,
      samples: [{ level: 'satisfied', comment: ' 很快 ' }],
    },
    {
      name: 'withdraw body',
      schema: WithdrawBodySchema,
      samples: [{}, { reason: '不办了', expectedVersion: 3 }],
    },
    {
      name: 'resubmit body',
      schema: ResubmitBodySchema,
      samples: [{ materials, expectedVersion: 2 }],
    },
    {
      name: 'service code params',
      schema: ServiceCodeParamsSchema,
      samples: [{ code: '220100-RS-0001' }],
    },
    {
      name: 'service list query',
      schema: ServiceListQuerySchema,
      samples: [{}, { audience: 'natural', department: 'hrss', q: ' 社保 ' }],
    },
    {
      name: 'token claims',
      schema: PrincipalSchema,
      samples: [
        { role: 'citizen', sub: 'citizen-1', idNumber: ID_NUMBER },
        { role: 'citizen', sub: 'citizen-2', idNumber: ID_NUMBER, creditCode: CREDIT_CODE },
        { role: 'window', sub: 'window-1', platform: 'changchun' },
        { role: 'officer', sub: 'officer-1', platform: 'siping', department: 'hrss' },
        { role: 'admin', sub: 'admin-1', platform: 'jilin' },
      ],
    },
  ];

describe('compiled request schemas', () => {
  it('covers every path, query and body schema of the API', () => {
    const parts = Object.entries(OPERATIONS).flatMap(([key, op]) =>
      (['params', 'query', 'body'] as const).flatMap((part) => {
        const schema = op[part];
        return schema ? [{ name: `${key} ${part}`, schema }] : [];
      }),
    );
    const checked = new Set(REQUESTS.map((r) => r.schema));
    expect(parts.length).toBeGreaterThanOrEqual(REQUESTS.length - 1);
    expect(parts.filter((p) => !checked.has(p.schema)).map((p) => p.name)).toEqual([]);
  });

  for (const { name, schema, samples } of REQUESTS) {
    it(`${name}: zod compiles it, and the compiled parser answers valid and mutated requests as the interpreter does, zh-CN messages included`, () => {
      assertCompiledFidelity(schema, samples, { params: { error: zhCnErrorMap } });
    });
  }
});
