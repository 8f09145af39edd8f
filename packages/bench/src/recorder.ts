import { ClientRequest } from 'node:http';
import type { RecordedCall } from './replay';

/**
 * Records the DynamoDB calls a handler makes, as they leave the process: a bundled handler's SDK
 * client is out of reach, but every request goes through node:http, with the operation in the
 * `X-Amz-Target` header (`DynamoDB_20120810.Query`) and its input as the JSON body. The patch is
 * installed only while recording, so timed runs go through Node's own `end`.
 */
const DYNAMODB_TARGET = 'DynamoDB_20120810.';

export interface Recording {
  stop(): RecordedCall[];
}

export function startRecording(): Recording {
  const calls: RecordedCall[] = [];
  const original = ClientRequest.prototype.end;
  const patched = function end(this: ClientRequest, ...args: unknown[]) {
    const target = this.getHeader('x-amz-target');
    if (typeof target === 'string' && target.startsWith(DYNAMODB_TARGET)) {
      const chunk = args[0];
      const body =
        typeof chunk === 'string'
          ? chunk
          : chunk instanceof Uint8Array
            ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8')
            : undefined;
      if (body === undefined) throw new Error(`a ${target} request without a body to record`);
      calls.push({
        operation: target.slice(DYNAMODB_TARGET.length),
        input: JSON.parse(body) as Record<string, unknown>,
      });
    }
    return (original as (...a: unknown[]) => ClientRequest).apply(this, args);
  };
  ClientRequest.prototype.end = patched as typeof ClientRequest.prototype.end;
  let stopped = false;
  return {
    stop() {
      if (!stopped) {
        stopped = true;
        ClientRequest.prototype.end = original;
      }
      return calls;
    },
  };
}
