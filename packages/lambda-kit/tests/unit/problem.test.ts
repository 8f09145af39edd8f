import { IdempotencyAlreadyInProgressError } from '@aws-lambda-powertools/idempotency';
import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { DomainError, InvalidApplicationError } from '@jilin/domain';
import { ReadIncompleteError, StoreError } from '@jilin/store';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  badRequest,
  conflict,
  forbidden,
  notFound,
  problemResponse,
  toProblem,
  unprocessable,
} from '../../src/index';

describe('Function: toProblem', () => {
  it('returns an RFC 9457 problem with a URN type and a zh-CN title', () => {
    // Act
    const result = toProblem(notFound('SERVICE_NOT_FOUND', '未找到该办事事项'));

    // Assess
    expect(result).toEqual({
      status: 404,
      problem: {
        type: 'urn:jilin:problem:SERVICE_NOT_FOUND',
        title: '未找到',
        status: 404,
        code: 'SERVICE_NOT_FOUND',
        detail: '未找到该办事事项',
      },
    });
  });

  it.each([
    ['badRequest', badRequest, 400, '请求有误'],
    ['forbidden', forbidden, 403, '无权操作'],
    ['notFound', notFound, 404, '未找到'],
    ['conflict', conflict, 409, '操作冲突'],
    ['unprocessable', unprocessable, 422, '无法受理'],
  ])('returns the status of %s', (_, make, status, title) => {
    // Act
    const { problem } = toProblem(make('SOME_CODE', '说明'));

    // Assess
    expect(problem).toMatchObject({ status, title, code: 'SOME_CODE', detail: '说明' });
  });

  it('returns an ApiError’s errors', () => {
    // Prepare
    const errors = [{ path: 'materials', code: 'TOO_MANY', message: '材料过多' }];

    // Act
    const { problem } = toProblem(new ApiError(422, 'TOO_MANY', '材料过多', undefined, { errors }));

    // Assess
    expect(problem.errors).toEqual(errors);
  });

  it('returns no errors member when an InvalidApplicationError has no subject', () => {
    // Act
    const { problem } = toProblem(
      new InvalidApplicationError('UNKNOWN_SERVICE', 'x', '未找到该事项'),
    );

    // Assess
    expect(problem).not.toHaveProperty('errors');
    expect(problem.status).toBe(422);
  });

  it.each([
    ['VERSION_CONFLICT', 409],
    ['NOT_RATEABLE', 409],
    ['TASK_CONFLICT', 409],
    ['MATERIALS_REQUIRED', 422],
  ])('returns a DomainError %s as %i', (code, status) => {
    // Act
    const result = toProblem(new DomainError(code, 'dev', '说明'));

    // Assess
    expect(result.status).toBe(status);
  });

  it.each<[string, unknown]>([
    ['a StoreError', new StoreError('THROTTLED', 'throttled')],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
  ])('returns 500 INTERNAL for %s', (_, error) => {
    // Act
    const result = toProblem(error);

    // Assess
    expect(result).toEqual({
      status: 500,
      problem: {
        type: 'urn:jilin:problem:INTERNAL',
        title: '系统错误',
        status: 500,
        code: 'INTERNAL',
        detail: '系统繁忙，请稍后再试',
      },
    });
  });
});

