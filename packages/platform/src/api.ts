/**
 * The platform's functions, HTTP routes, event sources and environment: the one description that
 * both the CDK stacks (infra/) and the local platform (packages/local) read, so the cloud and the
 * local runtime cannot drift apart. A parity test checks the synthesised templates against it.
 */

/** Who may call a route, by the `role` claim of the identity platform's token. */
export type ApiRole = 'citizen' | 'window' | 'officer' | 'admin';

export type FunctionName =
  | 'catalogue'
  | 'submit-application'
  | 'read-cases'
  | 'case-action'
  | 'department-tasks'
  | 'dispatch-tasks'
  | 'flag-overdue';

export type Trigger =
  | { readonly kind: 'http' }
  | { readonly kind: 'table-stream' }
  | { readonly kind: 'schedule'; readonly rate: string; readonly localEverySeconds: number };

export interface FunctionSpec {
  readonly name: FunctionName;
  readonly description: string;
  readonly trigger: Trigger;
  /** Seconds. */
  readonly timeout: number;
  readonly memoryMb: number;
  /** What the function reads and writes, for least-privilege grants. */
  readonly access: {
    readonly cases: 'none' | 'read' | 'write';
    /** Appends to the cases' audit chains (a reader of other people's cases must). */
    readonly audit?: boolean;
    readonly idempotency?: boolean;
    readonly sendToDepartmentQueues?: boolean;
  };
}

export const FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'catalogue',
    description: 'The city’s service catalogue (办事指南) and departments: public',
    trigger: { kind: 'http' },
    timeout: 5,
    memoryMb: 256,
    access: { cases: 'none' },
  },
  {
    name: 'submit-application',
    description:
      'Submit an application online (一网) or at the window on an applicant’s behalf (一窗)',
    trigger: { kind: 'http' },
    timeout: 10,
    memoryMb: 512,
    access: { cases: 'write', idempotency: true },
  },
  {
    name: 'read-cases',
    description: 'My cases by my one number (一号); one case with its timeline; window look-up',
    trigger: { kind: 'http' },
    timeout: 10,
    memoryMb: 512,
    access: { cases: 'read', audit: true },
  },
  {
    name: 'case-action',
    description:
      'Applicant and window actions on a case: withdraw, resubmit after 补正, rate, deliver',
    trigger: { kind: 'http' },
    timeout: 10,
    memoryMb: 512,
    access: { cases: 'write' },
  },
  {
    name: 'department-tasks',
    description:
      'A department’s worklist and its officers’ decisions on tasks; 差评 follow-ups; 好差评 statistics',
    trigger: { kind: 'http' },
    timeout: 10,
    memoryMb: 512,
    access: { cases: 'write' },
  },
  {
    name: 'dispatch-tasks',
    description:
      'From the case table’s stream: send each new or resubmitted task to its department queue',
    trigger: { kind: 'table-stream' },
    timeout: 30,
    memoryMb: 512,
    access: { cases: 'write', sendToDepartmentQueues: true },
  },
  {
    name: 'flag-overdue',
    description:
      'Scheduled: flag parts of open cases approaching (预警) and past (超期) their own 承诺时限; count 差评 follow-ups past their date',
    trigger: { kind: 'schedule', rate: 'rate(1 hour)', localEverySeconds: 60 },
    timeout: 60,
    memoryMb: 512,
    access: { cases: 'write' },
  },
];

export type HttpMethod = 'GET' | 'POST';

export interface RouteSpec {
  readonly method: HttpMethod;
  /** API Gateway path syntax: `{name}` is a path parameter. */
  readonly path: string;
  readonly function: FunctionName;
  /** `public`: no token. Otherwise the roles whose token may call it (object checks follow). */
  readonly access: 'public' | readonly ApiRole[];
  readonly summary: string;
}

const ANY_ROLE: readonly ApiRole[] = ['citizen', 'window', 'officer', 'admin'];

