import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { type CaseView, SubmitBodySchema, wireFromEnv } from '@jilin/cases';
import type { Application } from '@jilin/domain';
import { badRequest, envOrThrow, httpHandler, requirePrincipal, route } from '@jilin/lambda-kit';
import { ENV, type Principal } from '@jilin/platform';

const { service, dynamodb } = await wireFromEnv();

/**
 * Idempotent submission with Powertools: the key is the caller's subject and their
 * Idempotency-Key header, so two people's keys never collide; the record keeps the first result
 * for 24 hours and the hash of the first body, so the same key with another body is refused
 * (IdempotencyValidationError → 422). Behind it the service claims the key in the case's own
 * transaction, so that a retry after the function died past its write (the record then deleted,
 * or expired while in progress) finds the case instead of making a second one.
 */
const config = new IdempotencyConfig({
  eventKeyJmesPath: 'key',
  payloadValidationJmesPath: 'application',
  expiresAfterSeconds: 24 * 60 * 60,
});
const submitOnce = makeIdempotent(
  async (input: {
    key: string;
    principal: Principal;
    application: Application;
    /** The caller's own Idempotency-Key, claimed with the case (see CaseService.submit). */
    idempotencyKey: string;
  }): Promise<CaseView> =>
    asStoredJson(
      await service.submit(input.principal, input.application, {
        idempotencyKey: input.idempotencyKey,
      }),
    ),
  {
    // The function's own client: one construction at cold start, one pool of connections.
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: envOrThrow(ENV.idempotencyTable),
      awsSdkV3Client: dynamodb,
    }),
    config,
  },
);

/**
 * The view as the client receives it, JSON. Powertools stores the result with DynamoDB's
 * marshaller, which refuses `undefined` (an optional field left unset, such as the reason of a
 * decision without one) and would fail the saving of the record, leaving it in progress: the
 * retry of a case whose department had decided meanwhile could then never be answered (found by
 * the soak, see packages/local/tests/reliability/races.test.ts).
 */
const asStoredJson = (view: CaseView): CaseView => JSON.parse(JSON.stringify(view)) as CaseView;

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

export const handler = httpHandler({
  'POST /v1/cases': route({
    body: SubmitBodySchema,
    handle: async (req) => {
      const principal = requirePrincipal(req);
      const key = req.headers['idempotency-key'];
      let view: CaseView;
      if (key === undefined) {
        view = await service.submit(principal, req.body);
      } else {
        if (!IDEMPOTENCY_KEY.test(key)) {
          throw badRequest(
            'INVALID_IDEMPOTENCY_KEY',
            'Idempotency-Key 须为8至128位字母、数字或 _.:- 字符',
          );
        }
        config.registerLambdaContext(req.lambdaContext);
        view = await submitOnce({
          key: `${principal.sub}:${key}`,
          principal,
          application: req.body,
          idempotencyKey: key,
        });
      }
      return {
        status: 201,
        headers: { location: `/v1/cases/${view.caseId}` },
        body: view,
      };
    },
  }),
});
