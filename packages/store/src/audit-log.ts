import { createHash } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { hot } from '@jilin/domain';
import * as z from 'zod/mini';
import { CorruptItemError, StoreError } from './errors';
import { keys } from './keys';
import { withoutKeys } from './table';

/**
 * The audit trail of staff access to cases (个人信息保护法: every use of personal information by
 * anyone but its owner is recorded). Each case has its own append-only chain in its partition
 * (`AUDIT#000001` …): every record carries the hash of the one before, so changing or removing a
 * record breaks every hash after it. Appends race only with other staff touching the same case,
 * and a lost race (the sequence number taken) is simply retried on the new head.
 *
 * The `byAuditDay` index lists each day's records, so a verifier finds every chain touched on a
 * day without scanning the table. Cutting the last records off a chain is the one change a chain
 * cannot show by itself: publishing each day's heads to write-once storage closes that gap
 * (not built yet; see ARCHITECTURE.md).
 */
export const AuditRecordSchema = z.strictObject({
  caseId: z.string(),
  seq: z.int().check(z.positive()),
  at: z.iso.datetime(),
  actor: z.strictObject({
    role: z.string(),
    id: z.string(),
    platform: z.optional(z.string()),
    department: z.optional(z.string()),
  }),
  /** What was done: `read`, `list`, or the event (`accept`, `withdraw`, …). */
  action: z.string().check(z.minLength(1), z.maxLength(64)),
  /** `ok`, `denied`, or `refused:<code>` for a change the rules refused. */
  result: z.string().check(z.minLength(1), z.maxLength(64)),
  prevHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  hash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;
export type AuditEntry = Pick<AuditRecord, 'actor' | 'action' | 'result'> & { readonly at: string };

export interface ChainVerification {
  readonly caseId: string;
  readonly records: number;
  readonly ok: boolean;
  /** The first record whose hash or link does not hold. */
  readonly brokenAt?: number;
  readonly reason?: string;
}

const AUDIT_PREFIX = 'AUDIT#';
/** Enough for dozens of appends racing on one chain (each round one of them wins). */
const MAX_ATTEMPTS = 60;

/** The chain's first link: a hash of the case id, so chains cannot be swapped between cases. */
export const genesisHash = (caseId: string): string =>
  createHash('sha256').update(`jilin-audit-genesis:${caseId}`).digest('hex');

/**
 * The canonical form that is hashed: JSON with keys sorted at every level. Audit records hold
 * only strings, integers and plain objects, for which sorting keys is all RFC 8785 (JCS) asks;
 * a library for that would add nothing here.
 */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** The hash a record must carry: SHA-256 of everything else in it, its predecessor's hash included. */
export function auditHash(record: Omit<AuditRecord, 'hash'>): string {
  return createHash('sha256').update(canonical(record)).digest('hex');
}

export interface AuditLogProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

export class AuditLog {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(props: AuditLogProps) {
    if (!/^[A-Za-z0-9_.-]{3,255}$/.test(props.tableName ?? '')) {
      throw new TypeError(`AuditLog: "${props.tableName}" is not a DynamoDB table name`);
    }
    this.#client = props.client;
    this.#table = props.tableName;
  }

  /** Appends a record to the case's chain; retries when another append took the next number. */
  async append(caseId: string, entry: AuditEntry): Promise<AuditRecord> {
    for (let attempt = 1; ; attempt++) {
      const head = await this.#head(caseId);
      const body: Omit<AuditRecord, 'hash'> = {
        caseId,
        seq: (head?.seq ?? 0) + 1,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        result: entry.result,
        prevHash: head?.hash ?? genesisHash(caseId),
      };
      const record: AuditRecord = { ...body, hash: auditHash(body) };
      try {
        await this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: {
              ...record,
              pk: keys.casePk(caseId),
              sk: keys.auditSk(record.seq),
              type: 'audit',
              gsi4pk: keys.auditDayPk(record.at.slice(0, 10)),
              gsi4sk: `${record.at}#${caseId}#${record.seq}`,
            },
            ConditionExpression: 'attribute_not_exists(sk)',
          }),
        );
        return record;
      } catch (error) {
        const taken = error instanceof Error && error.name === 'ConditionalCheckFailedException';
        if (!taken) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          throw new StoreError('AUDIT_CONTENDED', `case ${caseId}: audit append kept losing`, {
            cause: error,
          });
        }
        // Exponential backoff with full jitter: a burst of staff on one case (fifty officers
        // deciding the same task at once) spreads out instead of colliding round after round.
        await new Promise((r) =>
          setTimeout(r, Math.random() * Math.min(250, 5 * 2 ** Math.min(attempt, 10))),
        );
      }
    }
  }

  /** The whole chain of a case, oldest first. */
  async chain(caseId: string): Promise<AuditRecord[]> {
    const items = await this.#queryAll({
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': keys.casePk(caseId), ':audit': AUDIT_PREFIX },
      ConsistentRead: true,
    });
    return items.map(parseRecord);
  }

  /** Checks every link and hash of a case's chain. */
  async verify(caseId: string): Promise<ChainVerification> {
    return verifyChain(caseId, await this.chain(caseId));
  }

  /** The cases with audit records on a day (YYYY-MM-DD, UTC), from the day index. */
  async casesOn(day: string): Promise<string[]> {
    const items = await this.#queryAll({
      TableName: this.#table,
      IndexName: 'byAuditDay',
      KeyConditionExpression: 'gsi4pk = :day',
      ExpressionAttributeValues: { ':day': keys.auditDayPk(day) },
    });
    return [...new Set(items.map((i) => String(i.caseId)))].sort();
  }

  async #head(caseId: string): Promise<AuditRecord | undefined> {
    const result = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
        ExpressionAttributeValues: { ':pk': keys.casePk(caseId), ':audit': AUDIT_PREFIX },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = result.Items?.[0];
    return item ? parseRecord(item) : undefined;
  }

  async #queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await this.#client.send(
        new QueryCommand({ ...input, ExclusiveStartKey: start }),
      );
      items.push(...(result.Items ?? []));
      start = result.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

function parseRecord(item: Record<string, unknown>): AuditRecord {
  const data = withoutKeys(item);
  const result = hot(AuditRecordSchema).safeParse(data);
  if (!result.success)
    throw new CorruptItemError(String(item.pk), String(item.sk), { cause: result.error });
  return result.data;
}

/** Verifies a chain read from anywhere (the store, an export): numbering, links and hashes. */
export function verifyChain(caseId: string, records: readonly AuditRecord[]): ChainVerification {
  let prev = genesisHash(caseId);
  for (const [i, record] of records.entries()) {
    const broken = (reason: string): ChainVerification => ({
      caseId,
      records: records.length,
      ok: false,
      brokenAt: record.seq,
      reason,
    });
    if (record.caseId !== caseId) return broken('record of another case');
    if (record.seq !== i + 1) return broken(`expected record ${i + 1}, found ${record.seq}`);
    if (record.prevHash !== prev) return broken('link to the previous record does not match');
    const { hash, ...body } = record;
    if (auditHash(body) !== hash) return broken('record content does not match its hash');
    prev = hash;
  }
  return { caseId, records: records.length, ok: true };
}
