import {
  CaseParamsSchema,
  RatingBodySchema,
  ResubmitBodySchema,
  WithdrawBodySchema,
  wireFromEnv,
} from '@jilin/cases';
import { httpHandler, requirePrincipal, route } from '@jilin/lambda-kit';

const { service } = await wireFromEnv();

export const handler = httpHandler({
  'POST /v1/cases/{caseId}/withdraw': route({
    params: CaseParamsSchema,
    body: WithdrawBodySchema,
    handle: async (req) => ({
      status: 200,
      body: await service.withdraw(requirePrincipal(req), req.params.caseId, req.body),
    }),
  }),
  'POST /v1/cases/{caseId}/resubmit': route({
    params: CaseParamsSchema,
    body: ResubmitBodySchema,
    handle: async (req) => ({
      status: 200,
      body: await service.resubmit(requirePrincipal(req), req.params.caseId, req.body),
    }),
  }),
  'POST /v1/cases/{caseId}/rating': route({
    params: CaseParamsSchema,
    body: RatingBodySchema,
    handle: async (req) => ({
      status: 200,
      body: await service.rate(requirePrincipal(req), req.params.caseId, req.body),
    }),
  }),
  'POST /v1/cases/{caseId}/deliver': route({
    params: CaseParamsSchema,
    handle: async (req) => ({
      status: 200,
      body: await service.deliver(requirePrincipal(req), req.params.caseId),
    }),
  }),
});
