import { cleanupMiddlewares } from '@aws-lambda-powertools/commons';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiEvent, httpHandler, lambdaContext, metrics, route } from '../../src/index';
import { publishMetrics } from '../../src/observability';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('publishMetrics: the HTTP functions’ metrics middleware', () => {
  const request = () => ({
    context: { functionName: 'changchun-read-cases' },
    internal: {} as Record<string, unknown>,
  });

  it('publishes nothing after an invocation that recorded no metric, and clears its dimensions', () => {
    // Arrange
    const instance = new Metrics({ namespace: 'JilinGovServices' });
    const publish = vi.spyOn(instance, 'publishStoredMetrics');
    const clearDimensions = vi.spyOn(instance, 'clearDimensions');
    const clearMetadata = vi.spyOn(instance, 'clearMetadata');
    const middleware = publishMetrics(instance);

    // Act
    middleware.before(request());
    instance.addDimension('route', 'GET /v1/cases/{caseId}');
    middleware.after();

    // Assess
    expect(publish).not.toHaveBeenCalled();
    expect(clearDimensions).toHaveBeenCalledTimes(1);
    expect(clearMetadata).toHaveBeenCalledTimes(1);
  });

  it('publishes what an invocation recorded, after it returns or fails', () => {
    // Arrange
    const instance = new Metrics({ namespace: 'JilinGovServices' });
    const publish = vi.spyOn(instance, 'publishStoredMetrics');
    const middleware = publishMetrics(instance);

    // Act
    middleware.before(request());
    instance.addMetric('CasesSubmitted', MetricUnit.Count, 1);
    middleware.after();
    middleware.before(request());
    instance.addMetric('CasesSubmitted', MetricUnit.Count, 1);
    middleware.onError();

    // Assess
    expect(publish).toHaveBeenCalledTimes(2);
    expect(instance.hasStoredMetrics()).toBe(false);
  });

  it('captures the cold-start metric with the function name, on the first invocation only', () => {
    // Arrange: Lambda's on-demand environment, where Metrics counts cold starts
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const instance = new Metrics({ namespace: 'JilinGovServices' });
    const coldStart = vi.spyOn(instance, 'captureColdStartMetric');
    const single = vi.spyOn(instance, 'singleMetric');
    const middleware = publishMetrics(instance);

    // Act
    middleware.before(request());
    middleware.after();
    middleware.before(request());
    middleware.after();

    // Assess: asked every time, and Metrics builds its one cold-start metric once
    expect(coldStart).toHaveBeenCalledWith('changchun-read-cases');
    expect(single).toHaveBeenCalledTimes(1);
  });

  it('leaves its flush where Powertools’ early-return cleanup finds it', async () => {
    // Arrange
    const instance = new Metrics({ namespace: 'JilinGovServices' });
    const publish = vi.spyOn(instance, 'publishStoredMetrics');
    const middleware = publishMetrics(instance);
    const req = request();

    // Act: a middleware ends the invocation early, as Powertools' idempotency middleware does
    middleware.before(req);
    instance.addMetric('CasesSubmitted', MetricUnit.Count, 1);
    await cleanupMiddlewares(req as never);

    // Assess
    expect(publish).toHaveBeenCalledTimes(1);
    expect(instance.hasStoredMetrics()).toBe(false);
  });

  it('is what httpHandler uses: a route that records a metric gets it published, one that does not, not', async () => {
    // Arrange
    const publish = vi.spyOn(metrics, 'publishStoredMetrics');
    const handler = httpHandler({
      'GET /v1/catalogue/services': route({
        handle: async () => {
          metrics.addMetric('CatalogueRead', MetricUnit.Count, 1);
          return { status: 200, body: {} };
        },
      }),
      'GET /v1/catalogue/departments': route({
        handle: async () => ({ status: 200, body: {} }),
      }),
    });

    // Act
    await handler(apiEvent({ routeKey: 'GET /v1/catalogue/services' }), lambdaContext());
    await handler(apiEvent({ routeKey: 'GET /v1/catalogue/departments' }), lambdaContext());

    // Assess
    expect(publish).toHaveBeenCalledTimes(1);
  });
});
