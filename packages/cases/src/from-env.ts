import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  ENV,
  getPlatform,
  getPlatformDirectory,
  type Platform,
  type PlatformDirectory,
} from '@jilin/platform';
import { AuditLog, CaseRepository, createApplicantKeyer, documentClientFor } from '@jilin/store';
import { CaseReader } from './case-reader';
import { CaseService } from './case-service';

/**
 * What a function that only reads and writes the case table is wired with: the whole platform,
 * or (for the reading function) its directory alone.
 */
export interface StoreWiring<P extends PlatformDirectory = Platform> {
  readonly platform: P;
  /** The function's one low-level DynamoDB client (e.g. for Powertools' idempotency store). */
  readonly dynamodb: DynamoDBClient;
  /** The document client over it, which the repository and the audit log use. */
  readonly client: DynamoDBDocumentClient;
  readonly repository: CaseRepository;
  readonly audit: AuditLog;
}

/**
 * What the function that only reads cases is wired with: the store over the platform's directory
 * (no service is looked up to read a case) and a CaseReader.
 */
export interface ReaderWiring extends StoreWiring<PlatformDirectory> {
  readonly reader: CaseReader;
}

/** What a function that runs the use cases is wired with: the store and the CaseService. */
export interface Wiring extends StoreWiring {
  readonly service: CaseService;
}

const required = (env: NodeJS.ProcessEnv, name: string): string => {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
};

/**
 * The secret behind "my cases" keys: in AWS, the Secrets Manager secret named by
 * APPLICANT_KEY_SECRET_ARN, read once per container (Powertools Parameters); locally, the value
 * of APPLICANT_KEY_SECRET itself.
 */
async function applicantKeySecret(env: NodeJS.ProcessEnv): Promise<string> {
  const arn = env[ENV.applicantKeySecretArn];
  if (arn) {
    const secret = await getSecret(arn, { maxAge: 3600 });
    if (typeof secret !== 'string' || secret.length === 0) {
      throw new Error(`secret ${ENV.applicantKeySecretArn} holds no string`);
    }
    return secret;
  }
  return required(env, ENV.applicantKeySecret);
}

/** The clients, the repository and the audit log over `platform`, from the environment. */
async function storeFor<P extends PlatformDirectory>(
  env: NodeJS.ProcessEnv,
  platform: P,
): Promise<StoreWiring<P>> {
  const dynamodb = new DynamoDBClient({});
  const client = documentClientFor(dynamodb);
  const repository = new CaseRepository({
    client,
    tableName: required(env, ENV.caseTable),
    applicantKey: createApplicantKeyer(await applicantKeySecret(env)),
  });
  const audit = new AuditLog({ client, tableName: required(env, ENV.caseTable) });
  return { platform, dynamodb, client, repository, audit };
}

/**
 * Builds the store for a function from its environment, once per container (await it at module
 * load, outside the handler): the platform, the clients, the repository and the audit log.
 * Endpoints come from the SDK's own variables (AWS_ENDPOINT_URL_DYNAMODB locally), so nothing
 * here knows whether it runs locally. A function that needs no use case (the stream dispatcher)
 * wires this alone, and its bundle then leaves the CaseService and all it uses out.
 */
export async function wireStoreFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<StoreWiring> {
  return storeFor(env, getPlatform(required(env, ENV.platform)));
}

/**
 * Builds the read use cases for a function from its environment, once per container: the store
 * over the platform's directory and a CaseReader over it, so that the reading function's bundle
 * leaves the CaseService (the changes, the calendar, the state machine) and the service
 * catalogue out.
 */
export async function wireReaderFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReaderWiring> {
  const store = await storeFor(env, getPlatformDirectory(required(env, ENV.platform)));
  return {
    ...store,
    reader: new CaseReader({
      repository: store.repository,
      platform: store.platform,
      audit: store.audit,
    }),
  };
}

/**
 * Builds the service for a function from its environment, once per container (await it at module
 * load, outside the handler): {@link wireStoreFromEnv} and the CaseService over it.
 */
export async function wireFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Wiring> {
  const store = await wireStoreFromEnv(env);
  return {
    ...store,
    service: new CaseService({
      repository: store.repository,
      platform: store.platform,
      audit: store.audit,
      // Set for the submitting function: its Idempotency-Keys are claimed with the case.
      ...(env[ENV.idempotencyTable]
        ? { submissions: { tableName: env[ENV.idempotencyTable] as string } }
        : {}),
    }),
  };
}
