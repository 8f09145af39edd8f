import { CaseListQuerySchema, CaseParamsSchema, wireReaderFromEnv } from '@jilin/cases';
import { httpHandler, requirePrincipal, route } from '@jilin/lambda-kit';

const { reader } = await wireReaderFromEnv();

export const handler = httpHandler({
  'GET /v1/cases': route({
    query: CaseListQuerySchema,
    handle: async (req) => ({
      status: 200,
      body: await reader.listCases(requirePrincipal(req), req.query),
    }),
  }),
  'GET /v1/cases/{caseId}': route({
    params: CaseParamsSchema,
    handle: async (req) => ({
      status: 200,
      body: await reader.getCase(requirePrincipal(req), req.params.caseId),
    }),
  }),
});
