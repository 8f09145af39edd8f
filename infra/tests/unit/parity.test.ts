import {
  deadLetterQueueName,
  FUNCTIONS,
  getPlatform,
  MAX_RECEIVES,
  type PlatformSlug,
  platformSlugs,
  queueName,
  ROUTES,
  routeKey,
} from '@jilin/platform';
import { caseTableInput } from '@jilin/store';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { platformStack } from '../support/app';

/**
 * The topology (packages/platform: FUNCTIONS, ROUTES, departments, queue names; packages/store:
 * CASE_TABLE via caseTableInput) is what both the local platform and the stacks are built from.
 * This test reads each synthesised template back and checks it against the topology both ways:
 * everything the topology has is there, and nothing the topology lacks.
 */
type Resource = { Type: string; Properties: Record<string, unknown> };

const sorted = <T>(values: Iterable<T>): T[] => [...values].sort();

describe.each(platformSlugs)('Parity: the %s stack and the topology', (slug: PlatformSlug) => {
  const platform = getPlatform(slug);
  let resources: Record<string, Resource>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const functionNameOf = (ref: unknown): string => {
    const id =
      (ref as { 'Fn::GetAtt'?: [string, string]; Ref?: string })['Fn::GetAtt']?.[0] ??
      (ref as { Ref?: string }).Ref;
    const fn = id ? resources[id] : undefined;
    if (fn?.Type !== 'AWS::Lambda::Function')
      throw new Error(`not a function reference: ${JSON.stringify(ref)}`);
    return String(fn.Properties.FunctionName);
  };

  beforeAll(() => {
    const { stack } = platformStack(slug);
    resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
  });

  it('has exactly the functions of FUNCTIONS', () => {
    // Act
    const names = ofType('AWS::Lambda::Function').map(([, r]) => r.Properties.FunctionName);

    // Assess
    expect(sorted(names)).toEqual(sorted(FUNCTIONS.map((f) => `${slug}-${f.name}`)));
  });

  it('has exactly the routes of ROUTES, each to its function, public ones without the authorizer', () => {
    // Act
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => {
      const target = (r.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })[
        'Fn::Join'
      ][1][1].Ref;
      const integration = resources[target];
      return {
        key: r.Properties.RouteKey,
        function: functionNameOf(integration?.Properties.IntegrationUri),
        authorization: r.Properties.AuthorizationType,
      };
    });

    // Assess
    expect(sorted(routes.map((r) => `${r.key} → ${r.function} (${r.authorization})`))).toEqual(
      sorted(
        ROUTES.map(
          (r) =>
            `${routeKey(r)} → ${slug}-${r.function} (${r.access === 'public' ? 'NONE' : 'JWT'})`,
        ),
      ),
    );
  });

  it('has exactly the event sources of the triggers: http → routes, table-stream → the stream, schedule → a rule', () => {
    // Act
    const viaRoutes = new Set(
      ofType('AWS::ApiGatewayV2::Integration').map(([, r]) =>
        functionNameOf(r.Properties.IntegrationUri),
      ),
    );
    const streams = ofType('AWS::Lambda::EventSourceMapping').map(([, r]) => ({
      function: functionNameOf(r.Properties.FunctionName),
      source: (r.Properties.EventSourceArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'],
    }));
    const schedules = ofType('AWS::Events::Rule').map(([, r]) => ({
      function: functionNameOf((r.Properties.Targets as { Arn: unknown }[])[0]?.Arn),
      rate: r.Properties.ScheduleExpression,
    }));
    const caseTable = ofType('AWS::DynamoDB::Table').find(
      ([, r]) => r.Properties.TableName === `${slug}-cases`,
    )?.[0];

    // Assess
    expect(sorted(viaRoutes)).toEqual(
      sorted(FUNCTIONS.filter((f) => f.trigger.kind === 'http').map((f) => `${slug}-${f.name}`)),
    );
    expect(streams).toEqual(
      FUNCTIONS.filter((f) => f.trigger.kind === 'table-stream').map((f) => ({
        function: `${slug}-${f.name}`,
        source: [caseTable, 'StreamArn'],
      })),
    );
    expect(schedules).toEqual(
      FUNCTIONS.flatMap((f) =>
        f.trigger.kind === 'schedule'
          ? [{ function: `${slug}-${f.name}`, rate: f.trigger.rate }]
          : [],
      ),
    );
  });

  it('has exactly a queue and a DLQ per department, plus the failure destination of each non-HTTP trigger', () => {
    // Prepare
    const departments = platform.departments.map((d) => d.id);
    const failureDestinations = FUNCTIONS.flatMap((f) =>
      f.trigger.kind === 'table-stream'
        ? [`${slug}-dispatch-failures`]
        : f.trigger.kind === 'schedule'
          ? [`${slug}-${f.name}-dlq`]
          : [],
    );

    // Act
    const queues = ofType('AWS::SQS::Queue').map(([id, r]) => ({
      id,
      QueueName: r.Properties.QueueName,
      RedrivePolicy: r.Properties.RedrivePolicy,
    }));

    // Assess
    expect(sorted(queues.map((q) => q.QueueName))).toEqual(
      sorted([
        ...departments.flatMap((d) => [queueName(slug, d), deadLetterQueueName(slug, d)]),
        ...failureDestinations,
      ]),
    );
    for (const department of departments) {
      const queue = queues.find((q) => q.QueueName === queueName(slug, department));
      const dlq = queues.find((q) => q.QueueName === deadLetterQueueName(slug, department));
      expect(queue?.RedrivePolicy, department).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [dlq?.id, 'Arn'] },
        maxReceiveCount: MAX_RECEIVES,
      });
    }
  });

  it('has exactly the case table (as the local platform creates it) and the idempotency table', () => {
    // Prepare
    const local = caseTableInput(`${slug}-cases`);

    // Act
    const tables = ofType('AWS::DynamoDB::Table').map(([, r]) => r.Properties);
    const cases = tables.find((t) => t.TableName === `${slug}-cases`);

    // Assess
    expect(sorted(tables.map((t) => t.TableName))).toEqual([
      `${slug}-cases`,
      `${slug}-idempotency`,
    ]);
    expect(cases?.KeySchema).toEqual(local.KeySchema);
    expect(
      sorted(
        ((cases?.AttributeDefinitions ?? []) as { AttributeName: string }[]).map((a) =>
          JSON.stringify(a),
        ),
      ),
    ).toEqual(sorted((local.AttributeDefinitions ?? []).map((a) => JSON.stringify(a))));
    expect(cases?.GlobalSecondaryIndexes).toEqual(
      local.GlobalSecondaryIndexes?.map((index) => ({
        IndexName: index.IndexName,
        KeySchema: index.KeySchema,
        Projection: {
          ProjectionType: index.Projection?.ProjectionType,
          NonKeyAttributes: index.Projection?.NonKeyAttributes,
        },
      })),
    );
    expect(cases?.StreamSpecification).toEqual({
      StreamViewType: local.StreamSpecification?.StreamViewType,
    });
  });
});
