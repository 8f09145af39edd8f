import * as z from 'zod/mini';
import { EnvironmentError } from './errors';

/**
 * A required environment variable. Call it at module level, so a function deployed without its
 * configuration fails at cold start with a message that names the variable, not on a request.
 * @example const tableName = envOrThrow(ENV.caseTable);
 */
export function envOrThrow(name: string): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') {
    throw new EnvironmentError(
      name,
      `environment variable ${name} is not set: the function's configuration (infra, or the local platform) must define it`,
    );
  }
  return value;
}

/**
 * A required environment variable holding JSON, parsed and validated. The message of a failure
 * names the variable and the schema's issues but never echoes the value (it may be a secret).
 * @example const queues = parseJsonEnv(ENV.departmentQueues, z.record(DepartmentIdSchema, z.url()));
 */
export function parseJsonEnv<T>(name: string, schema: z.core.$ZodType<T>): T {
  const text = envOrThrow(name);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // No cause: V8's SyntaxError quotes the text, and the value may be a secret.
    throw new EnvironmentError(name, `environment variable ${name} is not valid JSON`);
  }
  const result = z.safeParse(schema, json);
  if (!result.success) {
    const issues = result.error.issues
      .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.code}`)
      .join('; ');
    throw new EnvironmentError(
      name,
      `environment variable ${name} does not match its schema (${issues})`,
    );
  }
  return result.data;
}
