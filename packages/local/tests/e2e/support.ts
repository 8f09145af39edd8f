import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  CaseSummaryPageSchema,
  type CaseView,
  CaseViewSchema,
  ProblemSchema,
  type TaskMessage,
  TaskMessageSchema,
} from '@jilin/cases';
import {
  type Application,
  ApplicationSchema,
  citizenIdCheckChar,
  type SuppliedMaterial,
} from '@jilin/domain';
import {
  findService,
  getPlatform,
  type PlatformSlug,
  type Principal,
  PrincipalSchema,
} from '@jilin/platform';
import { expect } from 'vitest';
import * as z from 'zod';
import { issueToken, type LocalPlatform, startLocalPlatform } from '../../src';
import { LOCAL_AWS } from '../../src/dynamodb-local';
import { tableItemCount } from '../../src/partitions';

/**
 * The end-to-end tests' view of the local platform: only what a client outside it has, the HTTP
 * API with real dev-issuer tokens, and the department queues read with a plain SQS client.
 */

export const CHANGCHUN: PlatformSlug = 'changchun';
export const SIPING: PlatformSlug = 'siping';
export const changchun = getPlatform(CHANGCHUN);

/** Codes of the Changchun catalogue the scenarios use. */
export const SERVICES = {
  /** 社会保障卡申领: one part, 人社 (hrss); materials id-card and photo. */
  socialCard: '220100-RS-0001',
  /** 企业开办一件事: five parts, market-regulation, public-security, tax, hrss, housing-fund. */
  companyStartUp: '220100-YJS-0001',
  /** 医疗机构执业登记: for legal persons only. */
  clinicLicence: '220100-WJ-0001',
} as const;

/**
 * One platform for a test file: every function in its worker, the stream driving dispatch, no
 * timer-driven schedule (the tests run it with `runSchedule`). Changchun is the platform under
 * test; Siping is there so that a Siping token can be tried on Changchun's API.
 */
export async function startE2ePlatform(): Promise<LocalPlatform> {
  // As `npm start` does: Lambda runs in UTC, so do the functions here.
  process.env.TZ = 'UTC';
  return startLocalPlatform({
    platforms: [CHANGCHUN, SIPING],
    schedules: false,
    functionLogs: 'stderr',
  });
}

// ---------------------------------------------------------------------------------------------
// People and applications

export interface Person {
  readonly idNumber: string;
  readonly name: string;
  readonly phone: string;
}

/** A person with a valid 公民身份号码 (the check character computed from the first 17). */
export const person = (first17: string, name: string, phone: string): Person => ({
  idNumber: first17 + citizenIdCheckChar(first17),
  name,
  phone,
});

/** The same number with a wrong check character. */
export const withBadCheckCharacter = (idNumber: string): string => {
  const check = idNumber.slice(-1);
  return idNumber.slice(0, -1) + (check === '1' ? '2' : '1');
};

/** Every material of the service the scenario supplies (an 电子证照 for identity cards). */
export function materials(serviceCode: string, ids?: readonly string[]): SuppliedMaterial[] {
  const service = findService(changchun, serviceCode);
  if (!service) throw new Error(`no service ${serviceCode} in the Changchun catalogue`);
  return service.materials
    .filter((m) => (ids ? ids.includes(m.id) : m.required))
    .map((m) =>
      m.id.endsWith('id-card')
        ? {
            materialId: m.id,
            source: { kind: 'licence', licenceId: `DZZZ-${m.id}` },
            trustLevel: 'A',
          }
        : {
            materialId: m.id,
            source: {
              kind: 'upload',
              objectKey: `uploads/${randomBytes(4).toString('hex')}/${m.id}.pdf`,
            },
            trustLevel: 'C',
          },
    );
}

/** A natural person's application for themselves. */
export function application(
  serviceCode: string,
  applicant: Person,
  supplied: readonly SuppliedMaterial[] = materials(serviceCode),
): Application {
  return ApplicationSchema.parse({
    serviceCode,
    applicant: { kind: 'natural', ...applicant },
    form: { contactAddress: '长春市南关区人民大街2677号' },
    materials: supplied,
  });
}

// ---------------------------------------------------------------------------------------------
// Tokens

export const citizenToken = (applicant: Person, sub = `citizen-${applicant.idNumber.slice(-6)}`) =>
  token({ role: 'citizen', sub, idNumber: applicant.idNumber });
/** A citizen's token that expired five minutes ago. */
export const expiredToken = (applicant: Person) =>
  issueToken(
    PrincipalSchema.parse({
      role: 'citizen',
      sub: 'citizen-expired',
      idNumber: applicant.idNumber,
    }),
    { ttlSeconds: 300, now: Date.now() - 600_000 },
  );
export const windowToken = (platform: PlatformSlug = CHANGCHUN) =>
  token({ role: 'window', sub: `window-${platform}-01`, platform });
