import { ServiceCodeParamsSchema, ServiceListQuerySchema } from '@jilin/cases';
import { isBundled } from '@jilin/domain';
import { httpHandler, notFound, route } from '@jilin/lambda-kit';
import { ENV, findService, getPlatform } from '@jilin/platform';

/** The catalogue is configuration: read once per container, cacheable by clients for minutes. */
const platform = getPlatform(process.env[ENV.platform] ?? '');
const CACHE = { 'cache-control': 'public, max-age=300' };
const departmentName = (id: string) => platform.departments.find((d) => d.id === id)?.name ?? id;

export const handler = httpHandler({
  'GET /v1/catalogue/services': route({
    query: ServiceListQuerySchema,
    handle: async ({ query }) => {
      const services = platform.services.filter(
        (s) =>
          (!query.audience || s.audience.includes(query.audience)) &&
          (!query.department || s.parts.some((p) => p.department === query.department)) &&
          (!query.q || s.name.includes(query.q)),
      );
      return {
        status: 200,
        headers: CACHE,
        body: {
          platform: { slug: platform.slug, code: platform.code, name: platform.name },
          services: services.map((s) => ({
            code: s.code,
            name: s.name,
            type: s.type,
            department: s.department,
            departmentName: departmentName(s.department),
            bundled: isBundled(s),
            audience: s.audience,
            channels: s.channels,
            promisedLimitDays: s.promisedLimitDays,
          })),
        },
      };
    },
  }),
  'GET /v1/catalogue/services/{code}': route({
    params: ServiceCodeParamsSchema,
    handle: async ({ params }) => {
      const service = findService(platform, params.code);
      if (!service) throw notFound('SERVICE_NOT_FOUND', '该事项不存在或未在本地开通');
      return {
        status: 200,
        headers: CACHE,
        body: {
          ...service,
          bundled: isBundled(service),
          departmentName: departmentName(service.department),
          parts: service.parts.map((p) => ({ ...p, departmentName: departmentName(p.department) })),
        },
      };
    },
  }),
  'GET /v1/catalogue/departments': route({
    handle: async () => ({
      status: 200,
      headers: CACHE,
      body: { departments: platform.departments },
    }),
  }),
});
