import {
  type AttributeValue,
  DynamoDBClient,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import { LOCAL_AWS } from '../src/dynamodb-local';

/**
 * Reads a whole table of the local platform, page by page: the project's one Scan, and a test's
 * (the end-to-end and security tests, which must see every item: that a refused request changed
 * nothing, that no full personal number is stored). Nothing outside the tests reads this way:
 * handlers read with Query or GetItem only (DESIGN.md), and so does the soak's verifier.
 * `segments` reads in parallel; `onItems` gets each page's items (none with `Select: 'COUNT'`).
 * @returns how many items matched (the Scan's `Count`, summed).
 */
export async function scanWholeTable(options: {
  readonly endpoint: string;
  readonly input: Omit<ScanCommandInput, 'ExclusiveStartKey' | 'Segment' | 'TotalSegments'>;
  readonly segments?: number;
  readonly onItems?: (items: readonly Record<string, AttributeValue>[]) => void;
}): Promise<number> {
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: options.endpoint });
  const segments = options.segments ?? 1;
  let count = 0;
  try {
    await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        let start: Record<string, AttributeValue> | undefined;
        do {
          const page = await client.send(
            new ScanCommand({
              ...options.input,
              ...(segments > 1 ? { Segment: segment, TotalSegments: segments } : {}),
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          count += page.Count ?? 0;
          options.onItems?.(page.Items ?? []);
          start = page.LastEvaluatedKey;
        } while (start);
      }),
    );
  } finally {
    client.destroy();
  }
  return count;
}
