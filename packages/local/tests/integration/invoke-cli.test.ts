import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTIONS, type FunctionSpec } from '@jilin/platform';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invokeCli } from '../../src/cli/invoke';
import type { CliIo } from '../../src/cli/token';
import { readEndpoints } from '../../src/endpoints-file';
import { findRepoRoot } from '../../src/repo-root';
import { type LocalServices, startLocalServices } from '../../src/services';

// The endpoints file of a running `npm start` (a developer's, or start-cli.test.ts's while it
// runs in parallel) must not decide these tests: each test says what the CLI finds there.
vi.mock(import('../../src/endpoints-file'), async (importOriginal) => {
  const actual = await importOriginal();
  return { ...actual, readEndpoints: vi.fn(() => undefined) };
});

/**
 * `npm run invoke` for every sample event in events/: each file is run through the real CLI
 * against one set of local services, as a developer runs it beside `npm start`.
 */

const REPO_ROOT = findRepoRoot();
const EVENT_FILES = readdirSync(join(REPO_ROOT, 'events'))
  .filter((file) => file.endsWith('.json'))
  .sort();

type Expectation =
  /** An API Gateway v2 event: the response's status, and for a problem its machine code. */
  | { readonly kind: 'http'; readonly status: number; readonly problem?: string }
  /** A DynamoDB stream batch: the partial-batch response. */
  | { readonly kind: 'table-stream' }
  /** An EventBridge schedule: the overdue scan's report. */
  | { readonly kind: 'schedule' };

/**
 * What each sample event gives against fresh, empty tables. Every file in events/ needs a row,
 * so a new sample event cannot go untested. The sample case id exists in no fresh table, hence
 * the 404s of the actions on it.
 */
const EXPECTED: Readonly<Record<string, Expectation>> = {
  'case-action.rating.json': { kind: 'http', status: 404, problem: 'CASE_NOT_FOUND' },
  'case-action.withdraw.json': { kind: 'http', status: 404, problem: 'CASE_NOT_FOUND' },
  'catalogue.get-service.json': { kind: 'http', status: 200 },
  'catalogue.list-departments.json': { kind: 'http', status: 200 },
  'catalogue.list-services.json': { kind: 'http', status: 200 },
  'department-tasks.decision.json': { kind: 'http', status: 404, problem: 'CASE_NOT_FOUND' },
  'department-tasks.follow-ups.json': { kind: 'http', status: 200 },
  'department-tasks.rating-follow-up.json': {
    kind: 'http',
    status: 404,
    problem: 'CASE_NOT_FOUND',
  },
  'department-tasks.rating-overview.json': { kind: 'http', status: 200 },
  'department-tasks.rating-stats.json': { kind: 'http', status: 200 },
  'department-tasks.worklist.json': { kind: 'http', status: 200 },
  'dispatch-tasks.insert.json': { kind: 'table-stream' },
  'flag-overdue.scheduled.json': { kind: 'schedule' },
  'read-cases.get-case.json': { kind: 'http', status: 404, problem: 'CASE_NOT_FOUND' },
  'read-cases.my-cases.json': { kind: 'http', status: 200 },
  'read-cases.window-lookup.json': { kind: 'http', status: 200 },
  'submit-application.bad-id-number.json': {
    kind: 'http',
    status: 400,
    problem: 'VALIDATION_FAILED',
  },
  'submit-application.citizen.json': { kind: 'http', status: 201 },
  'submit-application.window.json': { kind: 'http', status: 201 },
};

interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI with its output captured, as `npm run invoke -- …` from the repository root. */
async function invoke(args: readonly string[]): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  };
  const code = await invokeCli(args, io);
  return { code, stdout, stderr };
}

/** Sets environment variables (undefined: unset) and returns how to put them back. */
function setEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (next: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(next)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(values);
  return () => apply(saved);
}

const specOf = (file: string): FunctionSpec | undefined => {
  const name = file.slice(0, file.indexOf('.'));
  return FUNCTIONS.find((f) => f.name === name);
};

let services: LocalServices;
let restoreEnv: () => void = () => undefined;