export const officerToken = (department: string, platform: PlatformSlug = CHANGCHUN) =>
  token({ role: 'officer', sub: `officer-${platform}-${department}`, platform, department });

const token = (claims: Record<string, string>): Promise<string> =>
  issueToken(PrincipalSchema.parse(claims) satisfies Principal);

// ---------------------------------------------------------------------------------------------
// HTTP

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

export interface RequestOptions {
  readonly token?: string;
  /** Sent as JSON (`content-type: application/json`). */
  readonly json?: unknown;
  /** Sent as it is, with `contentType`. */
  readonly raw?: string;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A request to a platform's API, e.g. `request(url, 'GET', '/changchun/v1/cases', {...})`. */
export async function request(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.raw !== undefined) {
    if (options.contentType) headers['content-type'] = options.contentType;
    body = options.raw;
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The case in a response, validated against the API's own response schema. */
export const caseView = (res: ApiResponse): CaseView => {
  if (res.status >= 300) throw new Error(`expected a case, got ${res.status}: ${res.text}`);
  return CaseViewSchema.parse(res.json);
};

/** The problem+json of an error response, validated. */
export const problem = (res: ApiResponse): z.infer<typeof ProblemSchema> => {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return ProblemSchema.parse(res.json);
};

/** Chinese text (a zh-CN message). */
export const ZH = /[\u4e00-\u9fff]/;

/** A client of one platform's API (`<url>/<slug>`). */
export function apiOf(platform: LocalPlatform, slug: PlatformSlug = CHANGCHUN) {
  const base = `${platform.url}/${slug}`;
  return {
    get: (path: string, options?: RequestOptions) => request(base, 'GET', path, options),
    post: (path: string, options?: RequestOptions) => request(base, 'POST', path, options),
    /** 申报, as the citizen or the window whose token it is. */
    submit: (token: string, body: Application, headers?: Record<string, string>) =>
      request(base, 'POST', '/v1/cases', { token, json: body, ...(headers ? { headers } : {}) }),
    read: async (token: string, caseId: string) =>
      caseView(await request(base, 'GET', `/v1/cases/${caseId}`, { token })),
    /**
     * The case ids of "my cases" (a citizen), or of an applicant's number (the window), every
     * page of them.
     */
    caseIds: async (token: string, applicant?: string): Promise<string[]> => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const query = new URLSearchParams({ limit: '100' });
        if (applicant) query.set('applicant', applicant);
        if (cursor) query.set('cursor', cursor);
        const res = await request(base, 'GET', `/v1/cases?${query}`, { token });
        if (res.status !== 200) throw new Error(`case list: ${res.status} ${res.text}`);
        const page = CaseSummaryPageSchema.parse(res.json);
        ids.push(...page.items.map((i) => i.caseId));
        cursor = page.cursor;
      } while (cursor);
      return ids;
    },
  };
}
export type Api = ReturnType<typeof apiOf>;

