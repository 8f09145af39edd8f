import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { serveChild } from './child';
import { startRecording } from './recorder';
import type { RecordedCall } from './replay';

/**
 * An execution environment for the deployed bundles: this process imports the functions'
 * `index.mjs` as Lambda does (its environment is the function's, set by the parent) and invokes
 * their handlers. It imports nothing else that could change how the handlers run (no source
 * packages: their Powertools would install a second async hook), so timings are the bundles'.
 */

type Handler = (event: unknown, context: Context) => Promise<unknown>;
const handlers = new Map<string, Handler>();

interface ContextData {
  readonly functionName: string;
  readonly awsRequestId: string;
  readonly [key: string]: unknown;
}

const contextOf = (data: ContextData): Context =>
  ({
    ...data,
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as unknown as Context;

function handlerOf(fn: string): Handler {
  const handler = handlers.get(fn);
  if (!handler) throw new Error(`${fn} is not loaded`);
  return handler;
}

interface InvokeArgs {
  readonly fn: string;
  readonly event: unknown;
  readonly context: ContextData;
}

serveChild({
  async load(args: { bundles: Record<string, string> }) {
    const started = performance.now();
    for (const [fn, dir] of Object.entries(args.bundles)) {
      const mod = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as {
        handler?: Handler;
      };
      if (typeof mod.handler !== 'function') throw new Error(`${fn} exports no handler`);
      handlers.set(fn, mod.handler);
    }
    return { loadMs: performance.now() - started };
  },

  /** One invocation, its DynamoDB calls recorded. */
  async invoke(args: InvokeArgs & { readonly record?: boolean }) {
    const handler = handlerOf(args.fn);
    const recording = args.record ? startRecording() : undefined;
    try {
      const result = await handler(args.event, contextOf(args.context));
      const calls: RecordedCall[] = recording?.stop() ?? [];
      return { result, calls };
    } finally {
      recording?.stop();
    }
  },

  /** One timed invocation; fails unless the HTTP status is the expected one. */
  async time(args: InvokeArgs & { readonly expectStatus?: number }) {
    const handler = handlerOf(args.fn);
    const context = contextOf(args.context);
    const started = performance.now();
    const result = (await handler(args.event, context)) as { statusCode?: number; body?: string };
    const ms = performance.now() - started;
    if (args.expectStatus !== undefined && result?.statusCode !== args.expectStatus) {
      throw new Error(
        `${args.fn} answered ${result?.statusCode} (expected ${args.expectStatus}): ${result?.body}`,
      );
    }
    return ms;
  },
});
