import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AuditLog, createCaseTable, createDocumentClient, keys } from '@jilin/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditVerifyCli } from '../../src/cli/audit-verify';
import { type DynamoDbLocal, LOCAL_AWS, startDynamoDbLocal } from '../../src/dynamodb-local';

let dynamo: DynamoDbLocal;
let audit: AuditLog;
let client: ReturnType<typeof createDocumentClient>;
const TABLE = 'audit-cli-cases';
const saved = process.env.AWS_ENDPOINT_URL_DYNAMODB;

beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  client = createDocumentClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint });
  await createCaseTable(client, TABLE);
  audit = new AuditLog({ client, tableName: TABLE });
}, 60_000);
afterAll(async () => {
  if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  else process.env.AWS_ENDPOINT_URL_DYNAMODB = saved;
  client.destroy();
  await dynamo.stop();
});

const run = async (...args: string[]) => {
  let out = '';
  let err = '';
  const code = await auditVerifyCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
};

const touch = (caseId: string, i: number) =>
  audit.append(caseId, {
    at: `2026-03-02T0${i}:00:00.000Z`,
    actor: { role: 'window', id: `window-${i}`, platform: '220100' },
    action: 'read',
    result: 'ok',
  });

describe('Command: npm run audit:verify', () => {
  it('passes intact chains, then names the case and record when one record is tampered with', async () => {
    // Prepare
    for (let i = 1; i <= 3; i++) await touch('220100-20260302-AAAAAAAA', i);
    for (let i = 1; i <= 2; i++) await touch('220100-20260302-BBBBBBBB', i);
    const intact = await run('--platform', 'changchun', '--from', '2026-03-02', '--table', TABLE);
    await client.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { pk: keys.casePk('220100-20260302-AAAAAAAA'), sk: keys.auditSk(2) },
        UpdateExpression: 'SET actor.id = :someone',
        ExpressionAttributeValues: { ':someone': 'window-9' },
      }),
    );

    // Act
    const tampered = await run('--platform', 'changchun', '--from', '2026-03-02', '--table', TABLE);

    // Assess
    expect(intact).toMatchObject({
      code: 0,
      out: expect.stringContaining('2 chains, 5 records, 0 broken'),
    });
    expect(tampered.code).toBe(1);
    expect(tampered.out).toContain('BROKEN 220100-20260302-AAAAAAAA: record 2');
    expect(tampered.out).toContain('2 chains, 5 records, 1 broken');
  });

  it('refuses bad arguments with exit code 2', async () => {
    // Act
    const result = await run('--platform', 'nowhere');

    // Assess
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/usage/);
  });
});
