import { ROUTES, type RouteSpec, routeKey } from '@jilin/platform';
import * as z from 'zod/mini';
import { createDocument, type ZodOpenApiOperationObject } from 'zod-openapi';
import {
  CaseSummaryPageSchema,
  CaseViewSchema,
  DepartmentListSchema,
  DepartmentRatingStatsSchema,
  FollowUpPageSchema,
  ProblemSchema,
  RatingOverviewSchema,
  ServiceDetailSchema,
  ServiceListSchema,
  TaskSummaryPageSchema,
} from './api-responses';
import {
  CaseListQuerySchema,
  CaseParamsSchema,
  DecisionBodySchema,
  DecisionParamsSchema,
  FollowUpBodySchema,
  FollowUpListQuerySchema,
  FollowUpParamsSchema,
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
} from './api-schemas';

interface Operation {
  readonly params?: z.ZodMiniObject;
  readonly query?: z.ZodMiniObject;
  readonly body?: z.ZodMiniType;
  readonly example?: unknown;
  readonly status: '200' | '201';
  readonly response: z.ZodMiniType;
  readonly idempotent?: boolean;
  /** Refusals of this operation beyond those every operation of its kind documents. */
  readonly refusals?: Readonly<Record<string, string>>;
}

/** Request and response schemas by route key; a route without an entry fails the build's test. */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  'GET /v1/catalogue/services': {
    query: ServiceListQuerySchema,
    status: '200',
    response: ServiceListSchema,
  },
  'GET /v1/catalogue/services/{code}': {
    params: ServiceCodeParamsSchema,
    status: '200',
    response: ServiceDetailSchema,
  },
  'GET /v1/catalogue/departments': { status: '200', response: DepartmentListSchema },
  'POST /v1/cases': {
    body: SubmitBodySchema,
    idempotent: true,
    example: {
      serviceCode: '220100-GA-0001',
      applicant: {
        kind: 'natural',
        idNumber: '11010519491231002X',
        name: '张三',
        phone: '13800138000',
      },
      form: { reason: '有效期满换领' },
      materials: [
        {
          materialId: 'id-card',
          source: { kind: 'licence', licenceId: 'JL-ID-0001' },
          trustLevel: 'A',
        },
      ],
    },
    status: '201',
    response: CaseViewSchema,
  },
  'GET /v1/cases': {
    refusals: { '422': 'A window look-up without the applicant’s number (APPLICANT_REQUIRED)' },
    query: CaseListQuerySchema,
    status: '200',
    response: CaseSummaryPageSchema,
  },
  'GET /v1/cases/{caseId}': { params: CaseParamsSchema, status: '200', response: CaseViewSchema },
  'POST /v1/cases/{caseId}/withdraw': {
    params: CaseParamsSchema,
    body: WithdrawBodySchema,
    example: { reason: '材料准备不全，暂不办理', expectedVersion: 2 },
    status: '200',
    response: CaseViewSchema,
  },
  'POST /v1/cases/{caseId}/resubmit': {
    params: CaseParamsSchema,
    body: ResubmitBodySchema,
    example: {
      materials: [
        {
          materialId: 'photo',
          source: { kind: 'upload', objectKey: 'uploads/2026/photo.jpg' },
          trustLevel: 'C',
        },
      ],
    },
    status: '200',
    response: CaseViewSchema,
  },
  'POST /v1/cases/{caseId}/rating': {
    params: CaseParamsSchema,
    body: RatingBodySchema,
    example: { level: 'very_satisfied', comment: '一次办好，不用跑腿' },
    status: '200',
    response: CaseViewSchema,
  },
  'POST /v1/cases/{caseId}/deliver': {
    params: CaseParamsSchema,
    status: '200',
    response: CaseViewSchema,
  },
  'GET /v1/departments/{department}/tasks': {
    params: WorklistParamsSchema,
    query: WorklistQuerySchema,
    status: '200',
    response: TaskSummaryPageSchema,
  },
  'POST /v1/cases/{caseId}/tasks/{department}/decision': {
    params: DecisionParamsSchema,
    body: DecisionBodySchema,
    example: {
      action: 'request_correction',
      reason: '照片不符合要求',
      materials: ['photo'],
      expectedVersion: 2,
    },
    status: '200',
    response: CaseViewSchema,
  },
  'GET /v1/departments/{department}/follow-ups': {
    params: WorklistParamsSchema,
    query: FollowUpListQuerySchema,
    status: '200',
    response: FollowUpPageSchema,
  },
  'POST /v1/cases/{caseId}/rating/follow-up': {
    params: FollowUpParamsSchema,
    body: FollowUpBodySchema,
    example: {
      finding: '经核实，窗口工作人员未一次性告知所需材料，情况属实',
      rectification: '已对相关人员批评教育，并在窗口公示材料清单',
    },
    status: '200',
    response: CaseViewSchema,
  },
  'GET /v1/departments/{department}/rating-stats': {
    params: WorklistParamsSchema,
    query: RatingStatsQuerySchema,
    status: '200',
    response: DepartmentRatingStatsSchema,
  },
  'GET /v1/rating-stats': {
    query: RatingOverviewQuerySchema,
    status: '200',
    response: RatingOverviewSchema,
  },
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** API Gateway's own answers (no route, no valid token, a body over 10 MB, a function failing). */
const GatewayMessageSchema = z
  .object({ message: z.string().check(z.meta({ example: 'Unauthorized' })) })
  .check(
    z.meta({
      id: 'GatewayMessage',
      description: 'API Gateway’s own answer, before or after the platform’s function runs.',
    }),
  );

