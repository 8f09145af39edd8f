import * as z from 'zod/mini';
import {
  ApplicantKindSchema,
  ChannelSchema,
  DepartmentIdSchema,
  MaterialIdSchema,
} from './catalogue';

/**
 * The service catalogue (办事指南): departments and the services they provide, with the fields of
 * a 政务服务事项 that the platform acts on. Item codes (GB/T 39554.1-2020 基本编码 / 实施编码,
 * DB22/T 2848-2017) are kept as opaque strings. The keys these use are in catalogue.ts.
 */

/**
 * A department of a city or the province (实施机构).
 * @example { id: 'public-security', name: '长春市公安局', shortName: '公安' }
 */
export const DepartmentSchema = z.object({
  id: DepartmentIdSchema,
  /** Full official name, e.g. 长春市公安局. */
  name: z.string().check(z.minLength(2), z.maxLength(60)),
  /** Short name used in lists and the timeline, e.g. 公安. */
  shortName: z.string().check(z.minLength(1), z.maxLength(20)),
});
export type Department = z.infer<typeof DepartmentSchema>;

/** 事项类型. */
export const ServiceTypeSchema = z.enum([
  '行政许可',
  '行政给付',
  '行政确认',
  '行政征收',
  '行政裁决',
  '行政奖励',
  '其他行政权力',
  '公共服务',
]);
export type ServiceType = z.infer<typeof ServiceTypeSchema>;

/** 行使层级. */
export const ServiceLevelSchema = z.enum(['province', 'city', 'county']);
export type ServiceLevel = z.infer<typeof ServiceLevelSchema>;

/**
 * One 申请材料 of a service.
 * @example { id: 'hukou-book', name: '居民户口簿', required: true, form: 'original', reusable: true }
 */
export const MaterialSchema = z.object({
  id: MaterialIdSchema,
  name: z.string().check(z.minLength(2), z.maxLength(60)),
  required: z.boolean(),
  /** 原件 / 复印件 / 电子材料. */
  form: z.enum(['original', 'copy', 'electronic']),
  /** Reusable across applications (材料复用): kept against the applicant's one number. */
  reusable: z.boolean(),
  /** Where the platform can fetch it instead of the applicant (数据多跑路): 电子证照 type. */
  licenceType: z.optional(z.string().check(z.minLength(2), z.maxLength(60))),
});
export type Material = z.infer<typeof MaterialSchema>;

/** 收费: none, or a fee with its legal basis. */
export const FeeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('free') }),
  z.object({
    kind: z.literal('charged'),
    /** In fen (分), to avoid floating point. */
    amountFen: z.int().check(z.positive()),
    basis: z.string().check(z.minLength(2), z.maxLength(200)),
  }),
]);
export type Fee = z.infer<typeof FeeSchema>;

/**
 * One deciding department's part of a service. A single-department service has one part; a
 * bundled 一件事 (国办发〔2022〕32号) has one per department, each deciding its own part.
 */
export const ServicePartSchema = z.object({
  department: DepartmentIdSchema,
  /** What this department decides, e.g. 营业执照核发. */
  name: z.string().check(z.minLength(2), z.maxLength(60)),
  /** 承诺时限 of this part, in working days. */
  promisedLimitDays: z.int().check(z.gte(0), z.lte(365)),
  /** The materials this department needs to decide (ids of the service's materials). */
  materials: z.array(MaterialIdSchema),
});
export type ServicePart = z.infer<typeof ServicePartSchema>;

/**
 * A 政务服务事项 as the 办事指南 describes it.
 * @example see packages/platform's catalogue for complete entries.
 */
export const ServiceSchema = z
  .object({
    /** 事项编码 (opaque). */
    code: z.string().check(z.regex(/^[0-9A-Za-z-]{4,40}$/)),
    name: z.string().check(z.minLength(2), z.maxLength(60)),
    type: ServiceTypeSchema,
    level: ServiceLevelSchema,
    /** 实施机构: the lead department (also the first part). */
    department: DepartmentIdSchema,
    audience: z.array(ApplicantKindSchema).check(z.minLength(1)),
    channels: z.array(ChannelSchema).check(z.minLength(1)),
    parts: z.array(ServicePartSchema).check(z.minLength(1)),
    materials: z.array(MaterialSchema),
    /** 法定时限 in working days (行政许可法 §42: 20, extendable by 10; joint handling 45). */
    legalLimitDays: z.int().check(z.gte(0), z.lte(365)),
    /** 承诺时限 in working days for the whole case: no shorter than any part's. */
    promisedLimitDays: z.int().check(z.gte(0), z.lte(365)),
    fee: FeeSchema,
    /** 办理地点. */
    location: z.string().check(z.minLength(2), z.maxLength(120)),
    /** 咨询电话. */
    phone: z.string().check(z.regex(/^[0-9-]{5,20}$/)),
    /** 设定依据: the law or rule the service rests on. */
    basis: z.string().check(z.minLength(2), z.maxLength(200)),
  })
  .check(
    z.superRefine((service, ctx) => {
      const materialIds = new Set(service.materials.map((m) => m.id));
      if (materialIds.size !== service.materials.length) {
        ctx.addIssue({
          code: 'custom',
          message: 'material ids must be unique',
          path: ['materials'],
        });
      }
      const departments = service.parts.map((p) => p.department);
      if (new Set(departments).size !== departments.length) {
        ctx.addIssue({ code: 'custom', message: 'one part per department', path: ['parts'] });
      }
      if (service.parts[0]?.department !== service.department) {
        ctx.addIssue({
          code: 'custom',
          message: 'the lead department (实施机构) must be the first part',
          path: ['parts', 0, 'department'],
        });
      }
      service.parts.forEach((part, i) => {
        for (const id of part.materials) {
          if (!materialIds.has(id)) {
            ctx.addIssue({
              code: 'custom',
              message: `part uses unknown material "${id}"`,
              path: ['parts', i, 'materials'],
            });
          }
        }
        if (part.promisedLimitDays > service.promisedLimitDays) {
          ctx.addIssue({
            code: 'custom',
            message: 'a part cannot promise longer than the whole service',
            path: ['parts', i, 'promisedLimitDays'],
          });
        }
      });
      // The overdue scan flags parts: a service of one part is due when its part is.
      if (
        service.parts.length === 1 &&
        service.parts[0]?.promisedLimitDays !== service.promisedLimitDays
      ) {
        ctx.addIssue({
          code: 'custom',
          message: 'a service of one part promises what its part promises',
          path: ['parts', 0, 'promisedLimitDays'],
        });
      }
      if (service.promisedLimitDays > service.legalLimitDays) {
        ctx.addIssue({
          code: 'custom',
          message: '承诺时限 cannot exceed 法定时限',
          path: ['promisedLimitDays'],
        });
      }
    }),
  );
export type Service = z.infer<typeof ServiceSchema>;
