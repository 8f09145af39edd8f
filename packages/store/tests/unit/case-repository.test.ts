import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CASE_TABLE,
  type CaseChange,
  CaseExistsError,
  CaseNotFoundError,
  CaseRepository,
  CaseSummarySchema,
  CorruptItemError,
  createApplicantKeyer,
  createDocumentClient,
  DueEntrySchema,
  InvalidCursorError,
  StoreError,
  TaskSummarySchema,
  VersionConflictError,
} from '../../src';
import { APPLICANT_A, idCardService, newCase } from '../support/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
beforeEach(() => ddb.reset());

const client = createDocumentClient({ region: 'cn-north-1' });
const repo = () =>
  new CaseRepository({
    client,
    tableName: 'changchun-cases',
    applicantKey: createApplicantKeyer('unit-test-secret-0123456789abcdef0123'),
  });

const cancelled = (reasons: { Code: string; Item?: Record<string, unknown> }[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: reasons as never,
  });

const change = (): CaseChange => {
  const record = newCase(idCardService);
  return {
    caseId: record.case.caseId,
    expectedVersion: 1,
    case: { status: 'prereview', updatedAt: '2026-03-02T03:00:00.000Z' },
    tasks: [{ department: 'public-security', expectedVersion: 1, set: { status: 'prereview' } }],
    timeline: {
      at: '2026-03-02T03:00:00.000Z',
      actor: { role: 'system', id: 'dispatch' },
      event: 'dispatch',
      status: 'prereview',
      citizenText: '审批部门正在预审您的申请材料。',
    },
  };
};

