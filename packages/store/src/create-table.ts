import { CreateTableCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { CASE_TABLE } from './table';

/**
 * CreateTable input for the case table, for the local platform and tests (the cloud table is made
 * by the CDK construct from the same CASE_TABLE definition).
 */
export function caseTableInput(
  tableName: string,
  options: {
    /**
     * The stream dispatch reads. Off only where nothing reads it (the bench): DynamoDB Local slows
     * every request to a table with a stream as its records grow.
     * @default true
     */
    readonly stream?: boolean;
  } = {},
): CreateTableCommandInput {
  const indexes = Object.entries(CASE_TABLE.indexes);
  const attributes = [
    CASE_TABLE.partitionKey,
    CASE_TABLE.sortKey,
    ...indexes.flatMap(([, i]) => [i.partitionKey, i.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: CASE_TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: CASE_TABLE.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: indexes.map(([name, i]) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' },
        { AttributeName: i.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...i.include] },
    })),
    ...(options.stream === false
      ? {}
      : { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }),
  };
}

/** Creates the case table (local platform and tests). */
export async function createCaseTable(
  client: { send(command: CreateTableCommand): Promise<unknown> },
  tableName: string,
): Promise<void> {
  await client.send(new CreateTableCommand(caseTableInput(tableName)));
}
