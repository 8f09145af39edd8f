import {
  type FunctionName,
  type HttpMethod,
  ROUTES,
  type RouteSpec,
  routeKey,
} from '@jilin/platform';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ConstructPropsError } from '../errors';
import { allowCloudWatchLogs } from './encryption';

/** The topology's methods as API Gateway's. */
const METHODS: Readonly<Record<HttpMethod, apigwv2.HttpMethod>> = {
  GET: apigwv2.HttpMethod.GET,
  POST: apigwv2.HttpMethod.POST,
};

/**
 * The request headers a browser may send: the token, JSON bodies, and the idempotency key of a
 * submission. The same list the local API gateway allows.
 */
export const CORS_ALLOW_HEADERS = ['authorization', 'content-type', 'idempotency-key'] as const;

/**
 * One JSON line per request. Route key and status, latencies, the caller's address (网络安全法
 * asks for network logs), authorizer and integration errors. No query string and no claims:
 * a window's look-up carries an applicant's number in the query, and a citizen's token carries
 * theirs in its claims, and personal numbers never go to logs.
 */
export const ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  errorResponseType: '$context.error.responseType',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
};

export interface PlatformApiProps {
  /** The platform's slug: the API `<slug>-api` and its access log group. */
  readonly platform: string;
  /** The function each route integrates with, by its topology name. */
  readonly functions: ReadonlyMap<FunctionName, lambda.IFunction>;
  /**
   * The routes.
   * @default ROUTES (the topology)
   */
  readonly routes?: readonly RouteSpec[];
  /** The province's identity platform: its `iss` and the accepted `aud` values. */
  readonly jwt: { readonly issuer: string; readonly audience: readonly string[] };
  /** Origins browsers may call from (no wildcard). */
  readonly allowOrigins: readonly string[];
  /** The stage's default route throttling. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Retention of the access log group. */
  readonly logRetention: logs.RetentionDays;
  /** The key the access log group is encrypted with. */
  readonly encryptionKey: kms.IKey;
}

/**
 * The platform's HTTP API (API Gateway v2, payload format 2.0), built from the topology's ROUTES:
 * - a JWT authorizer on the province's identity platform for every route but the public
 *   catalogue; it checks signature, issuer, audience and expiry, and the functions check the
 *   `role` claim and the object (lambda-kit's route access, then the services);
 * - one Lambda integration per function, each route allowed to invoke only its function;
 * - the `$default` stage (`Stage`), auto-deployed, with the configured default throttling and
 *   JSON access logs to `AccessLogs` (retention from the configuration, the platform's key);
 * - CORS for the configured origins only, answered by API Gateway itself (preflight needs no route
 *   and no token).
 *
 * There is no request validation here, on purpose: HTTP APIs have none (no models, no request
 * validators; that is a REST API feature). Every handler parses its path, query and body with the
 * zod schemas of @jilin/cases through lambda-kit and answers 400 problem+json for what does not
 * parse, and the same parsing runs locally, so it cannot be skipped by a deployment.
 */
export class PlatformApi extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly authorizer: HttpJwtAuthorizer;
  /** The routes by route key (`GET /v1/cases/{caseId}`). */
  readonly routes: ReadonlyMap<string, apigwv2.HttpRoute>;

  constructor(scope: Construct, id: string, props: PlatformApiProps) {
    super(scope, id);
    const routes = props.routes ?? ROUTES;
    validate(props, routes);

    this.httpApi = new apigwv2.HttpApi(this, 'Resource', {
      apiName: `${props.platform}-api`,
      description: `吉林省一号一窗一网: the ${props.platform} platform's API`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...props.allowOrigins],
        allowMethods: [
          apigwv2.CorsHttpMethod.GET,
          apigwv2.CorsHttpMethod.POST,
          apigwv2.CorsHttpMethod.OPTIONS,
        ],
        allowHeaders: [...CORS_ALLOW_HEADERS],
        allowCredentials: false,
        maxAge: Duration.minutes(5),
      },
    });

    allowCloudWatchLogs(props.encryptionKey, this);
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      logGroupName: `/jilin/${props.platform}/api-access`,
      retention: props.logRetention,
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new apigwv2.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    this.authorizer = new HttpJwtAuthorizer('IdentityPlatform', props.jwt.issuer, {
      authorizerName: 'identity-platform',
      jwtAudience: [...props.jwt.audience],
      identitySource: ['$request.header.Authorization'],
    });
    const none = new apigwv2.HttpNoneAuthorizer();

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationFor = (name: FunctionName) => {
      let integration = integrations.get(name);
      if (!integration) {
        const fn = props.functions.get(name);
        if (!fn) throw new ConstructPropsError('PlatformApi', `no function "${name}"`);
        integration = new HttpLambdaIntegration(`${name}-integration`, fn, {
          payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
        });
        integrations.set(name, integration);
      }
      return integration;
    };

    const byKey = new Map<string, apigwv2.HttpRoute>();
    for (const route of routes) {
      const key = routeKey(route);
      const isPublic = route.access === 'public';
      const httpRoute = new apigwv2.HttpRoute(this, key, {
        httpApi: this.httpApi,
        routeKey: apigwv2.HttpRouteKey.with(route.path, METHODS[route.method]),
        integration: integrationFor(route.function),
        authorizer: isPublic ? none : this.authorizer,
      });
      if (isPublic) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${key} is the public service catalogue (办事指南, 事项目录, departments), which 政务公开 requires to be readable without signing in; it serves configuration only, no personal data, under the stage's throttling.`,
        });
      }
      byKey.set(key, httpRoute);
    }
    this.routes = byKey;
  }

  /** The API's URL (the `$default` stage). */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}

function validate(props: PlatformApiProps, routes: readonly RouteSpec[]): void {
  const fail = (message: string) => {
    throw new ConstructPropsError('PlatformApi', message);
  };
  if (!/^https:\/\//.test(props.jwt.issuer)) {
    fail(
      `jwt.issuer must be the identity platform's https URL, exactly its tokens' iss (got "${props.jwt.issuer}")`,
    );
  }
  if (props.jwt.audience.length === 0) fail('jwt.audience must list at least one client id');
  if (props.allowOrigins.length === 0) fail('allowOrigins must list at least one origin');
  if (props.allowOrigins.some((origin) => origin.includes('*'))) {
    fail(
      'allowOrigins must name origins; a wildcard would let any site call the API from a browser',
    );
  }
  const { rateLimit, burstLimit } = props.throttle;
  if (!(rateLimit > 0) || !(burstLimit >= 1)) {
    fail(
      `throttle needs a positive rateLimit and a burstLimit of at least 1 (got ${rateLimit}/${burstLimit})`,
    );
  }
  const keys = routes.map(routeKey);
  const duplicate = keys.find((key, i) => keys.indexOf(key) !== i);
  if (duplicate) fail(`route ${duplicate} is defined twice`);
  for (const route of routes) {
    if (!props.functions.has(route.function)) {
      fail(
        `route ${routeKey(route)} integrates with "${route.function}", which is not among the functions given`,
      );
    }
  }
}
