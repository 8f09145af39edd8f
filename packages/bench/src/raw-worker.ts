import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveChild } from './child';
import type { RawDynamoDb } from './raw-sdk';
import {
  type ExecutedCall,
  freshCaseId,
  type RecordedCall,
  withConsumedCapacity,
  writeTargets,
} from './replay';

/**
 * The raw SDK side: a process that holds only the bundled low-level DynamoDB client (raw-sdk.ts,
 * bundled like a function) and sends recorded calls, timed or with their consumed capacity and
 * the items they touched.
 */

let raw: RawDynamoDb | undefined;
const client = (): RawDynamoDb => {
  if (!raw) throw new Error('the raw client is not loaded');
  return raw;
};

async function sendAll(calls: readonly RecordedCall[]): Promise<void> {
  for (const call of calls) await client().send(call.operation, call.input);
}

const getItem = async (tableName: string, key: Record<string, unknown>) =>
  (
    (await client().send('GetItem', { TableName: tableName, Key: key, ConsistentRead: true })) as {
      Item?: Record<string, unknown>;
    }
  ).Item;

serveChild({
  async load(args: { dir: string; config: Record<string, unknown> }) {
    const mod = (await import(pathToFileURL(join(args.dir, 'index.mjs')).href)) as {
      createRawDynamoDb: (config: Record<string, unknown>) => RawDynamoDb;
    };
    raw = mod.createRawDynamoDb(args.config);
    return true;
  },

  /** The calls in order, timed as one: the raw side of a handler's invocation. */
  async time(args: { calls: RecordedCall[] }) {
    const started = performance.now();
    await sendAll(args.calls);
    return performance.now() - started;
  },

  /** Several lists of calls (setting up cases), `concurrency` lists at a time. */
  async sendMany(args: { lists: RecordedCall[][]; concurrency: number }) {
    let next = 0;
    const worker = async () => {
      while (next < args.lists.length) {
        const list = args.lists[next++] as RecordedCall[];
        await sendAll(list);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, args.concurrency) }, worker));
    return args.lists.length;
  },

  /**
   * Copies of one case under fresh numbers: its partition's items (case, tasks, timeline, audit
   * chain) rewritten and put with BatchWriteItem, index keys included. Much faster on DynamoDB
   * Local than replaying each case's transactions; returns the new numbers.
   */
  async clone(args: {
    tableName: string;
    partitionKey: string;
    partitionValue: string;
    caseId: string;
    count: number;
  }) {
    const items: Record<string, unknown>[] = [];
    let start: unknown;
    do {
      const page = (await client().send('Query', {
        TableName: args.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': args.partitionKey },
        ExpressionAttributeValues: { ':pk': { S: args.partitionValue } },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      })) as { Items?: Record<string, unknown>[]; LastEvaluatedKey?: unknown };
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    if (items.length === 0) throw new Error(`no items in ${args.partitionValue}`);
    const template = JSON.stringify(items);
    const ids: string[] = [];
    const puts: unknown[] = [];
    for (let i = 0; i < args.count; i++) {
      const id = freshCaseId(args.caseId, randomBytes);
      ids.push(id);
      for (const item of JSON.parse(template.split(args.caseId).join(id)) as unknown[]) {
        puts.push({ PutRequest: { Item: item } });
      }
    }
    const batches: unknown[][] = [];
    for (let i = 0; i < puts.length; i += 25) batches.push(puts.slice(i, i + 25));
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        let pending: Record<string, unknown[]> = { [args.tableName]: batches[next++] as unknown[] };
        for (let attempt = 0; Object.keys(pending).length > 0; attempt++) {
          if (attempt > 10) throw new Error('BatchWriteItem left items unprocessed 10 times');
          const out = (await client().send('BatchWriteItem', { RequestItems: pending })) as {
            UnprocessedItems?: Record<string, unknown[]>;
          };
          pending = out.UnprocessedItems ?? {};
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    return ids;
  },

  /**
   * The calls with ReturnConsumedCapacity, and for writes the items before and after (read
   * with GetItem, not counted): what the capacity section measures and checks.
   */
  async execute(args: { calls: RecordedCall[]; keySchemas: Record<string, string[]> }) {
    const executed: ExecutedCall[] = [];
    for (const call of args.calls) {
      const targets = writeTargets(call, args.keySchemas);
      const pre = await Promise.all(targets.map((t) => getItem(t.tableName, t.key)));
      const measured = withConsumedCapacity(call);
      const output = (await client()
        .send(measured.operation, measured.input)
        .catch((error: Error) => {
          throw new Error(
            `${call.operation} failed on replay: ${error.message}\n${JSON.stringify(call.input).slice(0, 4000)}`,
            { cause: error },
          );
        })) as {
        ConsumedCapacity?: unknown;
        Count?: number;
        ScannedCount?: number;
        Items?: Record<string, unknown>[];
      };
      const post = await Promise.all(targets.map((t) => getItem(t.tableName, t.key)));
      executed.push({
        operation: call.operation,
        input: call.input,
        consumed: output.ConsumedCapacity,
        ...(output.Count !== undefined ? { count: output.Count } : {}),
        ...(output.ScannedCount !== undefined ? { scannedCount: output.ScannedCount } : {}),
        ...(output.Items ? { items: output.Items } : {}),
        writes: targets.map((t, i) => ({
          tableName: t.tableName,
          transactional: t.transactional,
          ...(pre[i] ? { pre: pre[i] } : {}),
          ...(post[i] ? { post: post[i] } : {}),
        })),
      });
    }
    return executed;
  },
});