/** How many items the platform's case table holds (cases, tasks and timeline entries). */
export async function caseTableItemCount(
  platform: LocalPlatform,
  slug: PlatformSlug = CHANGCHUN,
): Promise<number> {
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: platform.services.dynamoEndpoint });
  try {
    return await tableItemCount(client, platform.services.tables(slug).caseTable);
  } finally {
    client.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Department back-ends

type MessageType = TaskMessage['type'];
type MessageOf<T extends MessageType> = Extract<TaskMessage, { type: T }>;

/** A task message as a back-end took it off its queue. */
export interface ReceivedTask<M extends TaskMessage = TaskMessage> {
  readonly message: M;
  /** The body exactly as sent, to look for what must not be in it. */
  readonly body: string;
  readonly attributes: Readonly<Record<string, string | undefined>>;
}

export interface DecisionOptions {
  readonly reason?: string;
  readonly materials?: readonly string[];
  /** @default the version the back-end last saw: the message's, then the last response's */
  readonly expectedVersion?: number;
}

export interface DepartmentBackEnd {
  readonly department: string;
  /**
   * Waits for the next message of the type about the case, validates it against the message
   * contract, deletes it from the queue and returns it. Messages about other cases are left for
   * whoever waits for them.
   */
  receive<T extends MessageType>(
    caseId: string,
    options: { readonly type: T; readonly timeoutMs?: number },
  ): Promise<ReceivedTask<MessageOf<T>>>;
  /** The messages about the case waiting now (none expected), without waiting for more. */
  pending(caseId: string): Promise<TaskMessage[]>;
  /** Decides through the API as an officer of the department: POST decisionPath. */
  decide(
    caseId: string,
    action: 'accept' | 'refuse' | 'request_correction' | 'approve' | 'deny' | 'complete',
    options?: DecisionOptions,
  ): Promise<ApiResponse>;
  close(): void;
}

/**
 * Messages received by some back-end but about a case no one was waiting for yet: kept (not
 * deleted) for the back-end that waits for them, by queue and SQS message id. Queues are shared
 * by the tests of a file, and the seeded and bundled cases put messages on queues that other
 * tests read.
 */
const held = new Map<string, Map<string, Message>>();
const heldOn = (queueUrl: string): Map<string, Message> => {
  let messages = held.get(queueUrl);
  if (!messages) {
    messages = new Map();
    held.set(queueUrl, messages);
  }
  return messages;
};

/** What a consumer looks at to route a message before reading it in full. */
const EnvelopeSchema = z.object({ caseId: z.string(), type: z.string() });
const envelope = (raw: Message): z.infer<typeof EnvelopeSchema> | undefined => {
  try {
    return EnvelopeSchema.safeParse(JSON.parse(raw.Body ?? '')).data;
  } catch {
    return undefined;
  }
};

/**
 * A department back-end played by a plain SQS consumer: long-polls the department's queue,
 * keeps the messages of other cases for the tests that wait for them, acknowledges (deletes) a
 * message once it has taken it, recognises a redelivered message by its `messageId`, and decides
 * through the platform's API with an officer's token.
 */
export function departmentBackEnd(
  platform: LocalPlatform,
  department: string,
  slug: PlatformSlug = CHANGCHUN,
): DepartmentBackEnd {
  const queue = platform.services.queues(slug)[department];
  if (!queue) throw new Error(`no queue for ${department} on ${slug}`);
  const { queueUrl } = queue;
  const sqs = new SQSClient({
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    endpoint: platform.services.sqsEndpoint,
  });
  const mailbox = heldOn(queueUrl);
  /** Contract message ids already taken: a redelivery of one is acknowledged and skipped. */
  const seen = new Set<string>();
  /** The task version each case's task was last seen at. */
  const versions = new Map<string, number>();
  /** Where each case's decisions go, as its message says. */
  const decisionPaths = new Map<string, string>();
  const api = apiOf(platform, slug);
  let officer: Promise<string> | undefined;

  const poll = async (waitTimeSeconds: number): Promise<void> => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: waitTimeSeconds,
        MessageAttributeNames: ['All'],
      }),
    );
    for (const m of Messages) if (m.MessageId) mailbox.set(m.MessageId, m);
  };

  const matching = (caseId: string, type: MessageType): Message | undefined =>
    [...mailbox.values()].find((m) => {
      const body = envelope(m);
      return body?.caseId === caseId && body.type === type;
    });

  const acknowledge = async (raw: Message): Promise<void> => {
    if (raw.MessageId) mailbox.delete(raw.MessageId);
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: raw.ReceiptHandle }),
    );
  };

  return {
    department,
    async receive<T extends MessageType>(
      caseId: string,
      { type, timeoutMs = 15_000 }: { readonly type: T; readonly timeoutMs?: number },
    ): Promise<ReceivedTask<MessageOf<T>>> {
      const isOfType = (m: TaskMessage): m is MessageOf<T> => m.type === type;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const raw = matching(caseId, type);
        if (raw) {
          await acknowledge(raw);
          const message = TaskMessageSchema.parse(JSON.parse(raw.Body ?? ''));
          if (!isOfType(message)) throw new Error(`${raw.MessageId} is not a ${type} message`);
          if (seen.has(message.messageId)) continue; // a redelivery: already handled
          seen.add(message.messageId);
          versions.set(caseId, message.taskVersion);
          decisionPaths.set(caseId, message.decisionPath);
          const attributes = Object.fromEntries(
            Object.entries(raw.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue]),
          );
          return { message, body: raw.Body ?? '', attributes };
        }
        if (Date.now() > deadline) {
          throw new Error(`${department}: no ${type} message for ${caseId} within ${timeoutMs} ms`);
        }
        await poll(1);
      }
    },
    async pending(caseId) {
      await poll(1);
      return [...mailbox.values()]
        .filter((m) => envelope(m)?.caseId === caseId)
        .map((m) => TaskMessageSchema.parse(JSON.parse(m.Body ?? '')))
        .filter((m) => !seen.has(m.messageId));
    },
    async decide(caseId, action, options = {}) {
      officer ??= officerToken(department, slug);
      const expectedVersion = options.expectedVersion ?? versions.get(caseId);
      const decisionPath = decisionPaths.get(caseId);
      if (expectedVersion === undefined || decisionPath === undefined) {
        throw new Error(`${department} has received no task of ${caseId}`);
      }
      const res = await api.post(decisionPath, {
        token: await officer,
        json: {
          action,
          expectedVersion,
          ...(options.reason ? { reason: options.reason } : {}),
          ...(options.materials ? { materials: options.materials } : {}),
        },
      });
      if (res.status === 200) {
        const task = caseView(res).tasks.find((t) => t.department === department);
        if (task) versions.set(caseId, task.version);
      }
      return res;
    },
    close: () => sqs.destroy(),
  };
}
