import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The document client the repository expects. The endpoint comes from the SDK's standard
 * variables (AWS_ENDPOINT_URL_DYNAMODB locally), so handlers have no local branches.
 */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return documentClientFor(new DynamoDBClient(config));
}

/**
 * The document client over an existing low-level client: one client (one connection pool, one
 * construction at cold start) for the repository and whatever else needs the low-level one,
 * such as Powertools' idempotency persistence layer.
 */
export function documentClientFor(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
