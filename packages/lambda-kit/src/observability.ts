import { METRICS_KEY } from '@aws-lambda-powertools/commons';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { redactLogValue } from './redact';

/**
 * The Powertools singletons every function of the platform shares, built once per execution
 * environment. Configure them with the standard variables: `POWERTOOLS_SERVICE_NAME`,
 * `POWERTOOLS_LOG_LEVEL`, `POWERTOOLS_METRICS_NAMESPACE`, `POWERTOOLS_TRACE_ENABLED`.
 */
const serviceName = process.env.POWERTOOLS_SERVICE_NAME || 'jilin-gov-services';
const platform = process.env.PLATFORM || undefined;

/**
 * Structured JSON logs. Every value of every line, whoever logs it, passes through
 * {@link redactLogValue}, which masks 公民身份号码, 统一社会信用代码 and mobile numbers.
 */
export const logger: Logger = new Logger({
  serviceName,
  jsonReplacerFn: redactLogValue,
  ...(platform ? { persistentKeys: { platform } } : {}),
});

/**
 * Where Metrics' own diagnostics go: the redacting logger rather than the bare console. Its
 * warning on every invocation that records no metric (most reads) is expected here, so it is
 * logged at debug level instead of filling the logs with warnings.
 */
const EMPTY_METRICS_WARNING = 'No application metrics to publish';
const metricsLog =
  (level: 'debug' | 'info' | 'warn' | 'error') =>
  (...content: unknown[]): void => {
    const message = content.map(String).join(' ');
    logger[level === 'warn' && message.startsWith(EMPTY_METRICS_WARNING) ? 'debug' : level](
      message,
    );
  };

/** CloudWatch EMF metrics in the `JilinGovServices` namespace, dimensioned by platform. */
export const metrics: Metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || 'JilinGovServices',
  serviceName,
  logger: {
    debug: metricsLog('debug'),
    info: metricsLog('info'),
    warn: metricsLog('warn'),
    error: metricsLog('error'),
  },
  ...(platform ? { defaultDimensions: { platform } } : {}),
});

/**
 * Whether X-Ray tracing is on, by Powertools' own rule (Tracer#setTracingEnabled): not switched
 * off with `POWERTOOLS_TRACE_ENABLED=false`, and running in Lambda (`AWS_EXECUTION_ENV`), not in
 * SAM CLI or Amplify's mock.
 */
export function isTracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if ((env.POWERTOOLS_TRACE_ENABLED ?? '').trim().toLowerCase() === 'false') return false;
  const executionEnv = (env.AWS_EXECUTION_ENV ?? '').trim();
  if (executionEnv === '' || executionEnv === 'AWS_Lambda_amplify-mock') return false;
  return (env.AWS_SAM_LOCAL ?? '').trim() === '';
}

/** The Tracer and its middleware, when tracing is on. */
export interface Tracing {
  readonly tracer: Tracer;
  readonly captureLambdaHandler: typeof captureLambdaHandler;
}

/**
 * X-Ray tracing, loaded only when it is on. X-Ray is not integrated with Lambda in AWS's China
 * regions, so the stacks for cn-north-1 and cn-northwest-1 switch it off, and then the Tracer is
 * never imported: loading it (aws-xray-sdk-core) lengthens every cold start, and it installs an
 * async hook (cls-hooked) that slows every promise of every request, traced or not.
 */
export const tracing: Tracing | undefined =
  process.env.JILIN_BUNDLE_TRACING !== 'false' && isTracingEnabled()
    ? await loadTracing()
    : undefined;

async function loadTracing(): Promise<Tracing> {
  const [{ Tracer }, middleware] = await Promise.all([
    import('@aws-lambda-powertools/tracer'),
    import('@aws-lambda-powertools/tracer/middleware'),
  ]);
  return {
    tracer: new Tracer({ serviceName }),
    captureLambdaHandler: middleware.captureLambdaHandler,
  };
}

/** A middy middleware object (its three hooks, all set). */
export interface MetricsMiddleware {
  before(request: {
    readonly context: { readonly functionName: string };
    internal: Record<string, unknown>;
  }): void;
  after(): void;
  onError(): void;
}

/**
 * The metrics middleware of the HTTP functions: Powertools' `logMetrics` with
 * `captureColdStartMetric`, except that an invocation that recorded no metric (most reads)
 * publishes nothing. `logMetrics` calls `publishStoredMetrics()` after every invocation, which
 * builds and checks a whole EMF document even when it has no metric to write, and warns; in a
 * profile of warm "read case" requests that was a tenth of the handler's own time. The Metrics
 * instance still does all the work that counts: the cold-start metric (published at once, on the
 * first invocation only), the EMF document when there is something to publish, and the clearing
 * of an invocation's dimensions and metadata either way. Like `logMetrics`, it leaves its flush
 * under Powertools' key in `request.internal`, so a Powertools middleware that ends the
 * invocation early (`cleanupMiddlewares`) still publishes and clears.
 */
export function publishMetrics(instance: Metrics): MetricsMiddleware {
  const publish = () => {
    if (instance.hasStoredMetrics()) {
      instance.publishStoredMetrics();
    } else {
      instance.clearDimensions();
      instance.clearMetadata();
    }
  };
  return {
    before: (request) => {
      request.internal = { ...request.internal, [METRICS_KEY]: publish };
      instance.captureColdStartMetric(request.context.functionName);
    },
    after: publish,
    onError: publish,
  };
}
