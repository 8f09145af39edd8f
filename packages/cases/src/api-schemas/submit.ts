import { ApplicationSchema } from '@jilin/domain';

/** The submitting function's route. */

export const SubmitBodySchema = ApplicationSchema;
