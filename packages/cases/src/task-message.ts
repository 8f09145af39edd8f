import {
  AreaCodeSchema,
  CaseIdSchema,
  ChannelSchema,
  DepartmentIdSchema,
  DueSchema,
  MaterialIdSchema,
  StatusSchema,
  TrustLevelSchema,
} from '@jilin/domain';
import * as z from 'zod/mini';

/**
 * The message a department back-end receives on its queue, version 1. Back-ends may be written
 * in any language: the JSON Schema generated from this (contracts/task-message.v1.schema.json)
 * is the contract. Delivery is at least once: `messageId` is stable for a task and version, so a
 * back-end that has seen it ignores a redelivery.
 *
 * It carries what the department needs to decide and no more personal data than that: the
 * applicant's number and name (to check 户籍, 证照 and the like), this part's materials and the
 * form; never the phone number (the platform contacts the applicant) nor other parts' materials.
 * A withdrawal carries no personal data at all.
 */
export const TASK_MESSAGE_SCHEMA_ID = 'urn:jilin:task-message:v1';

const Applicant = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('natural'),
    /** 公民身份号码. */
    number: z.string().check(z.length(18)),
    name: z.string(),
  }),
  z.strictObject({
    kind: z.literal('legal'),
    /** 统一社会信用代码. */
    number: z.string().check(z.length(18)),
    name: z.string(),
    representativeName: z.string(),
  }),
]);

const Material = z.strictObject({
  materialId: MaterialIdSchema,
  name: z.string(),
  /** Where to fetch it: an uploaded object key, or an 电子证照 id in the licence library. */
  source: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('upload'), objectKey: z.string() }),
    z.strictObject({ kind: z.literal('licence'), licenceId: z.string() }),
  ]),
  trustLevel: TrustLevelSchema,
});

const Common = {
  schema: z.literal(TASK_MESSAGE_SCHEMA_ID),
  /** `<caseId>:<department>:v<task version>`: the same for every delivery of one task state. */
  messageId: z.string().check(z.regex(/^[0-9A-Z-]+:[a-z0-9-]+:v\d+$/)),
  sentAt: z.iso.datetime(),
  platform: z.strictObject({ slug: z.string(), code: AreaCodeSchema }),
  caseId: CaseIdSchema,
  department: DepartmentIdSchema,
  /** The task's version when sent; a decision must quote the version it read. */
  taskVersion: z.int().check(z.positive()),
  /** Where to post the decision, relative to the platform's API base URL. */
  decisionPath: z.string(),
};

const Assignment = {
  ...Common,
  serviceCode: z.string(),
  serviceName: z.string(),
  partName: z.string(),
  channel: ChannelSchema,
  submittedAt: z.iso.datetime(),
  status: StatusSchema,
  due: DueSchema,
  applicant: Applicant,
  form: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  materials: z.array(Material),
};

export const TaskMessageSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      ...Assignment,
      /** A new task for the department: 预审 it. */
      type: z.literal('task.assigned'),
    }),
    z.strictObject({
      ...Assignment,
      /** The applicant supplied the materials of a 补正 notice: 预审 again. */
      type: z.literal('task.resubmitted'),
    }),
    z.strictObject({
      ...Common,
      /** The applicant withdrew (撤回): stop work on it. */
      type: z.literal('task.withdrawn'),
    }),
  ])
  // In zod's registry rather than a z.meta check, which z.compile cannot model (hot, in dispatch).
  .register(z.globalRegistry, {
    id: TASK_MESSAGE_SCHEMA_ID,
    title: '吉林省政务服务平台 部门任务消息 v1',
    description:
      'Sent to a department back-end’s SQS queue for each new, resubmitted or withdrawn task.',
  });
export type TaskMessage = z.infer<typeof TaskMessageSchema>;
export type TaskMessageType = TaskMessage['type'];

/** The JSON Schema (draft 2020-12) of the message: the contract for back-ends. */
export const taskMessageJsonSchema = () =>
  z.toJSONSchema(TaskMessageSchema, { target: 'draft-2020-12', io: 'output' });

/**
 * Characters an SQS message body may not hold: SQS accepts only #x9, #xA, #xD, #x20–#xD7FF,
 * #xE000–#xFFFD and #x10000–#x10FFFF. With the `u` flag a lone surrogate is matched as one.
 */
const NOT_SQS = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * The message as the body SQS is sent: its JSON, with every character SQS refuses written as a
 * JSON escape. `JSON.stringify` escapes control characters and lone surrogates already, but not
 * U+FFFE and U+FFFF, which an applicant's form or name may hold; SQS would refuse the message
 * every time, and the case would never reach its department. A back-end's JSON parser reads the
 * escapes back as the same characters, so nothing is lost.
 */
export function taskMessageBody(message: TaskMessage): string {
  return JSON.stringify(message).replace(
    NOT_SQS,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}
