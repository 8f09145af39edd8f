import {
  ApplicantKindSchema,
  ChannelSchema,
  DepartmentSchema,
  DueSchema,
  RatingLevelSchema,
  RoleSchema,
  ServiceSchema,
  StatusSchema,
  TrustLevelSchema,
} from '@jilin/domain';
import * as z from 'zod';

/**
 * The response bodies of the HTTP API, for the OpenAPI document. The view functions are typed
 * against them, so a response that drifts from its schema does not compile.
 */

const ApplicantViewSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('natural'),
      idNumber: z.string(),
      name: z.string(),
      phone: z.string(),
      masked: z.boolean(),
    }),
    z.object({
      kind: z.literal('legal'),
      creditCode: z.string(),
      name: z.string(),
      representative: z.object({ name: z.string(), idNumber: z.string() }),
      phone: z.string(),
      masked: z.boolean(),
    }),
  ])
  .meta({
    id: 'ApplicantView',
    description:
      'The applicant: in full to the owner; masked (first 6 + last 4, 张*, 138****5678) to anyone else.',
  });

const NoticeSchema = z.object({
  department: z.string(),
  departmentName: z.string(),
  kind: z.enum(['correction', 'rejected', 'denied']),
  reason: z.string(),
  materials: z.array(z.string()).readonly().optional(),
});

export const CaseViewSchema = z
  .object({
    caseId: z.string().meta({ example: '220100-20260302-7K3F9Q2M' }),
    serviceCode: z.string(),
    serviceName: z.string(),
    channel: ChannelSchema,
    submittedAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
    status: StatusSchema,
    statusLabel: z.string().meta({ example: '受理' }),
    citizenText: z.string(),
    outcome: z.enum([
      'pending',
      'approved',
      'partially_approved',
      'denied',
      'rejected',
      'withdrawn',
    ]),
    waitingOn: z.enum(['applicant', 'department', 'window', 'nobody']),
    notices: z.array(NoticeSchema),
    due: DueSchema,
    dueState: z.enum(['on_time', 'due_soon', 'overdue']),
    applicant: ApplicantViewSchema,
    form: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    materials: z.array(z.object({ materialId: z.string(), trustLevel: TrustLevelSchema })),
    tasks: z.array(
      z.object({
        department: z.string(),
        departmentName: z.string(),
        partName: z.string(),
        status: StatusSchema,
        statusLabel: z.string(),
        version: z.number().int(),
        due: DueSchema,
        decision: z
          .object({
            outcome: z.enum(['approved', 'denied']),
            reason: z.string().optional(),
            at: z.string(),
          })
          .optional(),
        refusal: z.object({ reason: z.string() }).optional(),
        correction: z.object({ reason: z.string(), materials: z.array(z.string()) }).optional(),
      }),
    ),
    timeline: z.array(
      z.object({
        seq: z.number().int(),
        at: z.string(),
        event: z.string(),
        label: z.string(),
        status: StatusSchema,
        department: z.string().optional(),
        departmentName: z.string().optional(),
        reason: z.string().optional(),
        citizenText: z.string(),
        actor: z.object({ role: RoleSchema, department: z.string().optional() }),
      }),
    ),
    rating: z
      .object({
        level: RatingLevelSchema,
        label: z.string(),
        comment: z.string().optional(),
        at: z.string(),
      })
      .optional(),
  })
  .meta({ id: 'CaseView', description: 'A case (办件) with its parts and timeline.' });
export type CaseView = z.infer<typeof CaseViewSchema>;

const Page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    cursor: z.string().optional().meta({ description: 'Pass back as ?cursor= for the next page.' }),
  });

export const CaseSummaryPageSchema = Page(
  z.object({
    caseId: z.string(),
    platform: z.string(),
    serviceCode: z.string(),
    serviceName: z.string(),
    channel: ChannelSchema,
    status: StatusSchema,
    outcome: z.string(),
    submittedAt: z.string(),
    due: DueSchema,
    dueState: z.string(),
    version: z.number().int(),
    updatedAt: z.string(),
  }),
).meta({ id: 'CaseSummaryPage' });

export const TaskSummaryPageSchema = Page(
  z.object({
    caseId: z.string(),
    department: z.string(),
    partName: z.string(),
    status: StatusSchema,
    version: z.number().int(),
    due: DueSchema,
    updatedAt: z.string(),
  }),
).meta({ id: 'TaskSummaryPage' });

export const ServiceListSchema = z
  .object({
    platform: z.object({ slug: z.string(), code: z.string(), name: z.string() }),
    services: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        type: z.string(),
        department: z.string(),
        departmentName: z.string(),
        bundled: z.boolean(),
        audience: z.array(ApplicantKindSchema),
        channels: z.array(ChannelSchema),
        promisedLimitDays: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'ServiceList' });

export const ServiceDetailSchema = z
  .object({ bundled: z.boolean(), departmentName: z.string() })
  .and(ServiceSchema)
  .meta({ id: 'ServiceDetail', description: '办事指南' });

export const DepartmentListSchema = z
  .object({ departments: z.array(DepartmentSchema) })
  .meta({ id: 'DepartmentList' });

export const ProblemSchema = z
  .object({
    type: z.string().meta({ example: 'urn:jilin:problem:CASE_NOT_FOUND' }),
    title: z.string(),
    status: z.number().int(),
    code: z.string().meta({ example: 'CASE_NOT_FOUND' }),
    detail: z.string().meta({ example: '办件不存在' }),
    instance: z.string().optional(),
    errors: z
      .array(
        z.object({
          /** The field concerned (validation errors). */
          path: z.string().optional(),
          /** What the rule is about (material ids, applicant type, service code). */
          subject: z.string().optional(),
          code: z.string(),
          message: z.string(),
        }),
      )
      .optional(),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details, with a machine code and a zh-CN message.',
  });
