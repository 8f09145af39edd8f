/**
 * DynamoDB capacity by the documented formulas: item sizes ("Item sizes and formats"), write
 * request units (1 per 1 KB written, each index entry written too, ×2 in a transaction) and read
 * request units (1 per 4 KB read strongly consistent, ½ eventually consistent, ×2 in a
 * transaction). The harness measures consumption with ReturnConsumedCapacity; these give the
 * same figures from the items alone, as a check, and the floor those item sizes set.
 */

/** An attribute value in DynamoDB's wire format (`{ "S": "…" }`). */
export type WireValue =
  | { readonly S: string }
  | { readonly N: string }
  | { readonly B: string }
  | { readonly BOOL: boolean }
  | { readonly NULL: boolean }
  | { readonly SS: readonly string[] }
  | { readonly NS: readonly string[] }
  | { readonly BS: readonly string[] }
  | { readonly L: readonly WireValue[] }
  | { readonly M: WireItem };

export type WireItem = Readonly<Record<string, WireValue>>;

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Bytes of a number: 1 per two significant digits, plus 1 (leading and trailing zeros trimmed). */
export function numberSize(text: string): number {
  const digits = text
    .replace(/^[-+]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

/** Bytes of a value: strings and binaries by length, numbers as above, lists and maps 3 + 1 per element. */
export function valueSize(value: WireValue): number {
  if ('S' in value) return utf8(value.S);
  if ('N' in value) return numberSize(value.N);
  if ('B' in value) return Buffer.from(value.B, 'base64').length;
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('SS' in value) return value.SS.reduce((sum, s) => sum + utf8(s), 0);
  if ('NS' in value) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if ('BS' in value) return value.BS.reduce((sum, b) => sum + Buffer.from(b, 'base64').length, 0);
  if ('L' in value) return 3 + value.L.reduce((sum, v) => sum + valueSize(v) + 1, 0);
  if ('M' in value) {
    return 3 + Object.entries(value.M).reduce((sum, [k, v]) => sum + utf8(k) + valueSize(v) + 1, 0);
  }
  throw new TypeError(`not a DynamoDB attribute value: ${JSON.stringify(value)}`);
}

/** Bytes of an item: each attribute's name and value. */
export function itemSize(item: WireItem): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + utf8(name) + valueSize(value),
    0,
  );
}

/** A secondary index as the capacity formulas need it. */
export interface IndexShape {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** Projected non-key attributes (INCLUDE). */
  readonly include: readonly string[];
}

export interface TableShape {
  readonly keys: readonly string[];
  readonly indexes: readonly IndexShape[];
}

const inIndex = (item: WireItem | undefined, index: IndexShape): item is WireItem =>
  item !== undefined && index.partitionKey in item && index.sortKey in item;

/** Bytes of an item's entry in an index: the table's keys, the index keys, the projection. */
export function indexEntrySize(item: WireItem, table: TableShape, index: IndexShape): number {
  const names = new Set([...table.keys, index.partitionKey, index.sortKey, ...index.include]);
  let size = 0;
  for (const name of names) {
    const value = item[name];
    if (value !== undefined) size += utf8(name) + valueSize(value);
  }
  return size;
}

const KB = 1024;
const units = (bytes: number, per: number) => Math.max(1, Math.ceil(bytes / per));

export interface WriteUnits {
  readonly table: number;
  readonly indexes: Readonly<Record<string, number>>;
  readonly total: number;
}

/**
 * Write request units of one item write: `pre` is the item before (absent for a new item),
 * `post` after (absent for a delete). The table is charged for the larger of the two; an index
 * for each entry written: one for a new or changed entry, one for a removed one, two when its
 * keys change (delete and put); nothing when the item neither was nor is in the index, or its
 * entry did not change. A transaction doubles everything.
 */
export function writeUnits(
  pre: WireItem | undefined,
  post: WireItem | undefined,
  table: TableShape,
  transactional: boolean,
): WriteUnits {
  if (!pre && !post) throw new RangeError('a write has an item before or after it');
  const factor = transactional ? 2 : 1;
  const tableUnits =
    units(Math.max(pre ? itemSize(pre) : 0, post ? itemSize(post) : 0), KB) * factor;
  const indexes: Record<string, number> = {};
  for (const index of table.indexes) {
    const was = inIndex(pre, index);
    const is = inIndex(post, index);
    let n = 0;
    if (was && is) {
      const keysChanged =
        JSON.stringify([pre[index.partitionKey], pre[index.sortKey]]) !==
        JSON.stringify([post[index.partitionKey], post[index.sortKey]]);
      const before = indexEntrySize(pre, table, index);
      const after = indexEntrySize(post, table, index);
      if (keysChanged) n = units(before, KB) + units(after, KB);
      else if (entryChanged(pre, post, table, index)) n = units(after, KB);
    } else if (is) {
      n = units(indexEntrySize(post, table, index), KB);
    } else if (was) {
      n = units(indexEntrySize(pre, table, index), KB);
    }
    if (n > 0) indexes[index.name] = n * factor;
  }
  const total = tableUnits + Object.values(indexes).reduce((sum, n) => sum + n, 0);
  return { table: tableUnits, indexes, total };
}

function entryChanged(pre: WireItem, post: WireItem, table: TableShape, index: IndexShape) {
  const names = new Set([...table.keys, index.partitionKey, index.sortKey, ...index.include]);
  for (const name of names) {
    if (JSON.stringify(pre[name]) !== JSON.stringify(post[name])) return true;
  }
  return false;
}

/** The floor of a write: the item itself, once, in the table only (no transaction, no index). */
export function floorWriteUnits(pre: WireItem | undefined, post: WireItem | undefined): number {
  const item = post ?? pre;
  if (!item) throw new RangeError('a write has an item before or after it');
  return units(itemSize(item), KB);
}

/**
 * Read request units of a read of `bytes` (a Query sums its items before rounding): 1 per 4 KB
 * strongly consistent, half that eventually consistent, twice that in a transaction.
 */
export function readUnits(
  bytes: number,
  options: { readonly consistent: boolean; readonly transactional?: boolean },
): number {
  const base = units(bytes, 4 * KB);
  if (options.transactional) return base * 2;
  return options.consistent ? base : base / 2;
}

/** Published on-demand prices (per million request units, per GB-month of storage). */
export interface Pricing {
  readonly region: string;
  readonly currency: string;
  readonly perMillionWrites: number;
  readonly perMillionReads: number;
  readonly perGbMonth: number;
  readonly source: string;
}

/**
 * us-east-1, DynamoDB Standard table class, on-demand, as published since the price reduction of
 * 1 November 2024 (https://aws.amazon.com/dynamodb/pricing/on-demand/). The China regions'
 * prices are published in CNY by the operators of those regions (https://www.amazonaws.cn/en/dynamodb/pricing/);
 * they are not used here.
 */
export const US_EAST_1_ON_DEMAND: Pricing = {
  region: 'us-east-1',
  currency: 'USD',
  perMillionWrites: 0.625,
  perMillionReads: 0.125,
  perGbMonth: 0.25,
  source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (Standard table class)',
};

/** The request cost of `count` repetitions of something that uses `reads` RRU and `writes` WRU. */
export function requestCost(
  reads: number,
  writes: number,
  count: number,
  pricing: Pricing,
): number {
  return (
    (reads * count * pricing.perMillionReads + writes * count * pricing.perMillionWrites) /
    1_000_000
  );
}
