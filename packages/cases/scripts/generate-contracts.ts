/**
 * Writes the contracts that other teams build against, generated from the zod schemas:
 * contracts/openapi.json (the HTTP API, OpenAPI 3.1) and contracts/task-message.v1.schema.json
 * (what a department back-end receives). A test fails when the committed files are stale.
 * Run: npm run generate
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createOpenApiDocument, taskMessageJsonSchema } from '../src';

export const CONTRACTS = {
  'openapi.json': () => createOpenApiDocument(),
  'task-message.v1.schema.json': () => taskMessageJsonSchema(),
} as const;

export const render = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [file, build] of Object.entries(CONTRACTS)) {
    const path = fileURLToPath(new URL(`../contracts/${file}`, import.meta.url));
    writeFileSync(path, render(build()));
    process.stdout.write(`wrote ${path}\n`);
  }
}
