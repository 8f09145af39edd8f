import {
  DecisionBodySchema,
  DecisionParamsSchema,
  WorklistParamsSchema,
  WorklistQuerySchema,
  wireFromEnv,
} from '@jilin/cases';
import { httpHandler, requirePrincipal, route } from '@jilin/lambda-kit';

const { service } = await wireFromEnv();

export const handler = httpHandler({
  'GET /v1/departments/{department}/tasks': route({
    params: WorklistParamsSchema,
    query: WorklistQuerySchema,
    handle: async (req) => ({
      status: 200,
      body: await service.worklist(requirePrincipal(req), req.params.department, req.query),
    }),
  }),
  'POST /v1/cases/{caseId}/tasks/{department}/decision': route({
    params: DecisionParamsSchema,
    body: DecisionBodySchema,
    handle: async (req) => ({
      status: 200,
      body: await service.decide(
        requirePrincipal(req),
        req.params.caseId,
        req.params.department,
        req.body,
      ),
    }),
  }),
});
