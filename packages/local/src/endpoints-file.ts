import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';

/** Where a running `npm start` leaves its endpoints, so other commands find it. */
export const endpointsFile = (repoRoot: string): string =>
  join(repoRoot, '.local', 'endpoints.json');

const EndpointsSchema = z.object({ api: z.url(), dynamodb: z.url(), sqs: z.url() });
export type Endpoints = z.infer<typeof EndpointsSchema>;

/** The endpoints of a running `npm start`, or undefined when none is running (or the file is bad). */
export function readEndpoints(repoRoot: string): Endpoints | undefined {
  const file = endpointsFile(repoRoot);
  if (!existsSync(file)) return undefined;
  try {
    return EndpointsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}
