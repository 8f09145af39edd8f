import { randomBytes } from 'node:crypto';
import {
  DynamoDBClient,
  QueryCommand,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { createApiGateway, createRuntime, findRepoRoot, issueToken } from '@jilin/local';
import { serveChild } from './child';
import { application, citizen, person, platform, SERVICES } from './fixtures';
import { freshCaseId } from './replay';
import { median, perSecond } from './stats';

/**
 * Throughput: submissions per second through the local platform's HTTP API (the API Gateway
 * emulation with the dev issuer's tokens checked, the local Lambda runtime running
 * submit-application in its worker), at a fixed concurrency, against DynamoDB Local's own
 * TransactWriteItems rate at the same concurrency with the same items, in alternating rounds.
 * The table stream is not polled here, so no dispatch competes for DynamoDB Local.
 */

export interface ThroughputInput {
  readonly servicesEnv: Record<string, string>;
  readonly concurrency: number;
  readonly roundMs: number;
  readonly rounds: number;
}

export interface ThroughputOutput {
  readonly concurrency: number;
  readonly rounds: number;
  readonly roundMs: number;
  readonly e2ePerSecond: readonly number[];
  readonly rawPerSecond: readonly number[];
  readonly e2eMedian: number;
  readonly rawMedian: number;
  readonly ratio: number;
  readonly itemsPerCase: number;
  /** Submissions answered other than 201, and raw transactions that failed (neither counted). */
  readonly errors: number;
  readonly rawErrors: number;
}

async function run(input: ThroughputInput): Promise<ThroughputOutput> {
  const env = input.servicesEnv;
  const slug = platform.slug;
  const runtime = createRuntime({
    repoRoot: findRepoRoot(),
    envFor: () => env,
    functionLogs: 'stdout',
  });
  const gateway = createApiGateway({
    invoke: (p, fn, event) => runtime.invoke(p, fn, event),
    platforms: [slug],
  });
  const dynamo = new DynamoDBClient({
    region: env.AWS_REGION as string,
    endpoint: env.AWS_ENDPOINT_URL_DYNAMODB as string,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID as string,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
    },
  });
  try {
    const url = await gateway.listen(0);
    const applicant = person(11);
    const token = await issueToken(citizen(applicant));
    const body = JSON.stringify(application(SERVICES.single, applicant, 11));
    let errors = 0;
    let rawErrors = 0;
    const submit = async (): Promise<string | undefined> => {
      const res = await fetch(`${url}/${slug}/v1/cases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
      const text = await res.text();
      if (res.status !== 201) {
        errors++;
        return undefined;
      }
      return (JSON.parse(text) as { caseId: string }).caseId;
    };

    // Warm up: the first request starts the function's worker (and transpiles its source).
    let sample: string | undefined;
    for (let i = 0; i < 2; i++) {
      const ids = await Promise.all(Array.from({ length: input.concurrency }, submit));
      sample ??= ids.find((id) => id !== undefined);
    }
    if (!sample) throw new Error('no submission succeeded during the warm-up');

    // The items of one submission, as the repository wrote them: the raw side writes the same.
    const items = (
      await dynamo.send(
        new QueryCommand({
          TableName: env.CASE_TABLE_NAME,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: `CASE#${sample}` } },
          ConsistentRead: true,
        }),
      )
    ).Items;
    if (!items || items.length === 0) throw new Error(`case ${sample} not found`);
    const template = JSON.stringify({
      TransactItems: items.map((Item) => ({
        Put: {
          TableName: env.CASE_TABLE_NAME,
          Item,
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
    } satisfies TransactWriteItemsCommandInput);
    const rawWrite = async () => {
      const text = template
        .split(sample as string)
        .join(freshCaseId(sample as string, randomBytes));
      try {
        await dynamo.send(new TransactWriteItemsCommand(JSON.parse(text)));
        return 'ok';
      } catch {
        // DynamoDB Local's lock timeouts on a busy machine: not a transaction written.
        rawErrors++;
        return undefined;
      }
    };

    const phase = async (op: () => Promise<unknown>) => {
      let done = 0;
      const deadline = performance.now() + input.roundMs;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: input.concurrency }, async () => {
          while (performance.now() < deadline) {
            if ((await op()) !== undefined) done++;
          }
        }),
      );
      return perSecond(done, performance.now() - started);
    };
    const e2e: number[] = [];
    const raw: number[] = [];
    for (let round = 0; round < input.rounds; round++) {
      if (round % 2 === 0) {
        e2e.push(await phase(submit));
        raw.push(await phase(rawWrite));
      } else {
        raw.push(await phase(rawWrite));
        e2e.push(await phase(submit));
      }
    }
    const e2eMedian = median(e2e);
    const rawMedian = median(raw);
    return {
      concurrency: input.concurrency,
      rounds: input.rounds,
      roundMs: input.roundMs,
      e2ePerSecond: e2e,
      rawPerSecond: raw,
      e2eMedian,
      rawMedian,
      ratio: e2eMedian / rawMedian,
      itemsPerCase: items.length,
      errors,
      rawErrors,
    };
  } finally {
    dynamo.destroy();
    await gateway.close();
    await runtime.close();
  }
}

serveChild({ run });