beforeAll(async () => {
  services = await startLocalServices({ platforms: ['changchun'] });
  restoreEnv = setEnv({
    AWS_ENDPOINT_URL_DYNAMODB: services.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: services.sqsEndpoint,
    // Paths are meant from where the user typed: the repository's root.
    INIT_CWD: REPO_ROOT,
    // The functions' log lines and metrics go to this process's stderr: only warnings are of interest.
    POWERTOOLS_LOG_LEVEL: 'WARN',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
}, 60_000);

afterAll(async () => {
  restoreEnv();
  await services?.stop();
});

describe('Function: invokeCli', () => {
  it('finds sample events in events/', () => {
    expect(EVENT_FILES.length).toBeGreaterThan(0);
  });

  describe.each(EVENT_FILES)('Event: events/%s', (file) => {
    it('names a function and has an expectation', () => {
      // Assess
      expect(
        specOf(file),
        `${file} names no function of ${FUNCTIONS.map((f) => f.name).join(', ')}`,
      ).toBeDefined();
      expect(
        EXPECTED[file],
        `add a row for ${file} to EXPECTED in this test (its status or result kind)`,
      ).toBeDefined();
      expect(EXPECTED[file]?.kind).toBe(specOf(file)?.trigger.kind);
    });

    it('invokes the function and prints its well-formed result', async () => {
      // Prepare
      const spec = specOf(file);
      const expected = EXPECTED[file];
      if (!spec || !expected) throw new Error(`${file}: no function or no expectation`);

      // Act
      const { code, stdout, stderr } = await invoke([
        spec.name,
        '--event',
        `events/${file}`,
        '--platform',
        'changchun',
      ]);

      // Assess
      expect(code, `exit code; stdout: ${stdout}; stderr: ${stderr}`).toBe(0);
      expect(stderr).toBe('');
      const result: unknown = JSON.parse(stdout);
      switch (expected.kind) {
        case 'http': {
          expect(result).toMatchObject({
            statusCode: expect.any(Number),
            headers: expect.any(Object),
            body: expect.any(String),
          });
          const response = result as {
            statusCode: number;
            headers: Record<string, string>;
            body: string;
          };
          expect(response.statusCode).toBeLessThan(500);
          const body: unknown = JSON.parse(response.body);
          expect(response.statusCode, response.body).toBe(expected.status);
          if (response.statusCode >= 400) {
            expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
            expect(body).toMatchObject({
              status: expected.status,
              code: expected.problem,
              title: expect.any(String),
            });
          } else {
            expect(response.headers['content-type']).toMatch(/^application\/json/);
            expect(body).toBeTypeOf('object');
          }
          break;
        }
        case 'table-stream':
          expect(result).toEqual({ batchItemFailures: [] });
          break;
        case 'schedule':
          expect(result).toEqual({
            checked: expect.any(Number),
            dueSoon: expect.any(Number),
            overdue: expect.any(Number),
            conflicts: expect.any(Number),
            followUpsOverdue: expect.any(Number),
          });
          break;
      }
    });
  });

  describe('Usage errors', () => {
    it('refuses an unknown function with exit 2 and the list of functions', async () => {
      // Act
      const { code, stdout, stderr } = await invoke([
        'no-such-function',
        '--event',
        'events/catalogue.list-services.json',
      ]);

      // Assess
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain('unknown function "no-such-function"');
      expect(stderr).toContain('catalogue');
    });

    it('refuses a missing event file with exit 2', async () => {
      // Act
      const { code, stdout, stderr } = await invoke([
        'catalogue',
        '--event',
        'events/catalogue.no-such-case.json',
      ]);

      // Assess
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain('no event file at');
      expect(stderr).toContain('catalogue.list-services.json');
    });

    it('without endpoints and without --start, exits 2 telling to run npm start', async () => {
      // Prepare: no variables, and no endpoints file of a running `npm start`
      vi.mocked(readEndpoints).mockReturnValueOnce(undefined);
      const restore = setEnv({
        AWS_ENDPOINT_URL_DYNAMODB: undefined,
        AWS_ENDPOINT_URL_SQS: undefined,
      });

      // Act
      let result: Captured;
      try {
        result = await invoke(['catalogue', '--event', 'events/catalogue.list-services.json']);
      } finally {
        restore();
      }

      // Assess
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('AWS_ENDPOINT_URL_DYNAMODB');
      expect(result.stderr).toContain('npm start');
      expect(result.stderr).toContain('--start');
    });
  });

  describe('Endpoints', () => {
    it('without the variables, uses the endpoints a running npm start left', async () => {
      // Prepare
      vi.mocked(readEndpoints).mockReturnValueOnce({
        api: 'http://127.0.0.1:3000',
        dynamodb: services.dynamoEndpoint,
        sqs: services.sqsEndpoint,
      });
      const restore = setEnv({
        AWS_ENDPOINT_URL_DYNAMODB: undefined,
        AWS_ENDPOINT_URL_SQS: undefined,
      });

      // Act
      let result: Captured;
      try {
        result = await invoke(['read-cases', '--event', 'events/read-cases.my-cases.json']);
      } finally {
        restore();
      }

      // Assess
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ statusCode: 200 });
    });

    it('with --start, runs against services of its own', async () => {
      // Prepare
      const restore = setEnv({
        AWS_ENDPOINT_URL_DYNAMODB: undefined,
        AWS_ENDPOINT_URL_SQS: undefined,
      });

      // Act
      let result: Captured;
      try {
        result = await invoke([
          'catalogue',
          '--event',
          'events/catalogue.list-departments.json',
          '--start',
        ]);
      } finally {
        restore();
      }

      // Assess
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ statusCode: 200 });
    }, 60_000);
  });
});
