import * as z from 'zod/mini';
import { type Channel, MaterialIdSchema } from '../catalogue';
import { InvalidApplicationError } from '../errors';
import { CitizenIdSchema } from '../identity/citizen-id';
import { CreditCodeSchema } from '../identity/credit-code';
import { MobilePhoneSchema } from '../identity/phone';
import type { Service } from '../service-guide';

/** A person's name as on the 居民身份证: Han, minority names with ·, or Latin letters. */
export const PersonNameSchema = z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(40),
  z.regex(/^[\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z·• .-]*$/u, {
    message: '姓名只能包含汉字、字母和间隔号',
  }),
);

/** The registered name of an organisation. */
export const OrganisationNameSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(2),
    z.maxLength(100),
    z.regex(/^[^\p{Cc}\p{Cf}]+$/u, { message: '名称不能包含控制字符' }),
  );

/**
 * A natural-person applicant (自然人), identified by their 公民身份号码 (一号).
 * @example { kind: 'natural', idNumber: '11010519491231002X', name: '张三', phone: '13800138000' }
 */
export const NaturalApplicantSchema = z.strictObject({
  kind: z.literal('natural'),
  idNumber: CitizenIdSchema,
  name: PersonNameSchema,
  phone: MobilePhoneSchema,
});

/**
 * A legal-person applicant (法人), identified by its 统一社会信用代码, acting through its legal
 * representative or an agent.
 */
export const LegalApplicantSchema = z.strictObject({
  kind: z.literal('legal'),
  creditCode: CreditCodeSchema,
  name: OrganisationNameSchema,
  representative: z.strictObject({ name: PersonNameSchema, idNumber: CitizenIdSchema }),
  phone: MobilePhoneSchema,
});

export const ApplicantSchema = z.discriminatedUnion('kind', [
  NaturalApplicantSchema,
  LegalApplicantSchema,
]);
export type Applicant = z.infer<typeof ApplicantSchema>;

/** The applicant's one number (一号): the 公民身份号码 or the 统一社会信用代码. */
export const applicantNumber = (applicant: Applicant): string =>
  applicant.kind === 'natural' ? applicant.idNumber : applicant.creditCode;

/**
 * Electronic licence trust levels: A issued by the authority and usable directly; B verified by
 * window staff and reusable; C uploaded by the applicant, original to be checked; D the
 * applicant's own statement.
 */
export const TrustLevelSchema = z.enum(['A', 'B', 'C', 'D']);

/** One material supplied with an application: an upload, or a reference to an 电子证照. */
export const SuppliedMaterialSchema = z.strictObject({
  materialId: MaterialIdSchema,
  source: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('upload'),
      /** Object key of the uploaded file in the materials store. */
      objectKey: z.string().check(z.regex(/^[A-Za-z0-9/_.-]{1,200}$/)),
    }),
    z.strictObject({
      kind: z.literal('licence'),
      /** Identifier of the 电子证照 in the licence library. */
      licenceId: z.string().check(z.regex(/^[A-Za-z0-9_.:-]{1,100}$/)),
    }),
  ]),
  trustLevel: TrustLevelSchema,
});
export type SuppliedMaterial = z.infer<typeof SuppliedMaterialSchema>;

/**
 * A number the case store keeps as it was sent: the document client refuses any beyond
 * ±(2^53 − 1) (it would lose digits), and DynamoDB any nearer zero than 1e-130.
 */
const FormNumberSchema = z.number().check(
  z.refine((n) => n === 0 || (Math.abs(n) <= Number.MAX_SAFE_INTEGER && Math.abs(n) >= 1e-130), {
    message: '表单中的数值超出可受理的范围（绝对值不超过9007199254740991，且不小于1e-130）',
  }),
);

const FormValueSchema = z.union([
  z.string().check(z.maxLength(2000)),
  FormNumberSchema,
  z.boolean(),
]);

/**
 * What an applicant (or window staff on their behalf) submits.
 * @example
 * {
 *   serviceCode: 'JL-CC-MZ-0001',
 *   applicant: { kind: 'natural', idNumber: '11010519491231002X', name: '张三', phone: '13800138000' },
 *   form: { spouseName: '李四' },
 *   materials: [{ materialId: 'id-card', source: { kind: 'licence', licenceId: 'ID-1' }, trustLevel: 'A' }]
 * }
 */
export const ApplicationSchema = z.strictObject({
  serviceCode: z.string().check(z.regex(/^[0-9A-Za-z-]{4,40}$/, { message: '事项编码格式不正确' })),
  applicant: ApplicantSchema,
  form: z
    .record(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/)), FormValueSchema)
    .check(z.refine((form) => Object.keys(form).length <= 50, { message: '表单字段不能超过50个' })),
  materials: z.array(SuppliedMaterialSchema).check(z.maxLength(50)),
});
export type Application = z.infer<typeof ApplicationSchema>;

