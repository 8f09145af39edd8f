/**
 * The request schemas of the HTTP API, one per route part: the handlers parse with them and the
 * OpenAPI document is generated from them. zod is the API's only request validation: the HTTP
 * API has none of its own. One module per function: the package has no side effects, so a
 * function's bundle holds (and builds at load) only the modules it imports from.
 */

export { RatingBodySchema, ResubmitBodySchema, WithdrawBodySchema } from './case-action';
export { ApplicantNumberSchema, CaseListQuerySchema, CaseParamsSchema } from './cases';
export { ServiceCodeParamsSchema, ServiceListQuerySchema } from './catalogue';
export {
  DecisionBodySchema,
  DecisionParamsSchema,
  FollowUpBodySchema,
  FollowUpListQuerySchema,
  FollowUpParamsSchema,
  RatingOverviewQuerySchema,
  RatingStatsQuerySchema,
  WorklistParamsSchema,
  WorklistQuerySchema,
} from './department-tasks';
export { SubmitBodySchema } from './submit';
