import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';

/** What the scale measurements share: filling tables and timing queries in pairs. */

/** Runs `work` over `items`, `concurrency` at a time. */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/**
 * Times two calls in pairs, `iterations` times after a warm-up, alternating which goes first, so
 * drift and caching hit both alike. Returns each call's times, pair by pair.
 */
export async function timePairs(
  first: () => Promise<unknown>,
  second: () => Promise<unknown>,
  iterations: number,
): Promise<{ readonly first: number[]; readonly second: number[] }> {
  const time = async (call: () => Promise<unknown>) => {
    const started = performance.now();
    await call();
    return performance.now() - started;
  };
  const a: number[] = [];
  const b: number[] = [];
  const warmup = Math.min(20, Math.ceil(iterations / 5));
  for (let i = 0; i < warmup + iterations; i++) {
    let x: number;
    let y: number;
    if (i % 2 === 0) {
      x = await time(first);
      y = await time(second);
    } else {
      y = await time(second);
      x = await time(first);
    }
    if (i >= warmup) {
      a.push(x);
      b.push(y);
    }
  }
  return { first: a, second: b };
}

/** Puts every item with BatchWriteItem, 25 a call, four calls at a time. */
export async function putAll(
  client: DynamoDBClient,
  puts: readonly { readonly table: string; readonly item: Record<string, AttributeValue> }[],
): Promise<void> {
  const batches: (typeof puts)[] = [];
  for (let i = 0; i < puts.length; i += 25) batches.push(puts.slice(i, i + 25));
  await inParallel(batches, 4, async (batch) => {
    const requests: Record<string, WriteRequest[]> = {};
    for (const p of batch) {
      requests[p.table] = [...(requests[p.table] ?? []), { PutRequest: { Item: p.item } }];
    }
    await writeBatch(client, requests);
  });
}

/** One BatchWriteItem, sent again with its unprocessed items until none are left. */
async function writeBatch(
  client: DynamoDBClient,
  requestItems: Record<string, WriteRequest[]>,
): Promise<void> {
  let requests = requestItems;
  for (let attempt = 0; Object.keys(requests).length > 0; attempt++) {
    if (attempt > 10) throw new Error('BatchWriteItem left items unprocessed 10 times');
    const out = await client.send(new BatchWriteItemCommand({ RequestItems: requests }));
    requests = (out.UnprocessedItems ?? {}) as Record<string, WriteRequest[]>;
  }
}
