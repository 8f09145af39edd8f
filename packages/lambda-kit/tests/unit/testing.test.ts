import { describe, expect, it } from 'vitest';
import { apiEvent, lambdaContext } from '../../src/index';

describe('Function: apiEvent', () => {
  it('returns a payload-format-2.0 event with a full request context', () => {
    // Act
    const event = apiEvent({
      routeKey: 'GET /v1/cases/{caseId}',
      pathParameters: { caseId: '220100-20251126-ABCDEFGH' },
      query: { view: 'full', q: 'a b' },
      headers: { 'X-Trace': '1' },
      claims: { role: 'window', sub: 'w1', platform: 'changchun' },
    });

    // Assess
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /v1/cases/{caseId}',
      rawPath: '/v1/cases/220100-20251126-ABCDEFGH',
      rawQueryString: 'view=full&q=a+b',
      queryStringParameters: { view: 'full', q: 'a b' },
      pathParameters: { caseId: '220100-20251126-ABCDEFGH' },
      isBase64Encoded: false,
      headers: { 'x-trace': '1' },
      requestContext: {
        accountId: expect.any(String),
        apiId: expect.any(String),
        domainName: expect.any(String),
        http: {
          method: 'GET',
          path: '/v1/cases/220100-20251126-ABCDEFGH',
          protocol: 'HTTP/1.1',
          sourceIp: expect.any(String),
          userAgent: expect.any(String),
        },
        requestId: expect.stringMatching(/=$/),
        routeKey: 'GET /v1/cases/{caseId}',
        stage: '$default',
        time: expect.stringMatching(/^\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
        timeEpoch: expect.any(Number),
        authorizer: {
          jwt: { claims: { role: 'window', sub: 'w1', platform: 'changchun' }, scopes: [] },
        },
      },
    });
    expect(event).not.toHaveProperty('body');
  });

  it('returns a JSON body with its content type when the body is an object', () => {
    // Act
    const event = apiEvent({ routeKey: 'POST /v1/cases', body: { a: '吉' } });

    // Assess
    expect(event.body).toBe('{"a":"吉"}');
    expect(event.headers).toMatchObject({
      'content-type': 'application/json',
      'content-length': '11', // 吉 is 3 bytes in UTF-8
    });
    expect(event.requestContext.http.method).toBe('POST');
  });

  it('returns no authorizer, query or path parameters when none are given', () => {
    // Act
    const event = apiEvent({ routeKey: 'GET /v1/catalogue/services', body: 'raw' });

    // Assess
    expect(event.requestContext).not.toHaveProperty('authorizer');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event.rawQueryString).toBe('');
    expect(event.body).toBe('raw');
    expect(event.headers).not.toHaveProperty('content-type');
  });
});

describe('Function: lambdaContext', () => {
  it('returns a context with a time budget, overridable', () => {
    // Act
    const context = lambdaContext({ functionName: 'changchun-read-cases' });

    // Assess
    expect(context).toMatchObject({
      functionName: 'changchun-read-cases',
      functionVersion: '$LATEST',
      memoryLimitInMB: '512',
      invokedFunctionArn: expect.stringMatching(
        /^arn:aws-cn:lambda:.*:function:changchun-read-cases$/,
      ),
      awsRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(9_000);
  });
});
