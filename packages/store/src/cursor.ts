import { InvalidCursorError } from './errors';

type Key = Record<string, string>;

/**
 * Opaque pagination cursors: the LastEvaluatedKey, base64url-encoded. A cursor is checked on the
 * way back in: it must decode to exactly the key attributes of the index queried, all strings,
 * and belong to the partition being queried, so a forged or foreign cursor is an
 * InvalidCursorError, never a DynamoDB validation error.
 */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  if (!key) return undefined;
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
  attributes: readonly string[],
  partition: { readonly name: string; readonly value: string },
): Key | undefined {
  if (cursor === undefined) return undefined;
  if (cursor.length === 0 || cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidCursorError();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidCursorError();
  }
  const entries = Object.entries(parsed);
  const expected = new Set(attributes);
  if (
    entries.length !== expected.size ||
    // Key values within DynamoDB's limits (2048 bytes for a partition key, 1024 for a sort key).
    entries.some(
      ([k, v]) =>
        !expected.has(k) ||
        typeof v !== 'string' ||
        v.length === 0 ||
        Buffer.byteLength(v, 'utf8') > 1024,
    )
  ) {
    throw new InvalidCursorError();
  }
  const key = Object.fromEntries(entries) as Key;
  if (key[partition.name] !== partition.value) throw new InvalidCursorError();
  return key;
}
