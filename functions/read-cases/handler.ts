import { CaseListQuerySchema, CaseParamsSchema, wireFromEnv } from '@jilin/cases';
import { httpHandler, requirePrincipal, route } from '@jilin/lambda-kit';

const { service } = await wireFromEnv();

export const handler = httpHandler({
  'GET /v1/cases': route({
    query: CaseListQuerySchema,
    handle: async (req) => ({
      status: 200,
      body: await service.listCases(requirePrincipal(req), req.query),
    }),
  }),
  'GET /v1/cases/{caseId}': route({
    params: CaseParamsSchema,
    handle: async (req) => ({
      status: 200,
      body: await service.getCase(requirePrincipal(req), req.params.caseId),
    }),
  }),
});
