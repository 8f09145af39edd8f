import {
  ApplicantKindSchema,
  ChannelSchema,
  DepartmentSchema,
  DueSchema,
  DueStateSchema,
  RatingLevelSchema,
  RoleSchema,
  ServicePartSchema,
  ServiceSchema,
  StatusSchema,
  TrustLevelSchema,
} from '@jilin/domain';
import * as z from 'zod/mini';

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
  .check(
    z.meta({
      id: 'ApplicantView',
      description:
        'The applicant: in full to the owner; masked (first 6 + last 4, 张*, 138****5678) to anyone else. An organisation’s legal representative’s ID number is in full only to the representative (its other agents see it masked). `masked` says whether anything in it is masked.',
    }),
  );

const NoticeSchema = z.object({
  department: z.string(),
  departmentName: z.string(),
  kind: z.enum(['correction', 'rejected', 'denied']),
  reason: z.string(),
  materials: z.optional(z.readonly(z.array(z.string()))),
});

const RatingView = z.object({
  level: RatingLevelSchema,
  label: z.string(),
  comment: z.optional(z.string()),
  at: z.string(),
  followUp: z.optional(
    z
      .object({
        department: z.string(),
        departmentName: z.string(),
        due: DueSchema,
        state: z.enum(['open', 'overdue', 'closed']),
        finding: z.optional(z.string()),
        rectification: z.optional(z.string()),
        closedAt: z.optional(z.string()),
      })
      .check(
        z.meta({
          description:
            '差评整改: the department answerable verifies and rectifies by `due`, and says what it found and did; `overdue` once the scan found it unanswered after `due`.',
        }),
      ),
  ),
});

export const CaseViewSchema = z
  .object({
    caseId: z.string().check(z.meta({ example: '220100-20260302-7K3F9Q2M' })),
    serviceCode: z.string(),
    serviceName: z.string(),
    channel: ChannelSchema,
    submittedAt: z.string(),
    updatedAt: z.string(),
    version: z.int(),
    status: StatusSchema,
    statusLabel: z.string().check(z.meta({ example: '受理' })),
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
    due: DueSchema.check(
      z.meta({
        description:
          'When the whole case is due: the service’s 承诺时限 from receipt, moved later only when a resubmission re-dates a part beyond it; never earlier than any part’s date.',
      }),
    ),
    dueState: DueStateSchema.check(
      z.meta({
        description:
          '超期预警: the worst of its parts’ (a part that completed late keeps its flag).',
      }),
    ),
    applicant: ApplicantViewSchema,
    form: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
    materials: z.array(z.object({ materialId: z.string(), trustLevel: TrustLevelSchema })),
    tasks: z.array(
      z.object({
        department: z.string(),
        departmentName: z.string(),
        partName: z.string(),
        status: StatusSchema,
        statusLabel: z.string(),
        version: z.int(),
        due: DueSchema,
        dueState: DueStateSchema.check(
          z.meta({
            description:
              '超期预警 of this part’s own 承诺时限; its clock stops while it waits on 补正.',
          }),
        ),
        decision: z.optional(
          z.object({
            outcome: z.enum(['approved', 'denied']),
            reason: z.optional(z.string()),
            at: z.string(),
          }),
        ),
        refusal: z.optional(z.object({ reason: z.string() })),
        correction: z.optional(z.object({ reason: z.string(), materials: z.array(z.string()) })),
      }),
    ),
    timeline: z.array(
      z.object({
        seq: z.int(),
        at: z.string(),
        event: z.string(),
        label: z.string(),
        status: StatusSchema,
        department: z.optional(z.string()),
        departmentName: z.optional(z.string()),
        reason: z.optional(z.string()),
        citizenText: z.string(),
        actor: z.object({ role: RoleSchema, department: z.optional(z.string()) }),
      }),
    ),
    /** The applicant's own rating online (一事一评). */
    rating: z.optional(RatingView),
    /** The rating given at the window, on the visit that hands out the result (一次一评). */
    windowRating: z.optional(RatingView),
  })
  .check(z.meta({ id: 'CaseView', description: 'A case (办件) with its parts and timeline.' }));
export type CaseView = z.infer<typeof CaseViewSchema>;

const Page = <T extends z.ZodMiniType>(item: T) =>
  z.object({
    items: z.array(item),
    cursor: z
      .optional(z.string())
      .check(z.meta({ description: 'Pass back as ?cursor= for the next page.' })),
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
    version: z.int(),
    updatedAt: z.string(),
  }),
).check(z.meta({ id: 'CaseSummaryPage' }));

