import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';

/**
 * The "raw SDK calls" of the warm and capacity measurements: DynamoDB operations sent with the
 * low-level client, their input exactly as a handler sent it over the wire. This file is bundled
 * with the functions' own settings (PlatformFunction), so the raw calls run the same SDK build as
 * the deployed handlers.
 */
// biome-ignore lint/suspicious/noExplicitAny: each command takes its own input; these are recorded wire inputs
type AnyCommand = new (input: any) => any;
const COMMANDS: Readonly<Record<string, AnyCommand>> = {
  Query: QueryCommand,
  GetItem: GetItemCommand,
  PutItem: PutItemCommand,
  UpdateItem: UpdateItemCommand,
  DeleteItem: DeleteItemCommand,
  BatchWriteItem: BatchWriteItemCommand,
  TransactWriteItems: TransactWriteItemsCommand,
};

export interface RawDynamoDb {
  /** Sends one operation (`Query`, `TransactWriteItems`, …) with its wire-format input. */
  send(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  destroy(): void;
}

export function createRawDynamoDb(config: DynamoDBClientConfig = {}): RawDynamoDb {
  const client = new DynamoDBClient(config);
  return {
    async send(operation, input) {
      const Command = COMMANDS[operation];
      if (!Command) throw new RangeError(`the raw client does not send ${operation}`);
      const output: unknown = await client.send(new Command(input));
      return output as Record<string, unknown>;
    },
    destroy: () => client.destroy(),
  };
}

/** Nothing to handle: this bundle is loaded as a module, never invoked. */
export const handler = async (): Promise<void> => undefined;
