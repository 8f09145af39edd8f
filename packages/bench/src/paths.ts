import { fileURLToPath } from 'node:url';

/** The repository root (the npm workspace root), wherever the harness is started from. */
export const REPO_ROOT: string = fileURLToPath(new URL('../../../', import.meta.url));

/** Where results go: `bench-results/<timestamp>.json` and `bench-results/latest.json`. */
export const RESULTS_DIR: string = fileURLToPath(
  new URL('../../../bench-results/', import.meta.url),
);

/**
 * Generated entry files (the baseline bundle's source). Inside the repository so that esbuild
 * resolves `@aws-sdk/*` from its node_modules; under node_modules so no tool lints or commits it.
 */
export const CACHE_DIR: string = fileURLToPath(
  new URL('../../../node_modules/.cache/jilin-bench/', import.meta.url),
);

/** A source file of this package, for a child process. */
export const benchSource = (name: string): string =>
  fileURLToPath(new URL(`./${name}`, import.meta.url));
