import { FUNCTIONS, type FunctionName, ROUTES, type RouteSpec, routeKey } from '@jilin/platform';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_LOG_FIELDS, PlatformApi, type PlatformApiProps } from '../../src/constructs/api';
import { constructStack } from '../support/app';

const ISSUER = 'https://tyrz.jl.gov.cn/oidc';

const build = (props: Partial<PlatformApiProps> = {}) => {
  const { stack, key } = constructStack();
  const functions = new Map<FunctionName, lambda.IFunction>(
    FUNCTIONS.map((f) => [
      f.name,
      new lambda.Function(stack, f.name, {
        runtime: lambda.Runtime.NODEJS_24_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('export const handler = async () => ({ statusCode: 200 });'),
      }),
    ]),
  );
  const api = new PlatformApi(stack, 'Api', {
    platform: 'changchun',
    functions,
    jwt: { issuer: ISSUER, audience: ['jilin-gov-services'] },
    allowOrigins: ['https://zwfw.changchun.gov.cn'],
    throttle: { rateLimit: 300, burstLimit: 600 },
    logRetention: logs.RetentionDays.SIX_MONTHS,
    encryptionKey: key,
    ...props,
  });
  return { stack, api };
};

describe('Class: PlatformApi', () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(build().stack);
  });

  it('is an HTTP API with CORS for the configured origins only', () => {
    // Assess
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      Name: 'changchun-api',
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: ['https://zwfw.changchun.gov.cn'],
        AllowMethods: ['GET', 'POST', 'OPTIONS'],
        AllowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        AllowCredentials: false,
        MaxAge: 300,
      },
    });
  });

  it('verifies tokens with a JWT authorizer on the province’s identity platform', () => {
    // Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: ISSUER, Audience: ['jilin-gov-services'] },
    });
  });

  it.each(ROUTES.map((r) => [routeKey(r), r] as const))(
    'routes %s to its function',
    (key, route) => {
      // Assess
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: key,
        AuthorizationType: route.access === 'public' ? 'NONE' : 'JWT',
        ...(route.access === 'public'
          ? {}
          : { AuthorizerId: { Ref: Match.stringLikeRegexp('IdentityPlatform') } }),
        Target: {
          'Fn::Join': [
            '',
            [
              'integrations/',
              { Ref: Match.stringLikeRegexp(`${route.function.replaceAll('-', '')}integration`) },
            ],
          ],
        },
      });
    },
  );

  it('integrates each HTTP function once, as a Lambda proxy with payload format 2.0', () => {
    // Prepare
    const httpFunctions = new Set(ROUTES.map((r) => r.function));

    // Assess
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', httpFunctions.size);
    template.allResourcesProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
    template.resourceCountIs('AWS::Lambda::Permission', ROUTES.length);
  });

  it('throttles the $default stage as configured and logs every request as JSON', () => {
    // Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 300, ThrottlingBurstLimit: 600 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccessLogs'), 'Arn'] },
        Format: JSON.stringify(ACCESS_LOG_FIELDS),
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/jilin/changchun/api-access',
      RetentionInDays: 180,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
    });
  });

  it('keeps personal numbers out of the access log: no query string, no claims', () => {
    // Act
    const format = JSON.stringify(ACCESS_LOG_FIELDS);

    // Assess
    expect(format).not.toMatch(/querystring|rawQueryString|\$context\.authorizer\.claims|jwt/i);
    expect(format).toMatch(/\$context\.requestId/);
  });

  it('has no request validation of its own: HTTP APIs have none, the handlers’ zod parsing is the validation', () => {
    // Assess: no models, no validators, no request parameters or models on routes. Each handler
    // parses path, query and body with @jilin/cases' zod schemas (via lambda-kit) and answers 400.
    template.resourceCountIs('AWS::ApiGateway::RequestValidator', 0);
    template.resourceCountIs('AWS::ApiGateway::Model', 0);
    template.resourceCountIs('AWS::ApiGatewayV2::Model', 0);
    template.allResourcesProperties('AWS::ApiGatewayV2::Route', {
      RequestModels: Match.absent(),
      RequestParameters: Match.absent(),
      ModelSelectionExpression: Match.absent(),
    });
  });

  describe('Constructor', () => {
    const catalogueOnly: RouteSpec[] = ROUTES.filter((r) => r.function === 'catalogue');
    it.each([
      ['a wildcard origin', { allowOrigins: ['*'] }, /a wildcard would let any site call the API/],
      ['no origin', { allowOrigins: [] }, /allowOrigins must list at least one origin/],
      [
        'a plain-http issuer',
        { jwt: { issuer: 'http://tyrz.jl.gov.cn', audience: ['a'] } },
        /jwt\.issuer must be/,
      ],
      ['no audience', { jwt: { issuer: ISSUER, audience: [] } }, /jwt\.audience must list/],
      [
        'no throttling',
        { throttle: { rateLimit: 0, burstLimit: 0 } },
        /throttle needs a positive rateLimit/,
      ],
      [
        'a route twice',
        { routes: [...catalogueOnly, ...catalogueOnly] },
        /route GET \/v1\/catalogue\/services is defined twice/,
      ],
      [
        'a route to a function it was not given',
        { functions: new Map<FunctionName, lambda.IFunction>() },
        /integrates with "catalogue", which is not among the functions given/,
      ],
    ] as const)('refuses %s', (_case, props, message) => {
      // Act & Assess
      expect(() => build(props as Partial<PlatformApiProps>)).toThrow(message);
    });
  });
});
