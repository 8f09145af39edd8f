import {
  IdempotencyAlreadyInProgressError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import {
  CalendarNotPublishedError,
  CitizenIdSchema,
  COMPILE_AFTER,
  DepartmentIdSchema,
  DomainError,
  hot,
  IllegalTransitionError,
  InvalidApplicationError,
  InvalidIdentifierError,
} from '@jilin/domain';
import {
  CaseExistsError,
  CaseNotFoundError,
  CorruptItemError,
  InvalidCursorError,
  VersionConflictError,
} from '@jilin/store';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import {
  ApiError,
  apiEvent,
  conflict,
  type HttpRequest,
  httpHandler,
  lambdaContext,
  logger,
  notFound,
  requirePrincipal,
  route,
} from '../../src/index';
import { bodyOf, CLAIMS, captureLogs, type Role } from '../helpers';

const ID_NUMBER = '11010519491231002X';

const SubmitSchema = z.strictObject({
  serviceCode: z.string().min(1).max(10),
  applicant: z.object({ name: z.string().min(1).max(4), idNumber: CitizenIdSchema }),
  materials: z
    .array(z.object({ id: z.string() }))
    .min(1)
    .max(3),
  copies: z.number().int().max(5).optional(),
});
const validBody = {
  serviceCode: 'S001',
  applicant: { name: '张三', idNumber: ID_NUMBER },
  materials: [{ id: 'M01' }],
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Function: httpHandler', () => {
  describe('responses', () => {
    it('returns the JSON body with the security headers when the handler succeeds', async () => {
      // Prepare
      captureLogs();
      const handler = httpHandler({
        'GET /v1/catalogue/services': route({
          handle: async () => ({ status: 200, body: { items: ['户口迁移'] } }),
        }),
      });

      // Act
      const response = await handler(
        apiEvent({ routeKey: 'GET /v1/catalogue/services' }),
        lambdaContext(),
      );

      // Assess
      expect(response).toEqual({
        statusCode: 200,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        },
        body: '{"items":["户口迁移"]}',
      });
    });

    it('returns no body and no content type when the status is 204', async () => {
      // Prepare
      captureLogs();
      const handler = httpHandler({
        'POST /v1/cases/{caseId}/withdraw': route({
          handle: async () => ({ status: 204, body: { ignored: true } }),
        }),
      });

      // Act
      const response = await handler(
        apiEvent({
          routeKey: 'POST /v1/cases/{caseId}/withdraw',
          pathParameters: { caseId: 'X' },
          claims: CLAIMS.citizen,
        }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(204);
      expect(response.body).toBeUndefined();
      expect(response.headers).toEqual({
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
    });

    it('returns the handler’s headers, lower-cased, over the defaults when it sets some', async () => {
      // Prepare
      captureLogs();
      const handler = httpHandler({
        'GET /v1/catalogue/services': route({
          handle: async () => ({
            status: 201,
            body: {},
            headers: { 'Cache-Control': 'public, max-age=300', Location: '/v1/x' },
          }),
        }),
      });

      // Act
      const response = await handler(
        apiEvent({ routeKey: 'GET /v1/catalogue/services' }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(201);
      expect(response.headers).toMatchObject({
        'cache-control': 'public, max-age=300',
        location: '/v1/x',
        'x-content-type-options': 'nosniff',
      });
    });

    it('returns the parsed request to the handler when every part is valid', async () => {
      // Prepare
      captureLogs();
      const handle = vi.fn(async (_req: HttpRequest<unknown, unknown, unknown>) => ({
        status: 200,
      }));
      const handler = httpHandler({
        'POST /v1/cases': route({
          body: SubmitSchema,
          query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
          handle,
        }),
      });
      const event = apiEvent({
        routeKey: 'POST /v1/cases',
        body: { ...validBody, applicant: { name: '张三', idNumber: '11010519491231002x' } },
        query: { dryRun: 'true' },
        headers: { 'Idempotency-Key': 'key-12345678' },
        claims: CLAIMS.window,
      });
      const context = lambdaContext();

      // Act
      const response = await handler(event, context);

      // Assess
      expect(response.statusCode).toBe(200);
      const req = handle.mock.calls[0]?.[0];
      expect(req).toMatchObject({
        routeKey: 'POST /v1/cases',
        // the schema's normalisation applied: upper-case X
        body: { applicant: { idNumber: ID_NUMBER } },
        params: {},
        query: { dryRun: 'true' },
        principal: { role: 'window', sub: 'window-1', platform: 'changchun' },
        requestId: event.requestContext.requestId,
        lambdaContext: context,
      });
      expect(req?.headers['idempotency-key']).toBe('key-12345678');
    });
  });

  describe('routing and access', () => {
    it('returns 404 ROUTE_NOT_FOUND as problem+json when the route key is not handled', async () => {
      // Prepare
      captureLogs();
      const handler = httpHandler({
        'GET /v1/catalogue/services': route({ handle: async () => ({ status: 200 }) }),
      });
      const event = apiEvent({ routeKey: '$default' });

      // Act
      const response = await handler(event, lambdaContext());

      // Assess
      expect(response.statusCode).toBe(404);
      expect(response.headers?.['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(bodyOf(response)).toEqual({
        type: 'urn:jilin:problem:ROUTE_NOT_FOUND',
        title: '未找到',
        status: 404,
        code: 'ROUTE_NOT_FOUND',
        detail: '请求的接口不存在',
        instance: event.requestContext.requestId,
      });
    });

    it('throws when a route is not one of the platform’s ROUTES', () => {
      // Act & Assess
      expect(() =>
        httpHandler({ 'GET /v1/secret': route({ handle: async () => ({ status: 200 }) }) }),
      ).toThrow(/"GET \/v1\/secret" is not one of the platform's ROUTES/);
    });

    it.each([0, -1, 1.5])('throws when maxBodyBytes is %s', (maxBodyBytes) => {
      // Act & Assess
      expect(() =>
        httpHandler(
          { 'GET /v1/catalogue/services': route({ handle: async () => ({ status: 200 }) }) },
          { maxBodyBytes },
        ),
      ).toThrow(/maxBodyBytes must be a positive integer/);
    });

    it.each<[string, Record<string, string> | undefined]>([
      ['there are no claims', undefined],
      ['the role is unknown', { role: 'root', sub: 'x' }],
      ['a citizen’s id number is invalid', { ...CLAIMS.citizen, id_number: '110105194912310021' }],
      ['an officer has no department', { role: 'officer', sub: 'o', platform: 'changchun' }],
      ['the subject is missing', { role: 'admin', platform: 'changchun' }],
    ])('returns 401 UNAUTHENTICATED when %s', async (_, claims) => {
      // Prepare
      const logs = captureLogs();
      const handle = vi.fn(async () => ({ status: 200 }));
      const handler = httpHandler({ 'GET /v1/cases/{caseId}': route({ handle }) });

      // Act
      const response = await handler(
        apiEvent({
          routeKey: 'GET /v1/cases/{caseId}',
          pathParameters: { caseId: 'c' },
          ...(claims ? { claims } : {}),
        }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(401);
      expect(response.headers?.['www-authenticate']).toBe('Bearer');
      expect(bodyOf(response)).toMatchObject({ code: 'UNAUTHENTICATED', title: '需要登录' });
      expect(handle).not.toHaveBeenCalled();
      expect(logs.lines.join('\n')).not.toContain('110105194912310021');
    });

    it.each<[Role, string]>([
      ['citizen', 'GET /v1/departments/{department}/tasks'],
      ['window', 'GET /v1/departments/{department}/tasks'],
      ['officer', 'POST /v1/cases'],
      ['admin', 'POST /v1/cases'],
      ['citizen', 'POST /v1/cases/{caseId}/deliver'],
      ['admin', 'POST /v1/cases/{caseId}/tasks/{department}/decision'],
    ])('returns 403 FORBIDDEN when a %s calls %s', async (role, key) => {
      // Prepare
      const logs = captureLogs();
      const handle = vi.fn(async () => ({ status: 200 }));
      const handler = httpHandler({ [key]: route({ handle }) });

      // Act
      const response = await handler(
        apiEvent({
          routeKey: key,
          pathParameters: { caseId: 'c', department: 'public-security' },
          claims: CLAIMS[role],
        }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(403);
      expect(bodyOf(response)).toMatchObject({ code: 'FORBIDDEN', detail: '您无权执行此操作' });
      expect(handle).not.toHaveBeenCalled();
      expect(logs.entries()).toContainEqual(
        expect.objectContaining({ level: 'WARN', code: 'FORBIDDEN', status: 403 }),
      );
    });

    it.each<[Role, string]>([
      ['officer', 'GET /v1/departments/{department}/tasks'],
      ['admin', 'GET /v1/departments/{department}/tasks'],
      ['citizen', 'GET /v1/cases/{caseId}'],
      ['officer', 'GET /v1/cases/{caseId}'],
      ['window', 'POST /v1/cases/{caseId}/deliver'],
    ])('returns 200 with the principal when a %s calls %s', async (role, key) => {
      // Prepare
      captureLogs();
      const handler = httpHandler({
        [key]: route({
          handle: async (req) => ({ status: 200, body: { role: requirePrincipal(req).role } }),
        }),
      });

      // Act
      const response = await handler(
        apiEvent({
          routeKey: key,
          pathParameters: { caseId: 'c', department: 'public-security' },
          claims: CLAIMS[role],
        }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toEqual({ role });
    });

    it('returns no principal on a public route, and 401 when the handler requires one', async () => {
      // Prepare
      captureLogs();
      const handler = httpHandler({
        'GET /v1/catalogue/services': route({
          handle: async (req) => ({ status: 200, body: requirePrincipal(req) }),
        }),
      });

      // Act
      const response = await handler(
        apiEvent({ routeKey: 'GET /v1/catalogue/services' }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(401);
    });
  });

  describe('request body', () => {
    const submitHandler = (options?: { maxBodyBytes?: number }) =>
      httpHandler(
        {
          'POST /v1/cases': route({
            body: SubmitSchema,
            handle: async (req) => ({ status: 201, body: { serviceCode: req.body.serviceCode } }),
          }),
        },
        options,
      );
    const post = (body: unknown, headers?: Record<string, string>, isBase64Encoded?: boolean) =>
      apiEvent({
        routeKey: 'POST /v1/cases',
        body,
        claims: CLAIMS.citizen,
        ...(headers ? { headers } : {}),
        ...(isBase64Encoded ? { isBase64Encoded } : {}),
      });

    it('answers alike once the body schema is hot and runs zod’s compiled parser: the same body, the same problem', async () => {
      // Prepare: a schema of its own, so that no other test has counted towards its switch.
      captureLogs();
      const schema = z.strictObject({ ...SubmitSchema.shape });
      const handler = httpHandler({
        'POST /v1/cases': route({
          body: schema,
          handle: async (req) => ({ status: 201, body: req.body }),
        }),
      });
      // Each request has its own id (the problem's instance); the rest of the answer is compared.
      const send = async (body: unknown) => {
        const response = await handler(
          post(JSON.stringify(body), { 'content-type': 'application/json' }),
          lambdaContext(),
        );
        const { instance: _, ...answer } = bodyOf(response);
        return { statusCode: response.statusCode, headers: response.headers, body: answer };
      };
      const invalid = { ...validBody, copies: 9, applicant: { name: '', idNumber: 'x' }, extra: 1 };

      // Act
      const before = [await send(validBody), await send(invalid)];
      for (let i = 2; i < COMPILE_AFTER; i++) await send(validBody);
      const after = [await send(validBody), await send(invalid)];

      // Assess
      expect(hot(schema).compiled).toBe(true);
      expect(after).toEqual(before);
      expect(after[0]?.body).toEqual(validBody);
      expect(after[1]?.statusCode).toBe(400);
      expect(after[1]?.body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'copies', code: 'too_big', message: '数值不能大于5' }),
          expect.objectContaining({ path: 'extra', code: 'unrecognized_keys' }),
        ]),
      );
    });

    it('parses a route declared with asyncValidation asynchronously, each refinement once', async () => {
      // Prepare
      captureLogs();
      const lookups: string[] = [];
      const handler = httpHandler({
        'POST /v1/cases': route({
          asyncValidation: true,
          body: z.strictObject({
            serviceCode: z.string().refine(
              async (code) => {
                lookups.push(code);
                return code.startsWith('S');
              },
              { message: '事项编码不存在' },
            ),
          }),
          handle: async (req) => ({ status: 201, body: req.body }),
        }),
      });
      const send = (body: unknown) =>
        handler(
          post(JSON.stringify(body), { 'content-type': 'application/json' }),
          lambdaContext(),
        );

      // Act
      const accepted = await send({ serviceCode: 'S001' });
      const refused = await send({ serviceCode: 'X001' });

      // Assess
      expect(accepted.statusCode).toBe(201);
      expect(bodyOf(accepted)).toEqual({ serviceCode: 'S001' });
      expect(refused.statusCode).toBe(400);
      expect(bodyOf(refused).errors).toEqual([
        { path: 'serviceCode', code: 'custom', message: '事项编码不存在' },
      ]);
      expect(lookups).toEqual(['S001', 'X001']);
    });

    it('answers 500 and logs a programming error when a route has an async schema it did not declare', async () => {
      // Prepare
      const logs = captureLogs();
      const handler = httpHandler({
        'POST /v1/cases': route({
          body: z.strictObject({ serviceCode: z.string().refine(async () => true) }),
          handle: async (req) => ({ status: 201, body: req.body }),
        }),
      });

      // Act
      const response = await handler(
        post(JSON.stringify({ serviceCode: 'S001' }), { 'content-type': 'application/json' }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(500);
      expect(bodyOf(response)).toMatchObject({ code: 'INTERNAL' });
      expect(logs.lines.join('\n')).toContain('declare the route with asyncValidation: true');
    });

    it.each([
      ['application/json'],
      ['application/json; charset=utf-8'],
      ['Application/JSON;charset="UTF-8"'],
      ['application/json ; charset=utf8'],
    ])('returns 201 when the content type is %s', async (contentType) => {
      // Prepare
      captureLogs();

      // Act
      const response = await submitHandler()(
        post(JSON.stringify(validBody), { 'content-type': contentType }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(201);
    });

    it.each([
      ['text/plain', { 'content-type': 'text/plain' }],
      ['form-encoded', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['JSON in GBK', { 'content-type': 'application/json; charset=gbk' }],
      ['a JSON look-alike', { 'content-type': 'application/jsonp' }],
      ['no content type', {}],
    ])('returns 415 UNSUPPORTED_MEDIA_TYPE when the body is %s', async (_, headers) => {
      // Prepare
      captureLogs();

      // Act
      const response = await submitHandler()(
        post(JSON.stringify(validBody), headers),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(415);
      expect(bodyOf(response)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it.each([
      ['plain', false],
      ['base64-encoded', true],
    ])('returns 413 PAYLOAD_TOO_LARGE when a %s body is over the limit', async (_, base64) => {
      // Prepare
      captureLogs();
      const text = JSON.stringify({ ...validBody, filler: '吉'.repeat(400) }); // > 1 KiB in UTF-8
      const body = base64 ? Buffer.from(text).toString('base64') : text;

      // Act
      const response = await submitHandler({ maxBodyBytes: 1024 })(
        post(body, { 'content-type': 'application/json' }, base64),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(413);
      expect(bodyOf(response)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', title: '请求内容过大' });
    });

    it('returns 413 when the body is over the default 64 KiB', async () => {
      // Prepare
      captureLogs();
      const body = JSON.stringify({ ...validBody, filler: 'a'.repeat(64 * 1024) });

      // Act
      const response = await submitHandler()(
        post(body, { 'content-type': 'application/json' }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(413);
    });

    it('returns 201 when a base64-encoded body within the limit is valid', async () => {
      // Prepare
      captureLogs();
      const body = Buffer.from(JSON.stringify(validBody)).toString('base64');

      // Act
      const response = await submitHandler()(
        post(body, { 'content-type': 'application/json' }, true),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(201);
      expect(bodyOf(response)).toEqual({ serviceCode: 'S001' });
    });

    it.each([
      ['truncated JSON', '{"serviceCode":', false],
      ['single quotes', "{'serviceCode':'S001'}", false],
      ['a trailing comma', '{"serviceCode":"S001",}', false],
      ['whitespace only', '   ', false],
      ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64'), true],
    ])('returns 400 MALFORMED_JSON when the body is %s', async (_, body, base64) => {
      // Prepare
      captureLogs();

      // Act
      const response = await submitHandler()(
        post(body, { 'content-type': 'application/json' }, base64),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({ code: 'MALFORMED_JSON' });
    });

    it.each([
      ['arrays', 33, (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`],
      ['objects', 33, (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`],
    ])('returns 400 JSON_TOO_DEEP when %s nest %i levels', async (_, depth, build) => {
      // Prepare
      captureLogs();
      const handle = vi.fn(async () => ({ status: 200 }));
      const handler = httpHandler({ 'POST /v1/cases': route({ body: z.unknown(), handle }) });

      // Act
      const response = await handler(
        post(build(depth), { 'content-type': 'application/json' }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({ code: 'JSON_TOO_DEEP' });
      expect(handle).not.toHaveBeenCalled();
    });

    it('returns 200 when nesting is exactly 32 levels, brackets inside strings not counted', async () => {
      // Prepare
      captureLogs();
      const handler = httpHandler({
        'POST /v1/cases': route({ body: z.unknown(), handle: async () => ({ status: 200 }) }),
      });
      const body = `${'['.repeat(32)}"[[[{{{\\"]]"${']'.repeat(32)}`;

      // Act
      const response = await handler(
        post(body, { 'content-type': 'application/json' }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(200);
    });

    it.each([
      [
        'the id number’s check character is wrong',
        { ...validBody, applicant: { name: '张三', idNumber: '110105194912310021' } },
        { path: 'applicant.idNumber', code: 'ID_CHECKSUM', message: '公民身份号码校验位不正确' },
      ],
      [
        'a required field is missing',
        { applicant: validBody.applicant, materials: validBody.materials },
        { path: 'serviceCode', code: 'invalid_type', message: '此项为必填项' },
      ],
      [
        'a field has the wrong type',
        { ...validBody, serviceCode: 42 },
        { path: 'serviceCode', code: 'invalid_type', message: '字段类型不正确' },
      ],
      [
        'a string is too long',
        { ...validBody, serviceCode: 'S'.repeat(11) },
        { path: 'serviceCode', code: 'too_big', message: '内容过长，最多10个字符' },
      ],
      [
        'a string is empty',
        { ...validBody, serviceCode: '' },
        { path: 'serviceCode', code: 'too_small', message: '此项不能为空' },
      ],
      [
        'an array is empty',
        { ...validBody, materials: [] },
        { path: 'materials', code: 'too_small', message: '至少需要一项' },
      ],
      [
        'an array has too many items',
        { ...validBody, materials: [{ id: '1' }, { id: '2' }, { id: '3' }, { id: '4' }] },
        { path: 'materials', code: 'too_big', message: '条目过多，最多3项' },
      ],
      [
        'a nested array item is wrong',
        { ...validBody, materials: [{ id: 'M01' }, { id: 7 }] },
        { path: 'materials.1.id', code: 'invalid_type', message: '字段类型不正确' },
      ],
      [
        'a number is too big',
        { ...validBody, copies: 6 },
        { path: 'copies', code: 'too_big', message: '数值不能大于5' },
      ],
      [
        'an unknown field is sent',
        { ...validBody, extra: 1 },
        { path: 'extra', code: 'unrecognized_keys', message: '包含不允许的字段' },
      ],
      [
        'the body is JSON null',
        null,
        { path: '', code: 'invalid_type', message: '字段类型不正确' },
      ],
    ])('returns 400 VALIDATION_FAILED with a zh-CN message when %s', async (_, body, expected) => {
      // Prepare
      captureLogs();

      // Act
      const response = await submitHandler()(post(body), lambdaContext());

      // Assess
      expect(response.statusCode).toBe(400);
      expect(response.headers?.['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(bodyOf(response)).toMatchObject({
        type: 'urn:jilin:problem:VALIDATION_FAILED',
        code: 'VALIDATION_FAILED',
        title: '请求有误',
        detail: '提交的内容有误，请按提示修改后重试',
        errors: [expected],
      });
    });

    it('returns 400 VALIDATION_FAILED when a route with a body schema gets no body', async () => {
      // Prepare
      captureLogs();

      // Act
      const response = await submitHandler()(
        apiEvent({ routeKey: 'POST /v1/cases', claims: CLAIMS.citizen }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({
        errors: [{ path: '', code: 'invalid_type', message: '此项为必填项' }],
      });
    });

    it('returns 200 and ignores the body when the route has no body schema', async () => {
      // Prepare
      captureLogs();
      const handle = vi.fn(async (req: HttpRequest<unknown>) => ({
        status: 200,
        body: { got: req.body ?? null },
      }));
      const handler = httpHandler({ 'POST /v1/cases/{caseId}/deliver': route({ handle }) });

      // Act
      const response = await handler(
        apiEvent({
          routeKey: 'POST /v1/cases/{caseId}/deliver',
          pathParameters: { caseId: 'c' },
          body: '<xml/>',
          headers: { 'content-type': 'application/xml' },
          claims: CLAIMS.window,
        }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toEqual({ got: null });
    });
  });

  describe('path and query', () => {
    it('returns 400 VALIDATION_FAILED with a zh-CN message when a path parameter is invalid', async () => {
      // Prepare
      captureLogs();
      const handler = httpHandler({
        'GET /v1/departments/{department}/tasks': route({
          params: z.object({ department: DepartmentIdSchema }),
          handle: async () => ({ status: 200 }),
        }),
      });

      // Act
      const response = await handler(
        apiEvent({
          routeKey: 'GET /v1/departments/{department}/tasks',
          pathParameters: { department: 'Public Security' },
          claims: CLAIMS.officer,
        }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({
        code: 'VALIDATION_FAILED',
        // the schema's English message (for developers) is replaced for the citizen
        errors: [{ path: 'department', code: 'invalid_format', message: '格式不正确' }],
      });
    });

    it.each([
      [{ limit: '0' }, { path: 'limit', code: 'too_small', message: '数值不能小于1' }],
      [{ limit: 'ten' }, { path: 'limit', code: 'invalid_type', message: '字段类型不正确' }],
      [
        { status: 'lost' },
        { path: 'status', code: 'invalid_value', message: '取值不正确，可选值为：open、closed' },
      ],
    ])('returns 400 VALIDATION_FAILED when the query is %o', async (query, expected) => {
      // Prepare
      captureLogs();
      const handler = httpHandler({
        'GET /v1/cases': route({
          query: z.object({
            limit: z.coerce.number().int().min(1).max(100).optional(),
            status: z.enum(['open', 'closed']).optional(),
          }),
          handle: async (req) => ({ status: 200, body: req.query }),
        }),
      });

      // Act
      const response = await handler(
        apiEvent({ routeKey: 'GET /v1/cases', query, claims: CLAIMS.citizen }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expected] });
    });

    it('returns the raw parameters when the route has no schemas', async () => {
      // Prepare
      captureLogs();
      const handler = httpHandler({
        'GET /v1/catalogue/services/{code}': route({
          handle: async (req) => ({ status: 200, body: { params: req.params, query: req.query } }),
        }),
      });

      // Act
      const response = await handler(
        apiEvent({
          routeKey: 'GET /v1/catalogue/services/{code}',
          pathParameters: { code: 'S001' },
          query: { lang: 'zh' },
        }),
        lambdaContext(),
      );

      // Assess
      expect(bodyOf(response)).toEqual({ params: { code: 'S001' }, query: { lang: 'zh' } });
    });

    it('returns 414 URI_TOO_LONG when the query string is over 2 KiB', async () => {
      // Prepare
      captureLogs();
      const handler = httpHandler({
        'GET /v1/catalogue/services': route({ handle: async () => ({ status: 200 }) }),
      });

      // Act
      const response = await handler(
        apiEvent({ routeKey: 'GET /v1/catalogue/services', query: { q: 'a'.repeat(2100) } }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(414);
      expect(bodyOf(response)).toMatchObject({ code: 'URI_TOO_LONG' });
    });
  });

  describe('errors', () => {
    const throwing = (error: unknown) =>
      httpHandler({
        'GET /v1/cases/{caseId}': route({
          handle: async () => {
            throw error;
          },
        }),
      });
    const get = () =>
      apiEvent({
        routeKey: 'GET /v1/cases/{caseId}',
        pathParameters: { caseId: '220100-20251126-ABCDEFGH' },
        claims: CLAIMS.citizen,
      });

    it.each<[string, unknown, number, string, string]>([
      [
        'InvalidIdentifierError',
        new InvalidIdentifierError('ID_CHECKSUM', 'bad check', '公民身份号码校验位不正确'),
        400,
        'ID_CHECKSUM',
        '公民身份号码校验位不正确',
      ],
      [
        'InvalidApplicationError',
        new InvalidApplicationError('CHANNEL_NOT_OFFERED', 'x', '该事项暂不支持网上办理'),
        422,
        'CHANNEL_NOT_OFFERED',
        '该事项暂不支持网上办理',
      ],
      [
        'IllegalTransitionError',
        new IllegalTransitionError('completed', 'withdraw', '办件已办结，不能撤回'),
        409,
        'ILLEGAL_TRANSITION',
        '办件已办结，不能撤回',
      ],
      [
        'CalendarNotPublishedError',
        new CalendarNotPublishedError([2099]),
        409,
        'CALENDAR_NOT_PUBLISHED',
        '2099年的法定节假日安排尚未公布，暂无法精确计算办理时限',
      ],
      [
        'a DomainError FORBIDDEN',
        new DomainError('FORBIDDEN', 'not yours', '您无权办理此办件'),
        403,
        'FORBIDDEN',
        '您无权办理此办件',
      ],
      [
        'a DomainError ALREADY_RATED',
        new DomainError('ALREADY_RATED', 'rated', '该办件已评价'),
        409,
        'ALREADY_RATED',
        '该办件已评价',
      ],
      [
        'a DomainError *_NOT_FOUND',
        new DomainError('SERVICE_NOT_FOUND', 'no', '未找到该事项'),
        404,
        'SERVICE_NOT_FOUND',
        '未找到该事项',
      ],
      [
        'another DomainError',
        new DomainError('REASON_REQUIRED', 'reason', '该决定必须说明理由'),
        422,
        'REASON_REQUIRED',
        '该决定必须说明理由',
      ],
      [
        'VersionConflictError',
        new VersionConflictError('220100-20251126-ABCDEFGH', 'case'),
        409,
        'VERSION_CONFLICT',
        '办件已被他人更新，请刷新后重试',
      ],
      [
        'CaseNotFoundError',
        new CaseNotFoundError('220100-20251126-ABCDEFGH'),
        404,
        'CASE_NOT_FOUND',
        '未找到该办件，请核对办件编号',
      ],
      [
        'CaseExistsError',
        new CaseExistsError('220100-20251126-ABCDEFGH'),
        409,
        'CASE_EXISTS',
        '该办件已存在，请勿重复提交',
      ],
      [
        'InvalidCursorError',
        new InvalidCursorError(),
        400,
        'INVALID_CURSOR',
        '分页参数无效，请从第一页重新查询',
      ],
      [
        'IdempotencyValidationError',
        new IdempotencyValidationError('payload does not match'),
        422,
        'IDEMPOTENCY_KEY_REUSED',
        '同一幂等键已用于不同的请求',
      ],
      [
        'IdempotencyAlreadyInProgressError',
        new IdempotencyAlreadyInProgressError('in progress'),
        409,
        'REQUEST_IN_PROGRESS',
        '相同的请求正在处理中，请稍后再试',
      ],
      [
        'an ApiError from notFound()',
        notFound('SERVICE_NOT_FOUND', '未找到该办事事项'),
        404,
        'SERVICE_NOT_FOUND',
        '未找到该办事事项',
      ],
      [
        'an ApiError from conflict()',
        conflict('ALREADY_DELIVERED', '办件已送达'),
        409,
        'ALREADY_DELIVERED',
        '办件已送达',
      ],
      [
        'an ApiError with a 503',
        new ApiError(503, 'DEPENDENCY_UNAVAILABLE', '统一身份认证平台暂不可用，请稍后再试'),
        503,
        'DEPENDENCY_UNAVAILABLE',
        '统一身份认证平台暂不可用，请稍后再试',
      ],
      [
        'CorruptItemError',
        new CorruptItemError('CASE#1', 'META'),
        500,
        'INTERNAL',
        '系统繁忙，请稍后再试',
      ],
    ])(
      'returns problem+json when the handler throws %s',
      async (_, error, status, code, detail) => {
        // Prepare
        captureLogs();
        const event = get();

        // Act
        const response = await throwing(error)(event, lambdaContext());

        // Assess
        expect(response.statusCode).toBe(status);
        expect(response.headers).toMatchObject({
          'content-type': 'application/problem+json; charset=utf-8',
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        });
        expect(bodyOf(response)).toMatchObject({
          type: `urn:jilin:problem:${code}`,
          status,
          code,
          detail,
          instance: event.requestContext.requestId,
        });
      },
    );

    it('returns the application’s subject as errors when an InvalidApplicationError is thrown', async () => {
      // Prepare
      captureLogs();
      const error = new InvalidApplicationError(
        'MISSING_MATERIAL',
        'missing M01, M02',
        '缺少必要材料：身份证、户口簿',
        ['M01', 'M02'],
      );

      // Act
      const response = await throwing(error)(get(), lambdaContext());

      // Assess
      expect(bodyOf(response)).toMatchObject({
        status: 422,
        errors: [
          { subject: 'M01', code: 'MISSING_MATERIAL', message: '缺少必要材料：身份证、户口簿' },
          { subject: 'M02', code: 'MISSING_MATERIAL', message: '缺少必要材料：身份证、户口簿' },
        ],
      });
    });

    it.each<[string, unknown]>([
      ['an Error', new Error('connect ECONNREFUSED 10.0.0.1:8000 secret-table')],
      ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'secret')")],
      ['a RangeError', new RangeError('secret range')],
      ['a ZodError', z.object({ secret: z.string() }).safeParse({}).error],
      ['a string', 'secret string'],
      ['an object', { secret: true }],
    ])('returns 500 INTERNAL without its message when the handler throws %s', async (_, error) => {
      // Prepare
      const logs = captureLogs();

      // Act
      const response = await throwing(error)(get(), lambdaContext());

      // Assess
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toContain('secret');
      expect(bodyOf(response)).toMatchObject({
        type: 'urn:jilin:problem:INTERNAL',
        title: '系统错误',
        code: 'INTERNAL',
        detail: '系统繁忙，请稍后再试',
      });
      expect(logs.entries()).toContainEqual(
        expect.objectContaining({ level: 'ERROR', message: 'request failed', code: 'INTERNAL' }),
      );
    });

    it('returns 500 when the handler’s body cannot be serialised', async () => {
      // Prepare
      captureLogs();
      const handler = httpHandler({
        'GET /v1/catalogue/services': route({
          handle: async () => ({ status: 200, body: { n: 1n } }),
        }),
      });

      // Act
      const response = await handler(
        apiEvent({ routeKey: 'GET /v1/catalogue/services' }),
        lambdaContext(),
      );

      // Assess
      expect(response.statusCode).toBe(500);
      expect(bodyOf(response)).toMatchObject({ code: 'INTERNAL' });
    });

    it('returns 500 problem+json when the function times out before the handler answers', async () => {
      // Prepare
      captureLogs();
      const handler = httpHandler({
        'GET /v1/catalogue/services': route({
          handle: () => new Promise((resolve) => setTimeout(() => resolve({ status: 200 }), 200)),
        }),
      });

      // Act
      const response = await handler(
        apiEvent({ routeKey: 'GET /v1/catalogue/services' }),
        lambdaContext({ getRemainingTimeInMillis: () => 30 }),
      );

      // Assess
      expect(response.statusCode).toBe(500);
      expect(response.headers?.['content-type']).toBe('application/problem+json; charset=utf-8');
    });

    it('logs the error’s name, message and stack for a 500, with personal numbers masked', async () => {
      // Prepare
      const logs = captureLogs();
      const error = new Error('bad 11010519491231002X at 13812345678 for 91350100M000100Y43', {
        cause: new Error('inner 11010519491231002X'),
      });
      Object.assign(error, { item: { name: '张三' } });

      // Act
      await throwing(error)(get(), lambdaContext());

      // Assess
      const output = logs.lines.join('\n');
      expect(output).not.toContain('11010519491231002X');
      expect(output).not.toContain('13812345678');
      expect(output).not.toContain('91350100M000100Y43');
      expect(output).not.toContain('张三');
      const line = logs.entries().find((entry) => entry.level === 'ERROR');
      expect(line).toMatchObject({
        message: 'request failed',
        status: 500,
        code: 'INTERNAL',
        correlation_id: expect.any(String),
        route: 'GET /v1/cases/{caseId}',
        error: {
          name: 'Error',
          message: 'bad 110105********002X at 138****5678 for 913501********0Y43',
          cause: { message: 'inner 110105********002X' },
        },
      });
      expect(JSON.stringify(line?.error)).toContain('at ');
    });

    it('logs a client error with its status and code only', async () => {
      // Prepare
      const logs = captureLogs();
      const error = notFound(
        'SERVICE_NOT_FOUND',
        '未找到该办事事项',
        'service S-11010519491231002X not found',
      );

      // Act
      await throwing(error)(get(), lambdaContext());

      // Assess
      const refused = logs.entries().filter((entry) => entry.message === 'request refused');
      expect(refused).toEqual([
        expect.objectContaining({ level: 'INFO', status: 404, code: 'SERVICE_NOT_FOUND' }),
      ]);
      expect(refused[0]).not.toHaveProperty('error');
      expect(logs.lines.join('\n')).not.toContain('S-110105');
    });

    it('logs neither the event nor the token claims', async () => {
      // Prepare
      const logs = captureLogs();
      const handler = httpHandler({
        'POST /v1/cases': route({
          body: SubmitSchema,
          handle: async () => {
            throw new Error('boom');
          },
        }),
      });

      // Act
      await handler(
        apiEvent({
          routeKey: 'POST /v1/cases',
          body: { ...validBody, applicant: { name: '李四', idNumber: ID_NUMBER } },
          claims: CLAIMS.citizen,
        }),
        lambdaContext(),
      );

      // Assess
      const output = logs.lines.join('\n');
      expect(output).toContain('boom');
      expect(output).not.toContain('李四');
      expect(output).not.toContain('110105');
      expect(output).not.toContain('citizen-1');
    });

    it('logs no warning when a request records no metrics', async () => {
      // Prepare
      const logs = captureLogs();
      const handler = httpHandler({
        'GET /v1/catalogue/services': route({ handle: async () => ({ status: 200 }) }),
      });

      // Act
      await handler(apiEvent({ routeKey: 'GET /v1/catalogue/services' }), lambdaContext());

      // Assess
      expect(logs.entries().filter((entry) => entry.level === 'WARN')).toEqual([]);
    });

    it('masks personal numbers in the handler’s own log lines', async () => {
      // Prepare
      const logs = captureLogs();
      const handler = httpHandler({
        'GET /v1/catalogue/services': route({
          handle: async () => {
            logger.info('looked up 11010519491231002X', {
              phone: 13812345678,
              byId: { '22010219900307123X': 'x' },
            });
            return { status: 200 };
          },
        }),
      });

      // Act
      await handler(apiEvent({ routeKey: 'GET /v1/catalogue/services' }), lambdaContext());

      // Assess
      const line = logs.entries().find((entry) => entry.message.startsWith('looked up'));
      expect(line).toMatchObject({
        message: 'looked up 110105********002X',
        phone: '138****5678',
        byId: { '220102********123X': 'x' },
      });
    });
  });
});
