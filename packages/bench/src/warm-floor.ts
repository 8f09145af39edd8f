import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';

/**
 * The warm floor of this design (`npm run bench -- --floor`), a reference beside the handlers,
 * not judged: a Lambda handler with what DESIGN has every HTTP function run on each request and
 * nothing of ours: middy, Powertools' logger with the Lambda context, the document client (as
 * the store builds it) sending the handler's own DynamoDB calls, and the items answered as JSON.
 * No validation, no access rules, no views, no metrics. What a handler takes beyond this floor
 * is the platform's own code; what this takes beyond the raw calls, no handler of this design
 * avoids. Bundled like a function (PlatformFunction), so it runs the deployed SDK build.
 */

// biome-ignore lint/suspicious/noExplicitAny: each command takes its own input; these are recorded calls
type AnyCommand = new (input: any) => any;
const COMMANDS: Readonly<Record<string, AnyCommand>> = {
  Query: QueryCommand,
  GetItem: GetCommand,
  PutItem: PutCommand,
  UpdateItem: UpdateCommand,
  DeleteItem: DeleteCommand,
  BatchWriteItem: BatchWriteCommand,
  TransactWriteItems: TransactWriteCommand,
};

const logger = new Logger({ serviceName: 'warm-floor' });
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

/** The handler's DynamoDB calls, their inputs in the document client's form (replay.ts). */
export interface FloorEvent {
  readonly calls: readonly { readonly operation: string; readonly input: object }[];
}

export const handler = middy(async (event: FloorEvent) => {
  const answers: unknown[] = [];
  for (const call of event.calls) {
    const Command = COMMANDS[call.operation];
    if (!Command) throw new RangeError(`the floor does not send ${call.operation}`);
    const output = (await documents.send(new Command(call.input))) as {
      Items?: unknown;
      Item?: unknown;
    };
    answers.push(output.Items ?? output.Item ?? null);
  }
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(answers),
  };
}).use(injectLambdaContext(logger, { resetKeys: true }));
