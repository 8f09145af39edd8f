import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Every CDK app synthesises into a new directory under the system's temporary directory
 * (`cdk.outXXXXXX`, about a megabyte each) and nothing removes it: hundreds a run. Each test file
 * gets a temporary directory of its own (`os.tmpdir()` follows TMPDIR), removed when it is done.
 */
const own = mkdtempSync(join(tmpdir(), 'jilin-infra-test-'));
const previous = process.env.TMPDIR;
process.env.TMPDIR = own;

afterAll(() => {
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
  rmSync(own, { recursive: true, force: true });
});
