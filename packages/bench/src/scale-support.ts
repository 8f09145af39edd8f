import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { bootstrapRatioInterval, ratioOfMedians, type Summary, summarize } from './stats';

/** What the scale measurements share: filling tables and timing queries in pairs. */

/** One measure at the 1× size and at the 10× size, and how much it grew. */
export interface Growth {
  readonly latency1x: Summary;
  readonly latency10x: Summary;
  /** 10× over 1×, of the medians. */
  readonly ratio: number;
  readonly interval: { readonly low: number; readonly high: number };
}

/** The growth from paired times at 1× and 10× (as timePairs and timeRounds return them). */
export function growth(at1x: readonly number[], at10x: readonly number[]): Growth {
  return {
    latency1x: summarize(at1x),
    latency10x: summarize(at10x),
    ratio: ratioOfMedians(at10x, at1x),
    interval: bootstrapRatioInterval(at10x, at1x, { paired: true }),
  };
}

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
 * Times several calls in rounds, `iterations` times after a warm-up, each round in another
 * order (rotated by one: each call goes first, second … in turn), so drift and caching hit them
 * all alike. With two calls, they alternate.
 * Returns each call's times, round by round.
 */
export async function timeRounds(
  calls: readonly (() => Promise<unknown>)[],
  iterations: number,
): Promise<number[][]> {
  const times: number[][] = calls.map(() => []);
  const warmup = Math.min(20, Math.ceil(iterations / 5));
  const indexes = calls.map((_, k) => k);
  for (let i = 0; i < warmup + iterations; i++) {
    const shift = i % calls.length;
    const rotated = [...indexes.slice(shift), ...indexes.slice(0, shift)];
    for (const k of rotated) {
      const started = performance.now();
      await (calls[k] as () => Promise<unknown>)();
      if (i >= warmup) (times[k] as number[]).push(performance.now() - started);
    }
  }
  return times;
}

/**
 * The order of `n` sides in round `i` (0-based indexes): reversed every other round and rotated
 * by one every two rounds, so that over any 2·n rounds each side goes first, and takes each place,
 * equally often. (Rotating by `i` while reversing on odd `i`, as the warm section did until
 * session 8, put two sides in the same order every round: the handler always before its raw
 * calls.)
 */
export function roundOrder(i: number, n: number): number[] {
  const sides = Array.from({ length: n }, (_, k) => k);
  const ordered = i % 2 === 0 ? sides : sides.reverse();
  const shift = Math.floor(i / 2) % n;
  return [...ordered.slice(shift), ...ordered.slice(0, shift)];
}

/** Times two calls in pairs ({@link timeRounds}): each call's times, pair by pair. */
export async function timePairs(
  first: () => Promise<unknown>,
  second: () => Promise<unknown>,
  iterations: number,
): Promise<{ readonly first: number[]; readonly second: number[] }> {
  const [a, b] = await timeRounds([first, second], iterations);
  return { first: a as number[], second: b as number[] };
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
