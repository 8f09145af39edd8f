import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENV, getPlatform, type Platform } from '@jilin/platform';
import { CaseRepository, createApplicantKeyer, createDocumentClient } from '@jilin/store';
import { CaseService } from './case-service';

export interface Wiring {
  readonly platform: Platform;
  readonly client: DynamoDBDocumentClient;
  readonly repository: CaseRepository;
  readonly service: CaseService;
}

const required = (env: NodeJS.ProcessEnv, name: string): string => {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
};

/**
 * Builds the service for a function from its environment, once per container (call it at module
 * load, outside the handler). Endpoints come from the SDK's own variables
 * (AWS_ENDPOINT_URL_DYNAMODB locally), so nothing here knows whether it runs locally.
 */
export function wireFromEnv(env: NodeJS.ProcessEnv = process.env): Wiring {
  const platform = getPlatform(required(env, ENV.platform));
  const client = createDocumentClient();
  const repository = new CaseRepository({
    client,
    tableName: required(env, ENV.caseTable),
    applicantKey: createApplicantKeyer(required(env, ENV.applicantKeySecret)),
  });
  return { platform, client, repository, service: new CaseService({ repository, platform }) };
}
