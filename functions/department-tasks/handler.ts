import {
  DecisionBodySchema,
  DecisionParamsSchema,
  FollowUpBodySchema,
  FollowUpListQuerySchema,
  FollowUpParamsSchema,
  RatingOverviewQuerySchema,
  RatingStatsQuerySchema,
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
  'GET /v1/departments/{department}/follow-ups': route({
    params: WorklistParamsSchema,
    query: FollowUpListQuerySchema,
    handle: async (req) => ({
      status: 200,
      body: await service.followUps(requirePrincipal(req), req.params.department, req.query),
    }),
  }),
  'POST /v1/cases/{caseId}/rating/follow-up': route({
    params: FollowUpParamsSchema,
    body: FollowUpBodySchema,
    handle: async (req) => ({
      status: 200,
      body: await service.followUpRating(requirePrincipal(req), req.params.caseId, req.body),
    }),
  }),
  'GET /v1/departments/{department}/rating-stats': route({
    params: WorklistParamsSchema,
    query: RatingStatsQuerySchema,
    handle: async (req) => ({
      status: 200,
      body: await service.ratingStats(requirePrincipal(req), req.params.department, req.query),
    }),
  }),
  'GET /v1/rating-stats': route({
    query: RatingOverviewQuerySchema,
    handle: async (req) => ({
      status: 200,
      body: await service.ratingOverview(requirePrincipal(req), req.query),
    }),
  }),
});
