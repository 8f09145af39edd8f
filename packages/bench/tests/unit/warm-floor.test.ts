import {
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../src/warm-floor';

const documents = mockClient(DynamoDBDocumentClient);
const context = {
  functionName: 'warm-floor',
  awsRequestId: 'r-1',
  getRemainingTimeInMillis: () => 1000,
} as unknown as Context;

describe('the warm floor (a reference beside the handlers)', () => {
  beforeEach(() => documents.reset());

  it('sends the handler’s calls in order through the document client and answers their items', async () => {
    // Arrange
    const query = { TableName: 'cases', ExpressionAttributeValues: { ':pk': 'CASE#1' } };
    const put = { TableName: 'audit', Item: { pk: 'CASE#1', seq: 2 } };
    const transaction = {
      TransactItems: [{ Put: { TableName: 'cases', Item: { pk: 'CASE#1' } } }],
    };
    documents.on(QueryCommand).resolves({ Items: [{ pk: 'CASE#1', sk: 'CASE' }] });
    documents.on(PutCommand).resolves({});
    documents.on(TransactWriteCommand).resolves({});

    // Act
    const answer = await handler(
      {
        calls: [
          { operation: 'Query', input: query },
          { operation: 'PutItem', input: put },
          { operation: 'TransactWriteItems', input: transaction },
        ],
      },
      context,
    );

    // Assess
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toEqual([[{ pk: 'CASE#1', sk: 'CASE' }], null, null]);
    const sent = documents.calls().map((call) => call.args[0]);
    expect(sent.map((command) => command.constructor.name)).toEqual([
      'QueryCommand',
      'PutCommand',
      'TransactWriteCommand',
    ]);
    expect(sent.map((command) => command.input)).toEqual([query, put, transaction]);
  });

  it('refuses an operation it cannot send, and sends nothing after it', async () => {
    await expect(
      handler(
        {
          calls: [
            { operation: 'Scan', input: { TableName: 'cases' } },
            { operation: 'Query', input: { TableName: 'cases' } },
          ],
        },
        context,
      ),
    ).rejects.toThrow(/does not send Scan/);
    expect(documents.calls()).toHaveLength(0);
  });
});
