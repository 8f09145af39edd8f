/**
 * Recorded DynamoDB calls and how they are replayed: the same operations with the same items,
 * on fresh keys where a replay writes (a case number taken twice would fail its condition).
 */

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** One DynamoDB API call as it went over the wire: `Query`, `TransactWriteItems`, … */
export interface RecordedCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

/** A case number: `<area>-<YYYYMMDD>-<8 Crockford base32>`. */
export const CASE_ID_PATTERN = /\b\d{6}-\d{8}-[0-9A-HJKMNP-TV-Z]{8}\b/g;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const READ_OPERATIONS: ReadonlySet<string> = new Set([
  'Query',
  'GetItem',
  'BatchGetItem',
  'TransactGetItems',
  'Scan',
]);
export const WRITE_OPERATIONS: ReadonlySet<string> = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

/** Every case number a list of calls mentions, in order of appearance. */
export function caseIdsIn(calls: readonly RecordedCall[]): string[] {
  const found = new Set<string>();
  for (const call of calls) {
    for (const match of JSON.stringify(call.input).matchAll(CASE_ID_PATTERN)) found.add(match[0]);
  }
  return [...found];
}

/**
 * The `id` keys a list of calls reads or writes in a table keyed by `id` (the idempotency
 * table), on its own or inside a transaction.
 */
export function idempotencyIdsIn(calls: readonly RecordedCall[], tableName: string): string[] {
  const found = new Set<string>();
  type Entry = {
    TableName?: string;
    Item?: { id?: { S?: string } };
    Key?: { id?: { S?: string } };
  };
  const visit = (entry: Entry | undefined) => {
    if (entry?.TableName !== tableName) return;
    const id = entry.Item?.id?.S ?? entry.Key?.id?.S;
    if (id) found.add(id);
  };
  for (const call of calls) {
    visit(call.input as Entry);
    const items = (call.input.TransactItems ?? []) as Record<string, Entry>[];
    for (const item of items) for (const entry of Object.values(item)) visit(entry);
  }
  return [...found];
}

/** A new case number with the same area and date as `template`. */
export function freshCaseId(template: string, randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(8);
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += CROCKFORD[(bytes[i] ?? 0) % 32];
  return `${template.slice(0, 16)}${suffix}`;
}

/**
 * The calls with every occurrence of each key of `mapping` replaced by its value, and without the
 * idempotency token the SDK filled in for TransactWriteItems (a replay's SDK draws its own, as
 * the handler's did; the same token with other items would be refused).
 */
export function rewriteCalls(
  calls: readonly RecordedCall[],
  mapping: ReadonlyMap<string, string>,
): RecordedCall[] {
  return calls.map((call) => {
    let text = JSON.stringify(call.input);
    for (const [from, to] of mapping) text = text.split(from).join(to);
    const { ClientRequestToken: _token, ...input } = JSON.parse(text) as Record<string, unknown>;
    return { operation: call.operation, input };
  });
}

/** Only the calls that write. */
export const writesOf = (calls: readonly RecordedCall[]): RecordedCall[] =>
  calls.filter((c) => WRITE_OPERATIONS.has(c.operation));

/** The call with `ReturnConsumedCapacity: INDEXES` (every read and write operation takes it). */
export function withConsumedCapacity(call: RecordedCall): RecordedCall {
  if (!READ_OPERATIONS.has(call.operation) && !WRITE_OPERATIONS.has(call.operation)) return call;
  return { ...call, input: { ...call.input, ReturnConsumedCapacity: 'INDEXES' } };
}

export interface ConsumedCapacityLike {
  readonly TableName?: string;
  readonly CapacityUnits?: number;
  readonly Table?: { readonly CapacityUnits?: number };
  readonly GlobalSecondaryIndexes?: Readonly<Record<string, { readonly CapacityUnits?: number }>>;
}

/** Capacity units by table and by `table/index`, from a response's ConsumedCapacity. */
export function consumedByTarget(
  consumed: ConsumedCapacityLike | readonly ConsumedCapacityLike[] | undefined,
): Map<string, number> {
  const totals = new Map<string, number>();
  const add = (key: string, n: number | undefined) => {
    if (n) totals.set(key, (totals.get(key) ?? 0) + n);
  };
  const list = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
  for (const c of list as readonly ConsumedCapacityLike[]) {
    const table = c.TableName ?? '(table)';
    const indexes = Object.entries(c.GlobalSecondaryIndexes ?? {});
    const indexUnits = indexes.reduce((sum, [, v]) => sum + (v.CapacityUnits ?? 0), 0);
    add(table, c.Table?.CapacityUnits ?? (c.CapacityUnits ?? 0) - indexUnits);
    for (const [name, v] of indexes) add(`${table}/${name}`, v.CapacityUnits);
  }
  return totals;
}

/** An INSERT record of a DynamoDB stream (NEW_AND_OLD_IMAGES) for each item a transaction puts. */
export function streamInsertsOf(
  call: RecordedCall,
  options: { readonly tableArn: string; readonly region: string; readonly firstSequence: number },
): unknown[] {
  if (call.operation !== 'TransactWriteItems') {
    throw new RangeError(`a stream is built from a TransactWriteItems call, not ${call.operation}`);
  }
  const items = (call.input.TransactItems as { Put?: { Item: Record<string, unknown> } }[])
    .map((t) => t.Put?.Item)
    .filter((item): item is Record<string, unknown> => item !== undefined);
  return items.map((item, i) => {
    const sequence = String(options.firstSequence + i).padStart(21, '0');
    return {
      eventID: `bench-${sequence}`,
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: options.region,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: { pk: item.pk, sk: item.sk },
        NewImage: item,
        SequenceNumber: sequence,
        SizeBytes: JSON.stringify(item).length,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: `${options.tableArn}/stream/2026-01-01T00:00:00.000`,
    };
  });
}