describe('Function: toProblem (AWS throttling or failing)', () => {
  const throttled = new ProvisionedThroughputExceededException({
    message: 'The level of configured provisioned throughput for the table was exceeded',
    $metadata: { httpStatusCode: 400 },
  });
  const failing = new InternalServerError({
    message: 'Internal server error',
    $metadata: { httpStatusCode: 500 },
  });

  it.each<[string, unknown]>([
    ['a throttled DynamoDB call', throttled],
    ['a DynamoDB internal error', failing],
    [
      'Powertools failing to save an idempotency record because DynamoDB throttled',
      Object.assign(
        new Error('Failed to update success record to idempotency store', { cause: throttled }),
        {
          name: 'IdempotencyPersistenceLayerError',
        },
      ),
    ],
    ['a batch read left unprocessed through its retries', new ReadIncompleteError()],
  ])('returns 503 SERVICE_UNAVAILABLE with retry-after for %s', (_, error) => {
    // Act
    const { status, problem } = toProblem(error);
    const response = problemResponse(problem);

    // Assess
    expect(status).toBe(503);
    expect(problem).toMatchObject({ code: 'SERVICE_UNAVAILABLE', detail: '服务繁忙，请稍后重试' });
    expect(response.headers).toMatchObject({ 'retry-after': '1' });
  });

  it('returns 500 when Powertools fails to save for any other reason (a bug, not the weather)', () => {
    // Prepare
    const error = Object.assign(
      new Error('Failed to update success record to idempotency store', {
        cause: new Error('Pass options.removeUndefinedValues=true to remove undefined values'),
      }),
      { name: 'IdempotencyPersistenceLayerError' },
    );

    // Act / Assess
    expect(toProblem(error).status).toBe(500);
  });

  it('returns 500 for a client-side AWS error that is not throttling', () => {
    // Prepare
    const error = new ResourceNotFoundException({
      message: 'Requested resource not found',
      $metadata: { httpStatusCode: 400 },
    });

    // Act / Assess
    expect(toProblem(error).status).toBe(500);
  });
});

describe('Function: toProblem (a cursor DynamoDB refuses)', () => {
  it.each([
    'The provided starting key does not match the range key predicate',
    'The provided starting key is outside query boundaries based on provided conditions',
    'The provided starting key is invalid: The provided key element does not match the schema',
  ])('returns 400 INVALID_CURSOR for a ValidationException “%s”', (message) => {
    // Prepare
    const error = Object.assign(new Error(message), { name: 'ValidationException' });

    // Act
    const result = toProblem(error);

    // Assess
    expect(result).toMatchObject({ status: 400, problem: { code: 'INVALID_CURSOR' } });
  });

  it('returns 500 for any other ValidationException', () => {
    // Prepare
    const error = Object.assign(new Error('One or more parameter values were invalid'), {
      name: 'ValidationException',
    });

    // Act / Assess
    expect(toProblem(error).status).toBe(500);
  });
});

describe('Function: problemResponse', () => {
  it('returns problem+json with the security headers and a Bearer challenge for 401', () => {
    // Prepare
    const { problem } = toProblem(new ApiError(401, 'UNAUTHENTICATED', '请先登录'));

    // Act
    const response = problemResponse(problem, { 'Retry-After': '1' });

    // Assess
    expect(response).toEqual({
      statusCode: 401,
      headers: {
        'content-type': 'application/problem+json; charset=utf-8',
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
        'www-authenticate': 'Bearer',
        'retry-after': '1',
      },
      body: JSON.stringify(problem),
    });
  });
});

describe('Function: problemResponse (a request still in progress)', () => {
  it('asks the client to retry after a second when the same Idempotency-Key is still running', () => {
    // Prepare
    const { problem } = toProblem(new IdempotencyAlreadyInProgressError('in progress'));

    // Act
    const response = problemResponse(problem);

    // Assess
    expect(response.statusCode).toBe(409);
    expect(response.headers).toMatchObject({ 'retry-after': '1' });
  });
});

describe('Class: ApiError', () => {
  it('returns its code as the message when no developer message is given', () => {
    // Act
    const error = new ApiError(409, 'ALREADY_DELIVERED', '办件已送达', undefined, {
      cause: new Error('x'),
    });

    // Assess
    expect(error).toMatchObject({
      name: 'ApiError',
      message: 'ALREADY_DELIVERED',
      status: 409,
      code: 'ALREADY_DELIVERED',
      messageZh: '办件已送达',
    });
    expect(error.cause).toBeInstanceOf(Error);
  });

  it.each([200, 302, 600, 404.5])('throws when the status is %s', (status) => {
    // Act & Assess
    expect(() => new ApiError(status, 'X', 'x')).toThrow(RangeError);
  });
});
