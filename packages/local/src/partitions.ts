import {
  type AttributeValue,
  DescribeTableCommand,
  type DynamoDBClient,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';

/**
 * Reads one partition of a table whole, page by page, with a consistent Query: its items to
 * `onItems`, or only counted without it. How the soak's verifier and the tests see what a run
 * left, as the platform itself reads (DESIGN: every read is a Query or GetItem, no Scan).
 * @returns how many items the partition holds.
 */
export async function readPartition(
  client: DynamoDBClient,
  tableName: string,
  pk: string,
  onItems?: (items: readonly Record<string, AttributeValue>[]) => void,
): Promise<number> {
  let count = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: pk } },
        ConsistentRead: true,
        ...(onItems ? {} : { Select: 'COUNT' }),
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    count += page.Count ?? 0;
    onItems?.(page.Items ?? []);
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

/**
 * How many items a table holds: DescribeTable's count, which DynamoDB Local keeps exact and
 * current (DynamoDB itself refreshes it about every six hours). Less the items of the partitions
 * one has read, it is what lies outside them.
 */
export async function tableItemCount(client: DynamoDBClient, tableName: string): Promise<number> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  return Table?.ItemCount ?? 0;
}
