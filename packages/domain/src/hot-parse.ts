import * as z from 'zod/mini';

type SafeParseResult<T> = z.core.util.SafeParseResult<T>;
type ParseParams = z.core.ParseContext<z.core.$ZodIssue>;

/**
 * How many values a schema parses on zod's interpreter in a process before it is compiled. zod's
 * `z.compile` builds a schema's parser as generated code (`new Function`): the same results and,
 * for an invalid value, the same issues (it hands that value to the interpreted parser). Within a
 * warm request it parses a case's items in about half the time: read case's, 60–102 µs instead of
 * 116–180 (phase timings inside the handlers, README "Performance", session 9). Building it costs
 * far more than one parse, the first in a process most (zod's compiler is itself code V8 has not
 * run yet): on Node 24, 5.5 ms for a case item's schema, the first compiled, then 0.1–1 ms for each
 * other schema, each in the request that makes its parse number 201. So a container's first
 * requests, which citizens meet after a cold start, keep the interpreter, and a busy container
 * pays a few milliseconds once and parses faster for the rest of its life.
 */
export const COMPILE_AFTER = 200;

/** Any zod schema: mini's, or a route's `$ZodType`. */
type Schema = z.core.$ZodType;

/** The parses a {@link HotParser} offers, as zod's `safeParse` and `parse`, error map included. */
export interface HotParser<T> {
  safeParse(data: unknown, params?: ParseParams): SafeParseResult<T>;
  /** The value, or throws zod's error (a `$ZodError`) listing every issue. */
  parse(data: unknown, params?: ParseParams): T;
  /** True once this parser runs zod's compiled parser. */
  readonly compiled: boolean;
}

class TieredParser<S extends Schema> implements HotParser<z.output<S>> {
  readonly #schema: S;
  readonly #after: number;
  #uses = 0;
  #current: S;

  constructor(schema: S, after: number) {
    this.#schema = schema;
    this.#after = after;
    this.#current = schema;
  }

  get compiled(): boolean {
    return this.#current !== this.#schema;
  }

  safeParse(data: unknown, params?: ParseParams): SafeParseResult<z.output<S>> {
    // The first `after` values on the interpreter; the next compiles (once: the count stops).
    if (this.#uses <= this.#after && this.#uses++ === this.#after) {
      // A schema zod cannot compile comes back as it is and keeps the interpreter.
      this.#current = z.compile(this.#schema);
    }
    return z.safeParse(this.#current, data, params);
  }

  parse(data: unknown, params?: ParseParams): z.output<S> {
    const result = this.safeParse(data, params);
    if (result.success) return result.data;
    throw result.error;
  }
}

const parsers = new WeakMap<Schema, HotParser<unknown>>();

/**
 * The process's parser for a schema parsed on every request (items read back, audit records,
 * claims, request parameters and bodies, task messages): zod's interpreter for its first
 * {@link COMPILE_AFTER} values, zod's compiled parser after them. One per schema, so every caller
 * counts towards the same switch. Synchronous, like `safeParse`: a schema with an async refinement throws zod's
 * `$ZodAsyncError`, as `safeParse` does. The schema's refinements must be free of side effects:
 * once compiled, an invalid value runs them twice (the compiled attempt, then the interpreter that
 * reports the issues).
 */
export function hot<S extends Schema>(schema: S): HotParser<z.output<S>> {
  let parser = parsers.get(schema);
  if (!parser) {
    parser = new TieredParser(schema, COMPILE_AFTER);
    parsers.set(schema, parser);
  }
  return parser as HotParser<z.output<S>>;
}

/** A parser of its own that compiles after `after` values (tests, and measuring the switch). */
export function tieredParser<S extends Schema>(schema: S, after: number): HotParser<z.output<S>> {
  if (!Number.isInteger(after) || after < 1) {
    throw new RangeError('after must be a positive integer');
  }
  return new TieredParser(schema, after);
}
