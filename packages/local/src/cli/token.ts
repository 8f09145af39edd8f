import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  findDepartment,
  getPlatform,
  type Principal,
  PrincipalSchema,
  platformSlugs,
} from '@jilin/platform';
import { en } from 'zod/locales';
import { devIssuer } from '../dev-issuer';

/**
 * `npm run -s token -- <role> [options]`: a token from the local dev issuer, for curl or a
 * browser. Prints only the token, so `TOKEN=$(npm run -s token -- citizen --id …)` works.
 */

const USAGE = `Usage: npm run -s token -- <role> [options]

  citizen --id <公民身份号码> [--credit-code <统一社会信用代码>]
  window  --platform <slug>
  officer --platform <slug> --department <id>
  admin   --platform <slug>

Options:
  --sub <id>       the token's subject (default: derived from the role's other claims)
  --ttl <seconds>  lifetime (default 3600)

Platforms: ${platformSlugs.join(', ')}
Example:   TOKEN=$(npm run -s token -- officer --platform changchun --department public-security)
`;

const ROLE_OPTIONS: Readonly<Record<Principal['role'], readonly string[]>> = {
  citizen: ['id', 'credit-code'],
  window: ['platform'],
  officer: ['platform', 'department'],
  admin: ['platform'],
};

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A stable subject that does not carry the ID number itself (subjects end up in logs). */
const defaultSub = (
  values: { readonly id?: string; readonly platform?: string; readonly department?: string },
  role: string,
): string => {
  if (role === 'citizen') {
    const digest = createHash('sha256')
      .update(values.id ?? '')
      .digest('hex');
    return `citizen-${digest.slice(0, 16)}`;
  }
  return [role, values.platform, values.department].filter(Boolean).join('-');
};

function principalFrom(args: readonly string[]): { principal: Principal; ttlSeconds: number } {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [role, ...extra] = parsed.positionals;
  if (role === undefined) throw new UsageError('name a role: citizen, window, officer or admin');
  if (!(role in ROLE_OPTIONS)) {
    throw new UsageError(`unknown role "${role}": citizen, window, officer or admin`);
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra.join(' ')}"`);
  const allowed = ROLE_OPTIONS[role as Principal['role']];
  const values = parsed.values;
  for (const name of ['id', 'credit-code', 'platform', 'department'] as const) {
    if (values[name] !== undefined && !allowed.includes(name)) {
      throw new UsageError(`--${name} does not apply to a ${role} token`);
    }
  }
  for (const name of allowed) {
    if (name !== 'credit-code' && values[name as keyof typeof values] === undefined) {
      throw new UsageError(`a ${role} token needs --${name}`);
    }
  }

  const ttlSeconds = values.ttl === undefined ? 3600 : Number(values.ttl);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new UsageError(`--ttl must be a positive whole number of seconds (got ${values.ttl})`);
  }

  // English messages, asked for here: the platform's schemas are zod/mini, which loads none.
  const result = PrincipalSchema.safeParse(
    {
      role,
      sub: values.sub ?? defaultSub(values, role),
      idNumber: values.id,
      creditCode: values['credit-code'],
      platform: values.platform,
      department: values.department,
    },
    { error: en().localeError },
  );
  if (!result.success) {
    const option: Record<string, string> = {
      idNumber: '--id',
      creditCode: '--credit-code',
      platform: '--platform',
      department: '--department',
      sub: '--sub',
    };
    throw new UsageError(
      result.error.issues
        .map((issue) => {
          const field = String(issue.path[0] ?? '');
          return `${option[field] ?? field}: ${issue.message}`;
        })
        .join('\n'),
    );
  }
  const principal = result.data;
  if (principal.role === 'officer') {
    const platform = getPlatform(principal.platform);
    if (!findDepartment(platform, principal.department)) {
      throw new UsageError(
        `--department: ${platform.name} (${platform.slug}) has no department "${principal.department}"; its departments are: ${platform.departments.map((d) => d.id).join(', ')}`,
      );
    }
  }
  return { principal, ttlSeconds };
}

const parse = (args: readonly string[]) =>
  parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      id: { type: 'string' },
      'credit-code': { type: 'string' },
      platform: { type: 'string' },
      department: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });

/** Runs the token command; resolves to the exit code. */
export async function tokenCli(args: readonly string[], io: CliIo = processIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  let request: ReturnType<typeof principalFrom>;
  try {
    request = principalFrom(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`token: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  const token = await devIssuer().issueToken(request.principal, { ttlSeconds: request.ttlSeconds });
  io.stdout(`${token}\n`);
  return 0;
}

const isMain = (): boolean => {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
};

if (isMain()) {
  tokenCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
