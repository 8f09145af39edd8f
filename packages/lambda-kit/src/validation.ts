import { hot } from '@jilin/domain';
import * as z from 'zod/mini';
// The class alone: `z.core` read as a value would put all of zod's core (its locales too) in the bundle.
import { $ZodAsyncError } from 'zod/v4/core';
import { ApiError, type ProblemErrorItem } from './errors';

/** At most this many items are returned in a problem's `errors`. */
export const MAX_PROBLEM_ERRORS = 50;

/** The fields of an issue the messages depend on: a raw issue (error map) or a final one. */
type IssueFields = z.core.$ZodIssue extends infer I
  ? I extends z.core.$ZodIssue
    ? Omit<I, 'message' | 'path'>
    : never
  : never;

/**
 * zh-CN messages for zod's own issues, passed to each parse (never set globally). Zod asks it
 * only for issues without a message of their own, so schema messages such as
 * `公民身份号码校验位不正确` are kept as written.
 */
export const zhCnErrorMap = (issue: IssueFields): string => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '此项为必填项' : '字段类型不正确';
    case 'too_big':
      return tooBig(issue.origin, issue.maximum, issue.inclusive !== false, issue.exact === true);
    case 'too_small':
      return tooSmall(issue.origin, issue.minimum, issue.inclusive !== false, issue.exact === true);
    case 'invalid_format':
      return FORMAT_MESSAGES[issue.format] ?? '格式不正确';
    case 'not_multiple_of':
      return `必须是${String(issue.divisor)}的整数倍`;
    case 'unrecognized_keys':
      return '包含不允许的字段';
    case 'invalid_union':
      return '不符合任何一种允许的格式';
    case 'invalid_key':
      return '键名不正确';
    case 'invalid_element':
      return '包含不正确的元素';
    case 'invalid_value':
      return issue.values.length > 1 && issue.values.length <= 10
        ? `取值不正确，可选值为：${issue.values.map(String).join('、')}`
        : '取值不正确';
    default:
      return '内容不正确';
  }
};

const FORMAT_MESSAGES: Readonly<Record<string, string>> = {
  email: '电子邮箱格式不正确',
  url: '网址格式不正确',
  uuid: '编号格式不正确',
  datetime: '日期时间格式不正确',
  date: '日期格式不正确，应为 YYYY-MM-DD',
  time: '时间格式不正确',
  regex: '格式不正确',
  starts_with: '格式不正确',
  ends_with: '格式不正确',
  includes: '格式不正确',
};

function tooBig(origin: string, max: number | bigint, inclusive: boolean, exact: boolean): string {
  const n = String(max);
  switch (origin) {
    case 'string':
      return exact ? `长度应为${n}个字符` : `内容过长，最多${n}个字符`;
    case 'array':
    case 'set':
      return exact ? `应为${n}项` : `条目过多，最多${n}项`;
    case 'number':
    case 'int':
    case 'bigint':
      return inclusive ? `数值不能大于${n}` : `数值必须小于${n}`;
    case 'date':
      return '日期过晚';
    case 'file':
      return '文件过大';
    default:
      return '内容过长';
  }
}

function tooSmall(
  origin: string,
  min: number | bigint,
  inclusive: boolean,
  exact: boolean,
): string {
  const n = String(min);
  switch (origin) {
    case 'string':
      if (exact) return `长度应为${n}个字符`;
      return n === '1' ? '此项不能为空' : `内容过短，至少${n}个字符`;
    case 'array':
    case 'set':
      if (exact) return `应为${n}项`;
      return n === '1' ? '至少需要一项' : `至少需要${n}项`;
    case 'number':
    case 'int':
    case 'bigint':
      return inclusive ? `数值不能小于${n}` : `数值必须大于${n}`;
    case 'date':
      return '日期过早';
    case 'file':
      return '文件过小';
    default:
      return '内容过短';
  }
}

/** A dot-separated path: `applicant.idNumber`, `materials.0.id`; the root is `''`. */
export const issuePath = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/**
 * Zod issues → problem items: the rule's own code when a refinement gave one in `params.code`
 * (`ID_CHECKSUM`), else zod's issue code. An unrecognised-keys issue becomes one item per key.
 */
export function problemItems(issues: readonly z.core.$ZodIssue[]): ProblemErrorItem[] {
  const items: ProblemErrorItem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        items.push({
          path: issuePath([...issue.path, key]),
          code: issue.code,
          message: issue.message,
        });
      }
      continue;
    }
    const ruleCode: unknown = issue.code === 'custom' ? issue.params?.code : undefined;
    items.push({
      path: issuePath(issue.path),
      code: typeof ruleCode === 'string' ? ruleCode : issue.code,
      message: citizenMessage(issue),
    });
  }
  return items.slice(0, MAX_PROBLEM_ERRORS);
}

const CJK = /[\u3400-\u9fff]/;

/**
 * The issue's own message when it is written in Chinese; a schema's message written for
 * developers (in English, e.g. a regex's) is replaced by the zh-CN message for its code.
 */
function citizenMessage(issue: z.core.$ZodIssue): string {
  return CJK.test(issue.message) ? issue.message : zhCnErrorMap(issue);
}

/**
 * Parses `input` with `schema`; on failure throws a 400 VALIDATION_FAILED {@link ApiError} listing
 * every issue with a zh-CN message. By default synchronously, on the process's tiered parser
 * ({@link hot}: zod's compiled parser once the schema is hot, which an async parse would bypass).
 * A schema with an async refinement or transform needs `{ async: true }` (a route's
 * `asyncValidation`): zod's synchronous parse runs such a refinement and only then refuses its
 * promise, so guessing by trying would run the schema's checks twice and leave that promise
 * unhandled. An async schema parsed without it is a programming error, thrown as such (500).
 */
export async function parseOrThrow<T>(
  schema: z.core.$ZodType<T>,
  input: unknown,
  options: { readonly async?: boolean } = {},
): Promise<T> {
  const result = options.async
    ? await z.safeParseAsync(schema, input, { error: zhCnErrorMap })
    : parseSync(schema, input);
  if (result.success) return result.data;
  throw new ApiError(
    400,
    'VALIDATION_FAILED',
    '提交的内容有误，请按提示修改后重试',
    'request validation failed',
    { errors: problemItems(result.error.issues) },
  );
}

function parseSync<T>(schema: z.core.$ZodType<T>, input: unknown): z.core.util.SafeParseResult<T> {
  try {
    return hot(schema).safeParse(input, { error: zhCnErrorMap });
  } catch (error) {
    if (!(error instanceof $ZodAsyncError)) throw error;
    throw new Error(
      'a request schema has an async refinement or transform: declare the route with asyncValidation: true',
      { cause: error },
    );
  }
}
