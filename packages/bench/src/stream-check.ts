import {
  type AttributeValue,
  CreateTableCommand,
  DeleteTableCommand,
  type DynamoDBClient,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { CASE_TABLE, caseTableInput } from '@jilin/store';
import { type Growth, growth, putAll, timePairs } from './scale-support';

/**
 * The emulator check beside the scale section: does DynamoDB Local itself slow down as a table
 * grows? The same base-table Query of one partition (seven items), on the case table's shape at
 * N and 10·N partitions, once with the table's stream on and once with it off. On DynamoDB Local
 * (2026-01-16) the stream is what grows the latency: every request to a table with a stream
 * costs time that grows with the stream records it holds, which real DynamoDB does not do (its
 * stream is a separate service). So the scale section's tables are made without a stream, and
 * this check shows, in the same run, why.
 */

export interface StreamCheckRow extends Growth {
  readonly stream: boolean;
}

export interface StreamCheck {
  readonly partitions: readonly [number, number];
  readonly itemsPerPartition: number;
  readonly rows: readonly StreamCheckRow[];
}

const ITEMS_PER_PARTITION = 7;

export async function measureStreamCheck(options: {
  readonly client: DynamoDBClient;
  readonly partitions: number;
  readonly iterations: number;
  readonly onProgress: (message: string) => void;
}): Promise<StreamCheck> {
  const { client } = options;
  const sizes = [options.partitions, options.partitions * 10] as const;
  const rows: StreamCheckRow[] = [];
  for (const stream of [true, false]) {
    options.onProgress(
      `scale: emulator check, ${sizes[0]} and ${sizes[1]} partitions, stream ${stream ? 'on' : 'off'}`,
    );
    const names = sizes.map((n) => `bench-stream-check-${stream ? 'on' : 'off'}-${n}`);
    try {
      for (const [k, name] of names.entries()) {
        await client.send(new CreateTableCommand(caseTableInput(name, { stream })));
        await putAll(client, keysOnlyItems(name, sizes[k] ?? 0));
      }
      const query = (name: string) => () =>
        client.send(
          new QueryCommand({
            TableName: name,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': CASE_TABLE.partitionKey },
            ExpressionAttributeValues: { ':pk': { S: partitionKey(0) } },
          }),
        );
      const times = await timePairs(
        query(names[0] as string),
        query(names[1] as string),
        options.iterations,
      );
      rows.push({ stream, ...growth(times.first, times.second) });
    } finally {
      // Every table, whichever failed: a failed delete must not hide the error that got here.
      await Promise.allSettled(
        names.map((name) => client.send(new DeleteTableCommand({ TableName: name }))),
      );
    }
  }
  return { partitions: sizes, itemsPerPartition: ITEMS_PER_PARTITION, rows };
}

const partitionKey = (n: number) => `CHECK#${String(n).padStart(8, '0')}`;

/** `partitions` partitions of seven small items, with no index keys: only the base table grows. */
function keysOnlyItems(table: string, partitions: number) {
  const puts: { table: string; item: Record<string, AttributeValue> }[] = [];
  for (let p = 0; p < partitions; p++) {
    for (let s = 0; s < ITEMS_PER_PARTITION; s++) {
      puts.push({
        table,
        item: {
          [CASE_TABLE.partitionKey]: { S: partitionKey(p) },
          [CASE_TABLE.sortKey]: { S: `ITEM#${s}` },
          data: { S: 'x'.repeat(200) },
        },
      });
    }
  }
  return puts;
}
