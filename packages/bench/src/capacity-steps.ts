import {
  floorWriteUnits,
  itemSize,
  readUnits,
  type TableShape,
  type WireItem,
  type WriteUnits,
  writeUnits,
} from './capacity';
import { consumedByTarget, type ExecutedCall, READ_OPERATIONS, WRITE_OPERATIONS } from './replay';

/**
 * The capacity of one step of a case's lifecycle, from its calls as replayed: what DynamoDB
 * bills by the documented formulas (from the items actually read and written), what DynamoDB
 * Local reported (ReturnConsumedCapacity INDEXES) beside it, and the floor the item sizes set.
 *
 * Why the formulas lead: DynamoDB Local reports single-item writes and Queries as the formulas
 * do, but under-reports TransactWriteItems with several items (e.g. a 企业开办 submission, 7
 * items: 8 units on the table and 2 on byDepartment reported, 16 and 10 by the formulas).
 */
export interface StepCapacity {
  readonly step: string;
  readonly function: string;
  readonly operations: readonly string[];
  /** By the documented formulas: what a table on demand is billed. */
  readonly billed: { readonly rru: number; readonly wru: number };
  readonly billedByTarget: Readonly<Record<string, number>>;
  /** As DynamoDB Local reported it. */
  readonly reported: { readonly rru: number; readonly wru: number };
  readonly reportedByTarget: Readonly<Record<string, number>>;
  /** The floor: each item written once, to its table only, outside a transaction. */
  readonly floorWru: number;
  readonly itemsWritten: number;
  readonly bytesWritten: number;
  readonly reads: readonly {
    readonly operation: string;
    readonly target: string;
    readonly consistent: boolean;
    readonly items: number;
    readonly bytes: number;
    readonly units: number;
  }[];
  readonly writes: readonly {
    readonly table: string;
    readonly sk?: string;
    readonly transactional: boolean;
    readonly bytesBefore: number;
    readonly bytesAfter: number;
    readonly units: WriteUnits;
  }[];
}

const add = (totals: Record<string, number>, key: string, n: number) => {
  if (n > 0) totals[key] = (totals[key] ?? 0) + n;
};

export function stepCapacity(
  step: { readonly step: string; readonly fn: string },
  executed: readonly ExecutedCall[],
  shapes: Readonly<Record<string, TableShape>>,
): StepCapacity {
  const billed = { rru: 0, wru: 0 };
  const reported = { rru: 0, wru: 0 };
  const billedByTarget: Record<string, number> = {};
  const reportedByTarget: Record<string, number> = {};
  let floorWru = 0;
  let itemsWritten = 0;
  let bytesWritten = 0;
  const reads: StepCapacity['reads'][number][] = [];
  const writes: StepCapacity['writes'][number][] = [];
  for (const call of executed) {
    const consumed = consumedByTarget(call.consumed as Parameters<typeof consumedByTarget>[0]);
    const units = [...consumed.values()].reduce((s, n) => s + n, 0);
    for (const [target, n] of consumed) add(reportedByTarget, target, n);
    if (READ_OPERATIONS.has(call.operation)) {
      reported.rru += units;
      const input = call.input as {
        TableName?: string;
        IndexName?: string;
        ConsistentRead?: boolean;
      };
      const target = input.IndexName
        ? `${input.TableName}/${input.IndexName}`
        : `${input.TableName}`;
      const consistent = input.ConsistentRead === true;
      const bytes = (call.items ?? []).reduce((s, item) => s + itemSize(item as WireItem), 0);
      const n = readUnits(bytes, { consistent });
      billed.rru += n;
      add(billedByTarget, target, n);
      reads.push({
        operation: call.operation,
        target,
        consistent,
        items: call.items?.length ?? 0,
        bytes,
        units: n,
      });
    } else if (WRITE_OPERATIONS.has(call.operation)) {
      reported.wru += units;
      for (const w of call.writes) {
        const shape = shapes[w.tableName];
        if (!shape) throw new Error(`no table shape for ${w.tableName}`);
        const pre = w.pre as WireItem | undefined;
        const post = w.post as WireItem | undefined;
        if (!pre && !post) continue;
        const u = writeUnits(pre, post, shape, w.transactional);
        billed.wru += u.total;
        add(billedByTarget, w.tableName, u.table);
        for (const [index, n] of Object.entries(u.indexes)) {
          add(billedByTarget, `${w.tableName}/${index}`, n);
        }
        floorWru += floorWriteUnits(pre, post);
        itemsWritten++;
        bytesWritten += post ? itemSize(post) : 0;
        const sk = (post ?? pre)?.sk;
        writes.push({
          table: w.tableName,
          ...(sk && 'S' in sk ? { sk: sk.S } : {}),
          transactional: w.transactional,
          bytesBefore: pre ? itemSize(pre) : 0,
          bytesAfter: post ? itemSize(post) : 0,
          units: u,
        });
      }
    }
  }
  return {
    step: step.step,
    function: step.fn,
    operations: executed.map((c) => c.operation),
    billed,
    billedByTarget,
    reported,
    reportedByTarget,
    floorWru,
    itemsWritten,
    bytesWritten,
    reads,
    writes,
  };
}
