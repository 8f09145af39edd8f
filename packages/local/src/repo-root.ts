import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const isWorkspaceRoot = (dir: string): boolean => {
  try {
    const manifest: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return typeof manifest === 'object' && manifest !== null && 'workspaces' in manifest;
  } catch {
    return false;
  }
};

/**
 * The repository's root: the nearest directory at or above `from` whose package.json declares
 * npm `workspaces`.
 * @param from where to start. @default the directory of this file
 * @throws Error when no such directory exists up to the file system's root.
 */
export function findRepoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    if (isWorkspaceRoot(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `no package.json with "workspaces" at or above ${from}: run this from inside the repository`,
      );
    }
    dir = parent;
  }
}
