import { fileURLToPath } from 'node:url';

/** The repository root: the npm workspace root, where package-lock.json and functions/ live. */
export const REPO_ROOT: string = fileURLToPath(new URL('../../', import.meta.url));

/** `functions/`: one folder per Lambda, each with its `handler.ts` entry. */
export const FUNCTIONS_DIR: string = fileURLToPath(new URL('../../functions/', import.meta.url));

/** `infra/config/`: one `<platform slug>.json` deployment configuration per platform. */
export const CONFIG_DIR: string = fileURLToPath(new URL('../config/', import.meta.url));