export const ROUTES: readonly RouteSpec[] = [
  {
    method: 'GET',
    path: '/v1/catalogue/services',
    function: 'catalogue',
    access: 'public',
    summary: '事项目录: list the city’s services',
  },
  {
    method: 'GET',
    path: '/v1/catalogue/services/{code}',
    function: 'catalogue',
    access: 'public',
    summary: '办事指南: one service with its materials and time limits',
  },
  {
    method: 'GET',
    path: '/v1/catalogue/departments',
    function: 'catalogue',
    access: 'public',
    summary: 'The city’s departments',
  },
  {
    method: 'POST',
    path: '/v1/cases',
    function: 'submit-application',
    access: ['citizen', 'window'],
    summary: '申报: submit an application (Idempotency-Key header supported)',
  },
  {
    method: 'GET',
    path: '/v1/cases',
    function: 'read-cases',
    access: ['citizen', 'window'],
    summary: 'My cases (citizen), or an applicant’s cases by their number (window)',
  },
  {
    method: 'GET',
    path: '/v1/cases/{caseId}',
    function: 'read-cases',
    access: ANY_ROLE,
    summary: 'One case with its tasks and timeline',
  },
  {
    method: 'POST',
    path: '/v1/cases/{caseId}/withdraw',
    function: 'case-action',
    access: ['citizen', 'window'],
    summary: '撤回: withdraw before any decision',
  },
  {
    method: 'POST',
    path: '/v1/cases/{caseId}/resubmit',
    function: 'case-action',
    access: ['citizen', 'window'],
    summary: '补正: resubmit materials after a correction notice',
  },
  {
    method: 'POST',
    path: '/v1/cases/{caseId}/rating',
    function: 'case-action',
    access: ['citizen', 'window'],
    summary: '好差评: rate a completed case, once online by the applicant, once at the window',
  },
  {
    method: 'POST',
    path: '/v1/cases/{caseId}/deliver',
    function: 'case-action',
    access: ['window'],
    summary: '送达/出件: hand the results to the applicant',
  },
  {
    method: 'GET',
    path: '/v1/departments/{department}/tasks',
    function: 'department-tasks',
    access: ['officer', 'admin'],
    summary: 'A department’s worklist by status, soonest due first',
  },
  {
    method: 'POST',
    path: '/v1/cases/{caseId}/tasks/{department}/decision',
    function: 'department-tasks',
    access: ['officer'],
    summary: 'Accept, request 补正, refuse, approve, deny or complete a task',
  },
  {
    method: 'GET',
    path: '/v1/departments/{department}/follow-ups',
    function: 'department-tasks',
    access: ['officer', 'admin'],
    summary: '差评整改: the cases whose 差评 the department owes a follow-up, soonest due first',
  },
  {
    method: 'POST',
    path: '/v1/cases/{caseId}/rating/follow-up',
    function: 'department-tasks',
    access: ['officer'],
    summary: '差评整改: the answerable department records what it found and what it did',
  },
  {
    method: 'GET',
    path: '/v1/departments/{department}/rating-stats',
    function: 'department-tasks',
    access: ['officer', 'admin'],
    summary: '好差评 statistics of a department, month by month (满意率, 差评 and their 整改)',
  },
  {
    method: 'GET',
    path: '/v1/rating-stats',
    function: 'department-tasks',
    access: ['admin'],
    summary: '好差评 statistics of every department of the platform, for one month',
  },
];

/** The environment every function of a city gets (the SDK reads its endpoints itself). */
export const ENV = {
  /** The platform's slug: jilin, changchun, siping, liaoyuan. */
  platform: 'PLATFORM',
  caseTable: 'CASE_TABLE_NAME',
  idempotencyTable: 'IDEMPOTENCY_TABLE_NAME',
  /** JSON object: department id → queue URL. */
  departmentQueues: 'DEPARTMENT_QUEUE_URLS',
  /** Cloud: the ARN of the Secrets Manager secret keying applicant-number HMACs. */
  applicantKeySecretArn: 'APPLICANT_KEY_SECRET_ARN',
  /** Local only: the secret itself (when no ARN is given). */
  applicantKeySecret: 'APPLICANT_KEY_SECRET',
} as const;

/** Queue names: `<platform>-<department>` and its DLQ `<platform>-<department>-dlq`. */
export const queueName = (platform: string, department: string): string =>
  `${platform}-${department}`;
export const deadLetterQueueName = (platform: string, department: string): string =>
  `${platform}-${department}-dlq`;

/** How many receives before a task message moves to the DLQ. */
export const MAX_RECEIVES = 5;

/** The route key API Gateway puts in `routeKey`: `GET /v1/cases/{caseId}`. */
export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;

export const functionSpec = (name: FunctionName): FunctionSpec => {
  const spec = FUNCTIONS.find((f) => f.name === name);
  if (!spec) throw new RangeError(`unknown function ${name}`);
  return spec;
};
