import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findRepoRoot } from '../../src/repo-root';

const execFileAsync = promisify(execFile);

/** `npm run token -- <args>` as a developer runs it: its own process, nothing else loaded. */
async function token(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  const root = findRepoRoot();
  try {
    await execFileAsync(process.execPath, [
      join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(root, 'packages', 'local', 'src', 'cli', 'token.ts'),
      ...args,
    ]);
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '' };
  }
}

describe('CLI: npm run token', () => {
  it('names the option and the rule when a claim breaks one, in words', async () => {
    // Act
    const result = await token(['admin', '--platform', 'changchun', '--sub', 'x'.repeat(200)]);

    // Assess: the platform's schemas are zod/mini, which has no messages of its own
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--sub: Too big: expected string to have <=128 characters');
    expect(result.stderr).not.toContain('Invalid input');
  }, 30_000);
});
