import {
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { apiEvent, lambdaContext } from '@jilin/lambda-kit';
import { CASE_TABLE } from '@jilin/store';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler as catalogue } from '../../catalogue/handler';
import { handler as readCases } from '../../read-cases/handler';
import { handler as submit } from '../../submit-application/handler';

const ddb = mockClient(DynamoDBDocumentClient);
beforeEach(() => ddb.reset());

const OWNER = '11010519491231002X';
const citizen = (idNumber = OWNER) => ({
  role: 'citizen',
  sub: `sub-${idNumber}`,
  id_number: idNumber,
});
const application = (idNumber = OWNER) => ({
  serviceCode: '220100-RS-0001',
  applicant: { kind: 'natural', idNumber, name: '张三', phone: '13800138000' },
  form: {},
  materials: ['id-card', 'photo'].map((materialId) => ({
    materialId,
    source: { kind: 'upload', objectKey: `uploads/${materialId}.jpg` },
    trustLevel: 'C',
  })),
});
const body = (result: { body?: string }) => JSON.parse(result.body ?? '{}');

describe('Handler: catalogue', () => {
  it('lists the services a department takes part in, bundled 一件事 included', async () => {
    // Act
    const result = await catalogue(
      apiEvent({ routeKey: 'GET /v1/catalogue/services', query: { department: 'hrss' } }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    const codes = (body(result).services as { code: string }[]).map((s) => s.code);
    expect(codes).toContain('220100-RS-0001'); // 社会保障卡申领, hrss alone
    expect(codes).toContain('220100-YJS-0001'); // 企业开办一件事, hrss one of five
    expect(codes).not.toContain('220100-MZ-0001'); // 结婚登记, civil affairs only
  });

  it('answers an unknown service code with a 404 problem in zh-CN', async () => {
    // Act
    const result = await catalogue(
      apiEvent({
        routeKey: 'GET /v1/catalogue/services/{code}',
        pathParameters: { code: '220100-XX-9999' },
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    expect(body(result)).toMatchObject({
      code: 'SERVICE_NOT_FOUND',
      detail: expect.stringMatching(/事项/),
    });
  });
});

describe('Handler: submit-application', () => {
  it('writes the case, its task and first timeline entry in one transaction and answers 201', async () => {
    // Prepare
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const result = await submit(
      apiEvent({ routeKey: 'POST /v1/cases', body: application(), claims: citizen() }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(201);
    expect(result.headers?.location).toBe(`/v1/cases/${body(result).caseId}`);
    const writes = ddb.commandCalls(TransactWriteCommand);
    expect(writes).toHaveLength(1);
    expect(writes[0]?.args[0].input.TransactItems).toHaveLength(3);
  });

  it.each([
    [
      'a wrong check character',
      {
        ...application(),
        applicant: { ...application().applicant, idNumber: '110105194912310021' },
      },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown service',
      { ...application(), serviceCode: '220100-XX-9999' },
      422,
      'UNKNOWN_SERVICE',
    ],
    [
      'a missing required material',
      { ...application(), materials: application().materials.slice(0, 1) },
      422,
      'MISSING_MATERIAL',
    ],
    ['an extra field', { ...application(), extra: 1 }, 400, 'VALIDATION_FAILED'],
  ])('refuses %s with a problem and writes nothing', async (_, payload, status, code) => {
    // Act
    const result = await submit(
      apiEvent({ routeKey: 'POST /v1/cases', body: payload, claims: citizen() }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(status);
    expect(body(result).code).toBe(code);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses a citizen filing in someone else’s name with 403', async () => {
    // Act
    const result = await submit(
      apiEvent({
        routeKey: 'POST /v1/cases',
        body: application('220102199003071235'),
        claims: citizen(),
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(403);
    expect(body(result).code).toBe('FORBIDDEN');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('Handler: read-cases', () => {
  /** The items the submit handler wrote, served back by a faked Query. */
  async function storedCase() {
    ddb.on(TransactWriteCommand).resolves({});
    const created = await submit(
      apiEvent({ routeKey: 'POST /v1/cases', body: application(), claims: citizen() }),
      lambdaContext(),
    );
    const items = ddb
      .commandCalls(TransactWriteCommand)[0]
      ?.args[0].input.TransactItems?.map((t) => t.Put?.Item ?? {});
    ddb.on(QueryCommand).resolves({ Items: items });
    // The audit chain's head (staff and other citizens' reads are recorded): empty so far.
    ddb
      .on(QueryCommand, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)' })
      .resolves({ Items: [] });
    ddb.on(PutCommand).resolves({});
    return body(created).caseId as string;
  }

  it('shows the owner their case with the applicant in full', async () => {
    // Prepare
    const caseId = await storedCase();

    // Act
    const result = await readCases(
      apiEvent({
        routeKey: 'GET /v1/cases/{caseId}',
        pathParameters: { caseId },
        claims: citizen(),
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(body(result)).toMatchObject({
      caseId,
      status: 'submitted',
      applicant: { idNumber: OWNER, masked: false },
    });
  });

  it('answers another citizen as if the case did not exist', async () => {
    // Prepare
    const caseId = await storedCase();

    // Act
    const result = await readCases(
      apiEvent({
        routeKey: 'GET /v1/cases/{caseId}',
        pathParameters: { caseId },
        claims: citizen('220102199003071235'),
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(404);
    expect(body(result).code).toBe('CASE_NOT_FOUND');
    expect(result.body).not.toContain(OWNER);
  });

  it('shows window staff of the city the case with personal data masked', async () => {
    // Prepare
    const caseId = await storedCase();

    // Act
    const result = await readCases(
      apiEvent({
        routeKey: 'GET /v1/cases/{caseId}',
        pathParameters: { caseId },
        claims: { role: 'window', sub: 'window-1', platform: 'changchun' },
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(body(result).applicant).toMatchObject({ idNumber: '110105********002X', masked: true });
    const audited = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item;
    expect(audited).toMatchObject({
      caseId,
      action: 'read',
      result: 'ok',
      actor: { role: 'window' },
    });
    expect(result.body).not.toContain(OWNER);
    expect(result.body).not.toContain('13800138000');
  });

  /** "My cases": the stored case as the byApplicant index projects it, served by a faked Query. */
  async function listedCase() {
    const caseId = await storedCase();
    const caseItem = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.[0]
      ?.Put?.Item as Record<string, unknown>;
    const { include, partitionKey, sortKey } = CASE_TABLE.indexes.byApplicant;
    const projected = Object.fromEntries(
      [CASE_TABLE.partitionKey, CASE_TABLE.sortKey, partitionKey, sortKey, ...include].map(
        (name) => [name, caseItem[name]],
      ),
    );
    ddb.on(QueryCommand, { IndexName: 'byApplicant' }).resolves({ Items: [projected] });
    return caseId;
  }

  it('lists a citizen’s own cases through the reader, without an audit record', async () => {
    // Prepare
    const caseId = await listedCase();

    // Act
    const result = await readCases(
      apiEvent({ routeKey: 'GET /v1/cases', claims: citizen() }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(body(result).items).toMatchObject([{ caseId, status: 'submitted' }]);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('lists an applicant’s cases for window staff, each recorded in its audit chain', async () => {
    // Prepare
    const caseId = await listedCase();

    // Act
    const result = await readCases(
      apiEvent({
        routeKey: 'GET /v1/cases',
        query: { applicant: OWNER },
        claims: { role: 'window', sub: 'window-1', platform: 'changchun' },
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(body(result).items).toMatchObject([{ caseId }]);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      caseId,
      action: 'list',
      result: 'ok',
      actor: { role: 'window' },
    });
  });

  it('answers a request without a token with 401', async () => {
    // Act
    const result = await readCases(
      apiEvent({
        routeKey: 'GET /v1/cases/{caseId}',
        pathParameters: { caseId: '220100-20260302-7K3F9Q2M' },
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(401);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
