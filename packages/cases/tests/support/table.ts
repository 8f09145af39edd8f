import { randomBytes } from 'node:crypto';
import {
  CaseRepository,
  createApplicantKeyer,
  createCaseTable,
  createDocumentClient,
} from '@jilin/store';
import { inject } from 'vitest';

/** The credentials DynamoDB Local accepts (any will do; it keeps one shared database). */
const LOCAL = {
  region: 'cn-north-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

export const TEST_SECRET = 'test-secret-for-applicant-keys-0123456789abcdef';

/**
 * A fresh case table on the DynamoDB Local that the global setup started, and a repository over
 * it. One per test file: the overdue scan and the worklists read across the whole table.
 */
export async function createTestTable() {
  const client = createDocumentClient({ ...LOCAL, endpoint: inject('dynamoEndpoint') });
  const tableName = `cases-${randomBytes(4).toString('hex')}`;
  await createCaseTable(client, tableName);
  const repository = new CaseRepository({
    client,
    tableName,
    applicantKey: createApplicantKeyer(TEST_SECRET),
  });
  // DynamoDB Local runs in memory and stops with the run: the table goes with it.
  return { client, tableName, repository, close: () => client.destroy() };
}
