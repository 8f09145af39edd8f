import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_AWS } from '@jilin/local';
import { inject } from 'vitest';
import {
  CaseRepository,
  caseTableInput,
  createApplicantKeyer,
  createDocumentClient,
} from '../../src';

export const TEST_SECRET = 'test-secret-for-applicant-keys-0123456789abcdef';

/** A fresh case table on the DynamoDB Local that the global setup started. */
export async function createTestTable() {
  const client = createDocumentClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });
  const tableName = `cases-${randomBytes(4).toString('hex')}`;
  await client.send(new CreateTableCommand(caseTableInput(tableName)));
  const repository = new CaseRepository({
    client,
    tableName,
    applicantKey: createApplicantKeyer(TEST_SECRET),
  });
  return {
    client,
    tableName,
    repository,
    drop: async () => {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    },
  };
}