/**
 * Checks an application against its service's 办事指南. Every missing required material is
 * named at once (一次性告知), never one per round trip.
 */
export function checkApplication(
  service: Service,
  application: Application,
  channel: Channel,
): void {
  if (!service.audience.includes(application.applicant.kind)) {
    const who = service.audience.includes('natural') ? '自然人' : '法人或其他组织';
    throw new InvalidApplicationError(
      'WRONG_APPLICANT_TYPE',
      `service ${service.code} is not offered to ${application.applicant.kind} applicants`,
      `该事项的服务对象为${who}`,
      [application.applicant.kind],
    );
  }
  if (!service.channels.includes(channel)) {
    throw new InvalidApplicationError(
      'CHANNEL_NOT_OFFERED',
      `service ${service.code} is not offered on channel ${channel}`,
      channel === 'online'
        ? '该事项暂不支持网上办理，请到综合受理窗口办理'
        : '该事项仅支持网上办理',
      [channel],
    );
  }
  checkMaterials(application.materials, channel, serviceMaterials(service));
  const supplied = application.materials.map((m) => m.materialId);
  const missing = service.materials.filter((m) => m.required && !supplied.includes(m.id));
  if (missing.length > 0) {
    throw new InvalidApplicationError(
      'MISSING_MATERIAL',
      `required materials missing: ${missing.map((m) => m.id).join(', ')}`,
      `缺少必要材料：${missing.map((m) => m.name).join('、')}`,
      missing.map((m) => m.id),
    );
  }
}

const TRUST_RANK = { A: 0, B: 1, C: 2, D: 3 } as const;

/**
 * The highest trust level a material may claim, by where it comes from: an 电子证照 carries the
 * level the licence library gives it (A at most); a file handed in at the window, whose original
 * the window staff have checked, B; a file uploaded online, whose original is still to be
 * checked, C. D (the applicant's own statement) is open to any source.
 */
export function highestTrustLevel(
  source: SuppliedMaterial['source'],
  channel: Channel,
): z.infer<typeof TrustLevelSchema> {
  if (source.kind === 'licence') return 'A';
  return channel === 'window' ? 'B' : 'C';
}

/** The materials a set of supplied ones may be, and how to tell the applicant when one is not. */
export interface ExpectedMaterials {
  readonly ids: ReadonlySet<string>;
  readonly messageZh: string;
}

/** At submission: any of the service's materials. */
export const serviceMaterials = (service: Service): ExpectedMaterials => ({
  ids: new Set(service.materials.map((m) => m.id)),
  messageZh: '提交了该事项不需要的材料',
});

/**
 * The checks every set of supplied materials must pass, at submission and at 补正 alike: each
 * material once, each one of those expected (the service's at submission; at 补正, those of the
 * parts waiting on it), none claiming more trust than its source allows.
 */
export function checkMaterials(
  materials: readonly SuppliedMaterial[],
  channel: Channel,
  expected: ExpectedMaterials,
): void {
  const supplied = materials.map((m) => m.materialId);
  const duplicates = supplied.filter((id, i) => supplied.indexOf(id) !== i);
  if (duplicates.length > 0) {
    throw new InvalidApplicationError(
      'DUPLICATE_MATERIAL',
      `materials supplied twice: ${[...new Set(duplicates)].join(', ')}`,
      '同一材料提交了多次',
      [...new Set(duplicates)],
    );
  }
  const unknown = supplied.filter((id) => !expected.ids.has(id));
  if (unknown.length > 0) {
    throw new InvalidApplicationError(
      'UNKNOWN_MATERIAL',
      `materials not expected here: ${unknown.join(', ')}`,
      expected.messageZh,
      unknown,
    );
  }
  const overclaimed = materials.filter(
    (m) => TRUST_RANK[m.trustLevel] < TRUST_RANK[highestTrustLevel(m.source, channel)],
  );
  if (overclaimed.length > 0) {
    const ids = [...new Set(overclaimed.map((m) => m.materialId))];
    throw new InvalidApplicationError(
      'TRUST_LEVEL_TOO_HIGH',
      `materials claiming more trust than their source allows: ${ids.join(', ')}`,
      channel === 'window'
        ? '材料可信等级与来源不符：窗口收取并核验原件的材料最高为B级，A级仅限电子证照'
        : '材料可信等级与来源不符：网上上传的材料最高为C级（原件待核验），A级仅限电子证照',
      ids,
    );
  }
}
