export type { DynamoDbLocal, DynamoDbLocalOptions } from './dynamodb-local';
export { LOCAL_AWS, startDynamoDbLocal } from './dynamodb-local';
export { freePort } from './ports';
