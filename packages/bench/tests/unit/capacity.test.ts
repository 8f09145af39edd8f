import { describe, expect, it } from 'vitest';
import {
  floorWriteUnits,
  indexEntrySize,
  itemSize,
  numberSize,
  readUnits,
  requestCost,
  type TableShape,
  US_EAST_1_ON_DEMAND,
  valueSize,
  type WireItem,
  writeUnits,
} from '../../src';

const TABLE: TableShape = {
  keys: ['pk', 'sk'],
  indexes: [{ name: 'byStatus', partitionKey: 'gsiPk', sortKey: 'gsiSk', include: ['status'] }],
};

const item = (fields: Record<string, string>): WireItem =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { S: v }]));

describe('item sizes (DynamoDB "Item sizes and formats")', () => {
  it('counts names and UTF-8 values', () => {
    expect(itemSize(item({ pk: 'CASE#1', sk: 'CASE' }))).toBe(2 + 6 + 2 + 4);
    // Chinese is three bytes a character in UTF-8.
    expect(valueSize({ S: '社保卡' })).toBe(9);
  });

  it('sizes numbers by significant digits, and the other types', () => {
    expect(numberSize('1')).toBe(2);
    expect(numberSize('12345')).toBe(4);
    expect(numberSize('1000')).toBe(2);
    expect(numberSize('-0.0012')).toBe(2);
    expect(valueSize({ BOOL: true })).toBe(1);
    expect(valueSize({ NULL: true })).toBe(1);
    expect(valueSize({ L: [{ S: 'ab' }, { N: '1' }] })).toBe(3 + (2 + 1) + (2 + 1));
    expect(valueSize({ M: { a: { S: 'xy' } } })).toBe(3 + 1 + 2 + 1);
    expect(valueSize({ SS: ['a', 'bc'] })).toBe(3);
  });

  it('sizes an index entry by the keys and the projection only', () => {
    const case1 = item({
      pk: 'P',
      sk: 'S',
      gsiPk: 'G',
      gsiSk: 'H',
      status: 'open',
      big: 'x'.repeat(5000),
    });
    expect(indexEntrySize(case1, TABLE, TABLE.indexes[0] as TableShape['indexes'][number])).toBe(
      3 + 3 + 6 + 6 + 10,
    );
  });
});

describe('write and read units', () => {
  const small = item({ pk: 'P', sk: 'S', gsiPk: 'G1', gsiSk: 'H', status: 'a' });

  it('charges a new item and its new index entry, per started KB', () => {
    expect(writeUnits(undefined, small, TABLE, false)).toEqual({
      table: 1,
      indexes: { byStatus: 1 },
      total: 2,
    });
    const big = { ...small, blob: { S: 'x'.repeat(1500) } };
    expect(writeUnits(undefined, big, TABLE, false).table).toBe(2);
  });

  it('doubles everything in a transaction', () => {
    expect(writeUnits(undefined, small, TABLE, true).total).toBe(4);
  });

  it('writes two index entries when the index key changes, none when the entry does not', () => {
    const moved = { ...small, gsiPk: { S: 'G2' } };
    expect(writeUnits(small, moved, TABLE, false).indexes).toEqual({ byStatus: 2 });
    const untouched = { ...small, other: { S: 'not projected' } };
    expect(writeUnits(small, untouched, TABLE, false).indexes).toEqual({});
    const reprojected = { ...small, status: { S: 'b' } };
    expect(writeUnits(small, reprojected, TABLE, false).indexes).toEqual({ byStatus: 1 });
  });

  it('removes the entry of an item that leaves the index', () => {
    const { gsiPk: _gone, ...left } = small;
    expect(writeUnits(small, left, TABLE, false)).toEqual({
      table: 1,
      indexes: { byStatus: 1 },
      total: 2,
    });
  });

  it('has a floor of the item itself, once', () => {
    expect(floorWriteUnits(undefined, small)).toBe(1);
    expect(() => floorWriteUnits(undefined, undefined)).toThrow(RangeError);
    expect(() => writeUnits(undefined, undefined, TABLE, false)).toThrow(RangeError);
  });

  it('reads per started 4 KB: strongly consistent 1, eventually ½, transactional 2', () => {
    expect(readUnits(100, { consistent: true })).toBe(1);
    expect(readUnits(0, { consistent: true })).toBe(1);
    expect(readUnits(4097, { consistent: true })).toBe(2);
    expect(readUnits(4096, { consistent: false })).toBe(0.5);
    expect(readUnits(100, { consistent: true, transactional: true })).toBe(2);
  });

  it('prices requests from the published on-demand rates', () => {
    // 10,000 cases of 100 RRU and 400 WRU: 1 M RRU and 4 M WRU.
    expect(requestCost(100, 400, 10_000, US_EAST_1_ON_DEMAND)).toBeCloseTo(0.125 + 4 * 0.625);
  });
});