/** One item a write touches: its table and key. */
export interface WriteTarget {
  readonly tableName: string;
  readonly key: Record<string, unknown>;
  /** Written inside a transaction (its units count twice). */
  readonly transactional: boolean;
}

/**
 * The items a write call touches, keyed by each table's key attributes (`keySchemas`: table name
 * → its key attribute names). Reads touch none.
 */
export function writeTargets(
  call: RecordedCall,
  keySchemas: Readonly<Record<string, readonly string[]>>,
): WriteTarget[] {
  const keyOf = (tableName: string, item: Record<string, unknown>) => {
    const names = keySchemas[tableName];
    if (!names) throw new RangeError(`no key schema for table ${tableName}`);
    return Object.fromEntries(names.map((n) => [n, item[n]]));
  };
  type Entry = { TableName: string; Item?: Record<string, unknown>; Key?: Record<string, unknown> };
  const one = (entry: Entry, transactional: boolean): WriteTarget => ({
    tableName: entry.TableName,
    key: keyOf(entry.TableName, entry.Item ?? entry.Key ?? {}),
    transactional,
  });
  switch (call.operation) {
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [one(call.input as unknown as Entry, false)];
    case 'TransactWriteItems':
      return (call.input.TransactItems as Record<string, Entry>[]).map((t) => {
        const entry = t.Put ?? t.Update ?? t.Delete ?? t.ConditionCheck;
        if (!entry) throw new RangeError('an empty transaction item');
        return one(entry, true);
      });
    case 'BatchWriteItem':
      return Object.entries(
        call.input.RequestItems as Record<
          string,
          {
            PutRequest?: { Item: Record<string, unknown> };
            DeleteRequest?: { Key: Record<string, unknown> };
          }[]
        >,
      ).flatMap(([tableName, requests]) =>
        requests.map((r) => ({
          tableName,
          key: keyOf(tableName, r.PutRequest?.Item ?? r.DeleteRequest?.Key ?? {}),
          transactional: false,
        })),
      );
    default:
      return [];
  }
}

/** A replayed call: its response's capacity and counts, and the items its writes touched. */
export interface ExecutedCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  readonly consumed: unknown;
  readonly count?: number;
  readonly scannedCount?: number;
  readonly items?: readonly Record<string, unknown>[];
  readonly writes: readonly {
    readonly tableName: string;
    readonly transactional: boolean;
    readonly pre?: Record<string, unknown>;
    readonly post?: Record<string, unknown>;
  }[];
}

/** The fields of an operation's input (or of a transaction's entry) that hold wire-format items. */
const ITEM_FIELDS = ['Item', 'Key', 'ExpressionAttributeValues', 'ExclusiveStartKey'] as const;

type Wire = Record<string, unknown>;

/**
 * Refuses what would not come back the same through the floor (the bench hands calls to it as
 * JSON, and the document client marshalls native values): sets (JSON has none), binary (base64
 * text would return as a string) and numbers JavaScript does not hold exactly. The store sends
 * none of them today; a call that does is refused rather than measured as another call.
 */
function assertRoundTrips(value: unknown, where: string): void {
  if (typeof value !== 'object' || value === null) return;
  for (const [type, inner] of Object.entries(value)) {
    if (type === 'SS' || type === 'NS' || type === 'BS' || type === 'B') {
      throw new RangeError(`${where}: a ${type} value does not round-trip through the floor`);
    }
    if (type === 'N' && (typeof inner !== 'string' || String(Number(inner)) !== inner)) {
      throw new RangeError(`${where}: the number ${String(inner)} does not round-trip exactly`);
    }
    if (type === 'M' || type === 'L') {
      for (const [key, member] of Object.entries(inner as object)) {
        assertRoundTrips(member, `${where}.${key}`);
      }
    }
  }
}

function documentEntry(entry: Wire): Wire {
  const out: Wire = { ...entry };
  for (const field of ITEM_FIELDS) {
    const value = out[field];
    if (value === undefined) continue;
    for (const [name, attribute] of Object.entries(value as object)) {
      assertRoundTrips(attribute, `${field}.${name}`);
    }
    // Recorded wire inputs: every one of these fields is a map of AttributeValues.
    out[field] = unmarshall(value as Record<string, AttributeValue>);
  }
  return out;
}

const eachEntry = (wrapper: Wire): Wire =>
  Object.fromEntries(
    Object.entries(wrapper).map(([kind, entry]) => [kind, documentEntry(entry as Wire)]),
  );

/**
 * A recorded call in the document client's form (`QueryCommand` of lib-dynamodb, …): its items,
 * keys and values unmarshalled, so that the document client marshalls them back into the same
 * wire input. The warm floor sends these, so it does what a handler's store does per call.
 */
export function documentCall(call: RecordedCall): RecordedCall {
  const input = documentEntry(call.input);
  if (Array.isArray(input.TransactItems)) {
    input.TransactItems = (input.TransactItems as Wire[]).map(eachEntry);
  }
  if (input.RequestItems !== undefined) {
    if (call.operation !== 'BatchWriteItem') {
      throw new RangeError(`the floor converts no ${call.operation}`);
    }
    input.RequestItems = Object.fromEntries(
      Object.entries(input.RequestItems as Record<string, Wire[]>).map(([table, requests]) => [
        table,
        requests.map(eachEntry),
      ]),
    );
  }
  return { operation: call.operation, input };
}