/** A status both the platform (problem+json) and API Gateway (its own message) may answer. */
const problemOrGateway = (description: string, headers?: z.ZodMiniObject) => ({
  description,
  ...(headers ? { headers } : {}),
  content: {
    'application/problem+json': { schema: ProblemSchema },
    'application/json': { schema: GatewayMessageSchema },
  },
});

function operation(route: RouteSpec): ZodOpenApiOperationObject {
  const key = routeKey(route);
  const op = OPERATIONS[key];
  if (!op) throw new Error(`no request/response schemas for ${key}`);
  const roles = route.access === 'public' ? 'anyone' : route.access.join(', ');
  return {
    operationId: `${route.function}:${route.method.toLowerCase()}:${route.path}`,
    summary: route.summary,
    description: `Roles: ${roles}.`,
    tags: [route.function],
    security: route.access === 'public' ? [] : [{ bearer: [] }],
    requestParams: {
      ...(op.params ? { path: op.params } : {}),
      ...(op.query ? { query: op.query } : {}),
      ...(op.idempotent
        ? {
            header: z.object({
              'idempotency-key': z
                .optional(z.string().check(z.regex(/^[A-Za-z0-9_.:-]{8,128}$/)))
                .check(
                  z.meta({
                    description:
                      'A retry with the same key returns the first result; another body with it is a 422.',
                  }),
                ),
            }),
          }
        : {}),
    },
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: op.body,
                ...(op.example ? { example: op.example } : {}),
              },
            },
          },
        }
      : {}),
    responses: {
      [op.status]: {
        description: op.status === '201' ? 'Created' : 'OK',
        content: { 'application/json': { schema: op.response } },
      },
      '400': problem(
        'Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR, INVALID_PERIOD …)',
      ),
      ...(route.access === 'public'
        ? {}
        : {
            '401': problemOrGateway(
              'No valid token: answered by the API Gateway authorizer (`{"message":"Unauthorized"}`), or by the platform when the token’s claims are unusable (UNAUTHENTICATED)',
              z.object({
                'www-authenticate': z.string().check(z.meta({ example: 'Bearer' })),
              }),
            ),
            '403': problem('The role may not do this (FORBIDDEN)'),
          }),
      '414': problem('The query is too long (URI_TOO_LONG)'),
      ...(/\{(caseId|code)\}/.test(route.path)
        ? { '404': problem('No such case or service, or none the caller may see') }
        : {}),
      ...(route.method === 'POST'
        ? {
            '409': problem(
              'The case or task moved on (VERSION_CONFLICT), or the step is not allowed now (ILLEGAL_TRANSITION, NOT_RATEABLE, ALREADY_RATED, NO_FOLLOW_UP_OWED …)',
            ),
            '413': problemOrGateway(
              'Body too large: over the platform’s 64 KiB (PAYLOAD_TOO_LARGE …), or API Gateway’s 10 MB',
            ),
            '415': problem('Not application/json'),
            '422': problem('Does not fit the service (MISSING_MATERIAL, WRONG_APPLICANT_TYPE …)'),
          }
        : {}),
      ...Object.fromEntries(
        Object.entries(op.refusals ?? {}).map(([status, text]) => [status, problem(text)]),
      ),
      ...(route.function === 'catalogue'
        ? {}
        : {
            '503': problemOrGateway(
              'AWS was throttling or failing (SERVICE_UNAVAILABLE), or the function timed out (API Gateway’s own): send the same request again',
              z.object({
                'retry-after': z.optional(
                  z.string().check(z.meta({ description: 'Seconds to wait', example: '1' })),
                ),
              }),
            ),
          }),
      default: problemOrGateway(
        'A fault of the platform (500 INTERNAL, with no detail of it), or of API Gateway',
      ),
    },
  };
}

/** The OpenAPI 3.1 document of one platform's HTTP API. */
export function createOpenApiDocument(options: { readonly serverUrl?: string } = {}) {
  const paths: Record<string, Record<string, ZodOpenApiOperationObject>> = {};
  for (const route of ROUTES) {
    const methods = paths[route.path] ?? {};
    methods[route.method.toLowerCase()] = operation(route);
    paths[route.path] = methods;
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: '吉林省“一号一窗一网”政务服务平台 API',
      version: '1.0.0',
      description:
        'One API per platform (the province and each pilot city). Tokens come from the province’s unified identity platform; locally from `npm run token`.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    paths,
  });
}
