import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LocalPlatform } from '../platform';
import { findRepoRoot } from '../repo-root';

const execFileAsync = promisify(execFile);

/** What `npm run redrive` printed and how it exited (0, or 1 when something was left behind). */
export interface RedriveRun {
  readonly stdout: string;
  readonly exitCode: 0 | 1;
}

/**
 * Runs the documented `npm run redrive -- <args>` as its own process against a running local
 * platform, the way an operator would (the soak and the reliability tests): the same CLI through
 * tsx, with the platform's endpoints. Exit code 1 with output is the CLI's "not everything moved"
 * and is returned; anything else that fails throws with the command's stderr.
 */
export async function runRedrive(
  platform: LocalPlatform,
  args: readonly string[],
): Promise<RedriveRun> {
  const root = findRepoRoot();
  try {
    const { stdout } = await execFileAsync(
      process.execPath,
      [
        join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        join(root, 'packages', 'local', 'src', 'cli', 'redrive.ts'),
        ...args,
      ],
      {
        env: {
          ...process.env,
          AWS_ENDPOINT_URL_DYNAMODB: platform.services.dynamoEndpoint,
          AWS_ENDPOINT_URL_SQS: platform.services.sqsEndpoint,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      },
    );
    return { stdout, exitCode: 0 };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (failed.code === 1 && failed.stdout) return { stdout: failed.stdout, exitCode: 1 };
    throw new Error(`npm run redrive -- ${args.join(' ')} failed: ${failed.stderr ?? error}`);
  }
}