export const TaskSummaryPageSchema = Page(
  z.object({
    caseId: z.string(),
    department: z.string(),
    partName: z.string(),
    status: StatusSchema,
    version: z.int(),
    due: DueSchema,
    updatedAt: z.string(),
  }),
).check(z.meta({ id: 'TaskSummaryPage' }));

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
        promisedLimitDays: z.int(),
      }),
    ),
  })
  .check(z.meta({ id: 'ServiceList' }));

/** The service as the catalogue answers it: with its departments' names, each part's too. */
export const ServiceDetailSchema = z
  .object({
    ...ServiceSchema.shape,
    bundled: z.boolean(),
    departmentName: z.string(),
    parts: z
      .array(z.object({ ...ServicePartSchema.shape, departmentName: z.string() }))
      .check(z.minLength(1)),
  })
  .check(z.meta({ id: 'ServiceDetail', description: '办事指南' }));

export const DepartmentListSchema = z
  .object({ departments: z.array(DepartmentSchema) })
  .check(z.meta({ id: 'DepartmentList' }));

export const ProblemSchema = z
  .object({
    type: z.string().check(z.meta({ example: 'urn:jilin:problem:CASE_NOT_FOUND' })),
    title: z.string(),
    status: z.int(),
    code: z.string().check(z.meta({ example: 'CASE_NOT_FOUND' })),
    detail: z.string().check(z.meta({ example: '办件不存在' })),
    instance: z.optional(z.string()),
    errors: z.optional(
      z.array(
        z.object({
          /** The field concerned (validation errors). */
          path: z.optional(z.string()),
          /** What the rule is about (material ids, applicant type, service code). */
          subject: z.optional(z.string()),
          code: z.string(),
          message: z.string(),
        }),
      ),
    ),
  })
  .check(
    z.meta({
      id: 'Problem',
      description: 'RFC 9457 problem details, with a machine code and a zh-CN message.',
    }),
  );

export const FollowUpPageSchema = Page(
  z.object({
    caseId: z.string(),
    status: StatusSchema,
    version: z.int(),
    updatedAt: z.string(),
    followUpDue: z
      .string()
      .check(z.meta({ description: 'When the follow-up is due (YYYY-MM-DD).' })),
  }),
).check(z.meta({ id: 'FollowUpPage' }));

const rate = (description: string) =>
  z.nullable(z.number().check(z.gte(0), z.lte(1))).check(z.meta({ description }));

/** 好差评 over a month or a period, as a department's evaluation reads it. */
const RatingSummaryShape = {
  total: z.int().check(z.meta({ description: 'Ratings given, online and at the window.' })),
  levels: z.object({
    very_satisfied: z.int(),
    satisfied: z.int(),
    basically_satisfied: z.int(),
    dissatisfied: z.int(),
    very_dissatisfied: z.int(),
  }),
  channels: z.object({ online: z.int(), window: z.int() }),
  satisfactionRate: rate('满意率: ratings above 差评 over all ratings, 0–1; null with none.'),
  negative: z.int().check(z.meta({ description: '差评: 不满意 and 非常不满意.' })),
  followUps: z.object({
    owed: z.int().check(z.meta({ description: 'One for each 差评.' })),
    closed: z.int(),
    closedOnTime: z.int().check(
      z.meta({
        description:
          'Answered by the follow-up’s date (a date still provisional, its year’s holidays unpublished, is not called missed).',
      }),
    ),
    open: z.int(),
    closedRate: rate('整改率: 差评 answered over 差评 given, 0–1; null with none.'),
  }),
};
const RatingSummaryView = z.object(RatingSummaryShape).check(
  z.meta({
    id: 'RatingSummary',
    description:
      'A rating counts for the department answerable for the case (the service’s 实施机构) in the month it was given (Beijing time); a 差评’s follow-up counts in the month of the 差评. Ratings given before the platform kept these statistics are not counted.',
  }),
);

export const DepartmentRatingStatsSchema = z
  .object({
    department: z.string(),
    departmentName: z.string(),
    from: z.string(),
    to: z.string(),
    months: z.array(z.object({ month: z.string(), ...RatingSummaryShape })),
    total: RatingSummaryView,
  })
  .check(z.meta({ id: 'DepartmentRatingStats', description: '好差评 statistics of a department' }));

export const RatingOverviewSchema = z
  .object({
    month: z.string(),
    departments: z.array(
      z.object({ department: z.string(), departmentName: z.string(), ...RatingSummaryShape }),
    ),
    total: RatingSummaryView,
  })
  .check(
    z.meta({ id: 'RatingOverview', description: '好差评 statistics of every department, a month' }),
  );
export type DepartmentRatingStats = z.infer<typeof DepartmentRatingStatsSchema>;
export type RatingOverview = z.infer<typeof RatingOverviewSchema>;
