import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ApplicationSchema } from '@jilin/domain';
import { PrincipalSchema } from '@jilin/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRedrive } from '../../src/cli/run-redrive';
import { issueToken } from '../../src/dev-issuer';
import { LOCAL_AWS } from '../../src/dynamodb-local';
import { type LocalPlatform, startLocalPlatform } from '../../src/platform';
import { citizenId } from '../../src/soak/applications';
import { call } from '../../src/soak/http';

/**
 * A stream batch that exhausts its retries goes to the dispatch failure destination, and the
 * event source moves on: without a redrive its tasks never reach their departments. The redrive
 * reads the records back from the stream by the destination's sequence numbers and gives them to
 * dispatch-tasks again.
 */

const SLUG = 'changchun';

describe('Dispatch failure destination: redrive', () => {
  let platform: LocalPlatform;
  let sqs: SQSClient;

  beforeAll(async () => {
    process.env.TZ = 'UTC';
    // SQS refuses every send of the platform's functions: every stream batch with a task in it
    // exhausts its retries.
    platform = await startLocalPlatform({
      platforms: [SLUG],
      schedules: false,
      functionLogs: 'discard',
      faults: { seed: 3, sqs: { unavailableRate: 1 } },
    });
    sqs = new SQSClient({ ...LOCAL_AWS, endpoint: platform.services.sqsEndpoint });
  }, 120_000);
  afterAll(async () => {
    sqs?.destroy();
    await platform?.stop();
  });

  it('gets the tasks of a batch that exhausted its retries to their department', async () => {
    // Prepare: a case whose task could not be sent
    const idNumber = citizenId(950_001);
    const token = await issueToken(
      PrincipalSchema.parse({ role: 'citizen', sub: 'dispatch-failures-1', idNumber }),
    );
    const filed = await call(`${platform.url}/${SLUG}/v1/cases`, {
      method: 'POST',
      token,
      body: ApplicationSchema.parse({
        serviceCode: '220100-RS-0001',
        applicant: { kind: 'natural', idNumber, name: '李娜', phone: '13700137000' },
        form: {},
        materials: [
          { materialId: 'id-card', source: { kind: 'licence', licenceId: 'D-1' }, trustLevel: 'A' },
          {
            materialId: 'photo',
            source: { kind: 'upload', objectKey: 'u/p.jpg' },
            trustLevel: 'C',
          },
        ],
      }),
    });
    expect(filed.status).toBe(201);
    const caseId = (filed.json as { caseId: string }).caseId;
    await platform.drain(SLUG); // the batch went to the failure destination
    const hrss = platform.services.queues(SLUG).hrss?.queueUrl as string;
    const receive = () =>
      sqs.send(
        new ReceiveMessageCommand({ QueueUrl: hrss, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
    expect((await receive()).Messages ?? []).toHaveLength(0);

    // Act: the documented command, run as an operator would against the running platform
    // (its own runtime has no faults: SQS is back)
    const { stdout, exitCode } = await runRedrive(platform, [
      '--platform',
      SLUG,
      '--dispatch-failures',
    ]);

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(
      /^dispatched \d+ stream records? of \d+ failed batch(es)? from changchun-dispatch-failures again\n$/,
    );
    const messages = (await receive()).Messages ?? [];
    const bodies = messages.map(
      (m) => JSON.parse(m.Body ?? '{}') as { caseId?: string; type?: string },
    );
    expect(bodies).toContainEqual(expect.objectContaining({ caseId, type: 'task.assigned' }));
  }, 90_000);
});
