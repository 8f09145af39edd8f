import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditEntry, AuditLog, keys } from '../../src';
import { idCardService, newCase } from '../support/fixtures';
import { createTestTable } from '../support/table';

let table: Awaited<ReturnType<typeof createTestTable>>;
let audit: AuditLog;

beforeAll(async () => {
  table = await createTestTable();
  audit = new AuditLog({ client: table.client, tableName: table.tableName });
});
afterAll(() => table.drop());

const entry = (i: number): AuditEntry => ({
  at: `2026-03-02T0${i % 10}:00:00.000Z`,
  actor: { role: 'officer', id: `officer-${i}`, platform: '220100', department: 'hrss' },
  action: i % 2 ? 'read' : 'decide:accept',
  result: 'ok',
});

async function caseWithChain(length: number): Promise<string> {
  const record = newCase(idCardService);
  await table.repository.createCase(record);
  for (let i = 1; i <= length; i++) await audit.append(record.case.caseId, entry(i));
  return record.case.caseId;
}

describe('Class: AuditLog (DynamoDB Local)', () => {
  it('appends a hash-chained record per access and verifies the chain', async () => {
    // Prepare
    const caseId = await caseWithChain(4);

    // Act
    const chain = await audit.chain(caseId);
    const verdict = await audit.verify(caseId);

    // Assess
    expect(chain.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(chain[1]?.prevHash).toBe(chain[0]?.hash);
    expect(verdict).toEqual({ caseId, records: 4, ok: true });
  });

  it('keeps the chain out of the case read', async () => {
    // Prepare
    const caseId = await caseWithChain(2);

    // Act
    const read = await table.repository.getCase(caseId);

    // Assess
    expect(read?.timeline).toHaveLength(1);
    expect(read?.tasks).toHaveLength(1);
  });

  it('detects a record whose content was changed', async () => {
    // Prepare
    const caseId = await caseWithChain(4);
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { pk: keys.casePk(caseId), sk: keys.auditSk(2) },
        UpdateExpression: 'SET #r = :r',
        ExpressionAttributeNames: { '#r': 'result' },
        ExpressionAttributeValues: { ':r': 'denied' },
      }),
    );

    // Act
    const verdict = await audit.verify(caseId);

    // Assess
    expect(verdict).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: expect.stringMatching(/hash/),
    });
  });

  it('detects a record removed from the middle of the chain', async () => {
    // Prepare
    const caseId = await caseWithChain(4);
    await table.client.send(
      new DeleteCommand({
        TableName: table.tableName,
        Key: { pk: keys.casePk(caseId), sk: keys.auditSk(3) },
      }),
    );

    // Act
    const verdict = await audit.verify(caseId);

    // Assess
    expect(verdict).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it('detects a record rewritten with a recomputed hash, by the broken link after it', async () => {
    // Prepare
    const caseId = await caseWithChain(3);
    const chain = await audit.chain(caseId);
    const forged = { ...chain[0], result: 'denied' };
    const { auditHash } = await import('../../src');
    const { hash: _, ...body } = forged as (typeof chain)[number];
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { pk: keys.casePk(caseId), sk: keys.auditSk(1) },
        UpdateExpression: 'SET #r = :r, #h = :h',
        ExpressionAttributeNames: { '#r': 'result', '#h': 'hash' },
        ExpressionAttributeValues: { ':r': 'denied', ':h': auditHash(body) },
      }),
    );

    // Act
    const verdict = await audit.verify(caseId);

    // Assess
    expect(verdict).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: expect.stringMatching(/link/),
    });
  });

  it('keeps the chain whole when 20 staff touch the case at once', async () => {
    // Prepare
    const caseId = await caseWithChain(0);

    // Act
    await Promise.all(Array.from({ length: 20 }, (_, i) => audit.append(caseId, entry(i))));
    const verdict = await audit.verify(caseId);

    // Assess
    expect(verdict).toEqual({ caseId, records: 20, ok: true });
  });

  it('lists the cases touched on a day from the day index', async () => {
    // Prepare
    const caseId = await caseWithChain(1);

    // Act
    const cases = await audit.casesOn('2026-03-02');

    // Assess
    expect(cases).toContain(caseId);
  });
});