describe('Class: CaseRepository', () => {
  describe('Method: constructor', () => {
    it.each([
      ['an empty table name', { tableName: '' }, /not a DynamoDB table name/],
      ['a table name with spaces', { tableName: 'my cases' }, /not a DynamoDB table name/],
      ['no applicant key function', { applicantKey: undefined }, /applicantKey/],
    ])('throws when given %s', (_, override, message) => {
      // Act
      const build = () =>
        new CaseRepository({
          client,
          tableName: 'changchun-cases',
          applicantKey: createApplicantKeyer('unit-test-secret-0123456789abcdef0123'),
          ...(override as object),
        });

      // Assess
      expect(build).toThrow(message);
    });
  });

  describe('Method: createCase', () => {
    it('maps a failed condition on the case item to CaseExistsError', async () => {
      // Prepare
      ddb
        .on(TransactWriteCommand)
        .rejects(cancelled([{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }]));

      // Act
      const attempt = repo().createCase(newCase(idCardService));

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(CaseExistsError);
    });

    it('keys the applicant index by an HMAC, never the number', async () => {
      // Prepare
      ddb.on(TransactWriteCommand).resolves({});

      // Act
      await repo().createCase(newCase(idCardService));

      // Assess
      const item =
        ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.[0]?.Put?.Item;
      expect(String(item?.gsi1pk)).not.toContain(APPLICANT_A);
      expect(String(item?.gsi1pk)).toMatch(/^APPLICANT#/);
    });
  });

  describe('Method: ratingTalliesOfMonth', () => {
    const key = (d: string) => ({ pk: `RATINGS#${d}`, sk: 'MONTH#2026-03' });
    const item = (d: string) => ({
      ...key(d),
      type: 'rating_stats',
      department: d,
      month: '2026-03',
      satisfied: 2,
    });

    it('asks again for the keys DynamoDB left unprocessed, and parses what it reads', async () => {
      // Prepare
      ddb
        .on(BatchGetCommand)
        .resolvesOnce({
          Responses: { 'changchun-cases': [item('hrss')] },
          UnprocessedKeys: { 'changchun-cases': { Keys: [key('tax')] } },
        })
        .resolvesOnce({ Responses: { 'changchun-cases': [item('tax')] } });

      // Act
      const tallies = await repo().ratingTalliesOfMonth(
        ['hrss', 'tax', 'civil-affairs'],
        '2026-03',
      );

      // Assess
      expect(tallies.map((t) => [t.department, t.satisfied])).toEqual([
        ['hrss', 2],
        ['tax', 2],
      ]);
      const asked = ddb.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems);
      expect(asked[1]).toEqual({ 'changchun-cases': { Keys: [key('tax')] } });
      expect(asked[0]?.['changchun-cases']?.Keys).toHaveLength(3);
    });

    it('gives up, with a store error, when keys stay unprocessed', async () => {
      // Prepare
      ddb
        .on(BatchGetCommand)
        .resolves({ UnprocessedKeys: { 'changchun-cases': { Keys: [key('tax')] } } });

      // Act
      const reading = repo().ratingTalliesOfMonth(['tax'], '2026-03');

      // Assess
      await expect(reading).rejects.toMatchObject({ code: 'READ_INCOMPLETE' });
      expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(5);
    });

    it('refuses a statistics item that does not match its schema', async () => {
      // Prepare
      ddb.on(BatchGetCommand).resolves({
        Responses: { 'changchun-cases': [{ ...item('hrss'), satisfied: -1 }] },
      });

      // Act
      const reading = repo().ratingTalliesOfMonth(['hrss'], '2026-03');

      // Assess
      await expect(reading).rejects.toBeInstanceOf(CorruptItemError);
    });
  });

  describe('Method: applyChange', () => {
    it.each([
      ['the case is missing', [{ Code: 'ConditionalCheckFailed' }], CaseNotFoundError],
      [
        'the case version moved on',
        [{ Code: 'ConditionalCheckFailed', Item: { version: { N: '3' } } }],
        VersionConflictError,
      ],
      [
        'a task version moved on',
        [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
        VersionConflictError,
      ],
      [
        'another transaction was in flight',
        [{ Code: 'TransactionConflict' }],
        VersionConflictError,
      ],
      ['the cancellation had another cause', [{ Code: 'ThrottlingError' }], StoreError],
    ])('maps a cancellation where %s', async (_, reasons, expected) => {
      // Prepare
      ddb.on(TransactWriteCommand).rejects(cancelled(reasons));

      // Act
      const attempt = repo().applyChange(change());

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(expected);
    });

    it('sends a transaction again while only another one in flight cancelled it', async () => {
      // Prepare
      ddb
        .on(TransactWriteCommand)
        .rejectsOnce(
          cancelled([{ Code: 'None' }, { Code: 'None' }, { Code: 'TransactionConflict' }]),
        )
        .rejectsOnce(cancelled([{ Code: 'TransactionConflict' }]))
        .resolves({});

      // Act
      const version = await repo().applyChange(change());

      // Assess
      expect(version).toBe(2);
      const sent = ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input);
      expect(sent).toHaveLength(3);
      expect(sent[2]).toEqual(sent[0]);
    });

    it('gives up after five sends while conflicts go on, as a version conflict', async () => {
      // Prepare
      ddb.on(TransactWriteCommand).rejects(cancelled([{ Code: 'TransactionConflict' }]));

      // Act
      const attempt = repo().applyChange(change());

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(VersionConflictError);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(5);
    });

    it('does not send again when a condition failed beside a conflict', async () => {
      // Prepare
      ddb
        .on(TransactWriteCommand)
        .rejects(
          cancelled([
            { Code: 'ConditionalCheckFailed', Item: {} },
            { Code: 'TransactionConflict' },
          ]),
        );

      // Act
      const attempt = repo().applyChange(change());

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(VersionConflictError);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    });

    it('adds a change’s 好差评 counts to the statistics item, one Update per department and month', async () => {
      // Prepare
      ddb.on(TransactWriteCommand).resolves({});
      const rated: CaseChange = {
        ...change(),
        tasks: [],
        tallies: [
          {
            department: 'hrss',
            month: '2026-03',
            add: { followUpsClosed: 1, followUpsClosedOnTime: 1 },
          },
          {
            department: 'hrss',
            month: '2026-03',
            add: { followUpsClosed: 1, followUpsClosedOnTime: 0 },
          },
          { department: 'hrss', month: '2026-04', add: { satisfied: 1, online: 1 } },
        ],
      };

      // Act
      await repo().applyChange(rated);

      // Assess
      const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
      const updates = items.flatMap((i) =>
        String(i.Update?.Key?.pk).startsWith('RATINGS#') ? [i.Update] : [],
      );
      expect(updates.map((u) => u?.Key)).toEqual([
        { pk: 'RATINGS#hrss', sk: 'MONTH#2026-03' },
        { pk: 'RATINGS#hrss', sk: 'MONTH#2026-04' },
      ]);
      const [march] = updates;
      expect(march?.UpdateExpression).toBe(
        'SET #type = :type, #department = :department, #month = :month ADD #c0 :c0, #c1 :c1',
      );
      expect(march?.ExpressionAttributeNames).toMatchObject({
        '#c0': 'followUpsClosed',
        '#c1': 'followUpsClosedOnTime',
      });
      expect(march?.ExpressionAttributeValues).toMatchObject({ ':c0': 2, ':c1': 1 });
      expect(march).not.toHaveProperty('ConditionExpression');
    });

    it('names the department whose task moved on', async () => {
      // Prepare
      ddb
        .on(TransactWriteCommand)
        .rejects(cancelled([{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }]));

      // Act
      const attempt = repo().applyChange(change());

      // Assess
      await expect(attempt).rejects.toMatchObject({ item: 'public-security' });
    });

    it('rethrows an error that is not a cancellation', async () => {
      // Prepare
      ddb.on(TransactWriteCommand).rejects(new Error('network down'));

      // Act
      const attempt = repo().applyChange(change());

      // Assess
      await expect(attempt).rejects.toThrow('network down');
    });

    it('writes the case, the task and the timeline entry with version conditions in one transaction', async () => {
      // Prepare
      ddb.on(TransactWriteCommand).resolves({});

      // Act
      const version = await repo().applyChange(change());

      // Assess
      expect(version).toBe(2);
      const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
      expect(items).toHaveLength(3);
      expect(items[0]?.Update?.ConditionExpression).toMatch(
        /attribute_exists\(pk\) AND #n\d+ = :e\d+/,
      );
      expect(items[1]?.Update?.ConditionExpression).toMatch(
        /attribute_exists\(pk\) AND #n\d+ = :e\d+/,
      );
      expect(items[2]?.Put?.Item).toMatchObject({ seq: 2, sk: 'TL#000002' });
    });
  });

  describe('Method: getCase', () => {
    it('refuses an item that does not match its schema instead of casting it', async () => {
      // Prepare
      ddb
        .on(QueryCommand)
        .resolves({ Items: [{ pk: 'CASE#x', sk: 'CASE', caseId: 'not-a-case' }] });

      // Act
      const attempt = repo().getCase('220100-20260302-7K3F9Q2M');

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(CorruptItemError);
    });
  });

  describe('Method: listByApplicant', () => {
    it.each([0, 101, 1.5])('rejects a page size of %s', async (limit) => {
      // Act
      const attempt = repo().listByApplicant(APPLICANT_A, { limit });

      // Assess
      await expect(attempt).rejects.toThrow(/limit/);
    });

    it('rejects a forged cursor before asking DynamoDB', async () => {
      // Prepare
      const forged = Buffer.from(
        JSON.stringify({ pk: 'a', sk: 'b', gsi1pk: 'APPLICANT#other', gsi1sk: 'c' }),
      ).toString('base64url');

      // Act
      const attempt = repo().listByApplicant(APPLICANT_A, { cursor: forged });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(InvalidCursorError);
      expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
    });
  });

  describe('Design', () => {
    it('answers every read with a Query, never a Scan', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [] });
      const r = repo();

      // Act
      await r.getCase('220100-20260302-7K3F9Q2M');
      await r.listByApplicant(APPLICANT_A);
      await r.listWorklist('public-security', 'prereview');
      await r.listOpenParts({ dueOnOrBefore: '2026-03-31' });
      await r.listLegacyOpenCases();

      // Assess
      expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
      expect(ddb.commandCalls(QueryCommand)).toHaveLength(5);
    });

    it('keeps out of the overdue index what every decision changes, so a decision does not write to it', () => {
      // Act
      const projected: readonly string[] = CASE_TABLE.indexes.byDue.include;

      // Assess
      for (const changing of ['status', 'version', 'updatedAt', 'outcome']) {
        expect(projected).not.toContain(changing);
      }
    });

    it.each([
      ['byApplicant', CaseSummarySchema],
      ['byDue', DueEntrySchema],
      ['byDepartment', TaskSummarySchema],
    ] as const)('reads from %s exactly the attributes the index projects', (index, schema) => {
      // Act: byDue's department is read from the item's sort key (TASK#<department>), which every
      // index projects
      const fromKeys: readonly string[] = index === 'byDue' ? ['department'] : [];
      const projected = [...CASE_TABLE.indexes[index].include, ...fromKeys].sort();

      // Assess
      expect(Object.keys(schema.shape).sort()).toEqual(projected);
    });
  });
});

describe('Function: createApplicantKeyer', () => {
  it('refuses a secret shorter than 32 bytes', () => {
    // Act
    const build = () => createApplicantKeyer('short');

    // Assess
    expect(build).toThrow(/at least 32 bytes/);
  });

  it('keys the same number the same way, whatever the case of its X, and different numbers apart', () => {
    // Prepare
    const key = createApplicantKeyer('unit-test-secret-0123456789abcdef0123');

    // Act
    const upper = key('11010519491231002X');
    const lower = key('11010519491231002x');
    const other = key('220102199003071235');

    // Assess
    expect(upper).toBe(lower);
    expect(upper).not.toBe(other);
    expect(upper).not.toContain('110105');
  });

  it('depends on the secret', () => {
    // Act
    const a = createApplicantKeyer('unit-test-secret-0123456789abcdef0123')('11010519491231002X');
    const b = createApplicantKeyer('another-secret-0123456789abcdef012345')('11010519491231002X');

    // Assess
    expect(a).not.toBe(b);
  });
});
