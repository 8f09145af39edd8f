import { inspect, isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import * as z from 'zod/mini';

/**
 * Whether zod's compiled parser (`z.compile`, which `hot` switches to) answers a schema's values
 * as the interpreter does: the same success and the same value. (For a value it refuses, the
 * compiled parser hands the whole parse to the interpreter, so the issues are the same by
 * construction; they are compared all the same.) zod runs its own suite both ways; this checks
 * our schemas (refinements, brands, overwrites, strict objects) on valid samples and on samples
 * mutated at any depth, which is where a difference would hurt: a stored item or a request the
 * interpreter refuses and the compiled parser accepts, or a value built differently.
 */

type Path = readonly (string | number)[];

/** Every place in a JSON value, the root included. */
function pathsOf(value: unknown, path: Path = []): Path[] {
  const here = [path];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => pathsOf(v, [...path, i])));
  if (typeof value === 'object' && value !== null) {
    return here.concat(...Object.entries(value).map(([k, v]) => pathsOf(v, [...path, k])));
  }
  return here;
}

type Mutation =
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'set'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'add'; readonly at: number; readonly key: string; readonly value: unknown };

/** Values that sit on the edges of our schemas: lengths, dates, identifiers, enums, numbers. */
const valueArb = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 1300 }),
  fc.constantFrom(
    '',
    '2026-02-30',
    '2026-03-04',
    '2026-03-04T06:30:00Z',
    'not a date',
    '220100-20260230-ABCDEFGH',
    '11010519491231002X',
    '11010519491231002x',
    '91220101MA0000000X',
    'approved',
    'tax',
    0,
    -1,
    1.5,
    2 ** 53,
    Number.NaN,
    null,
    undefined,
  ),
);

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: valueArb }),
  fc.record({
    kind: fc.constant('add' as const),
    at: fc.nat(),
    key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('reason', 'comment', 'kind')),
    value: valueArb,
  }),
);

function mutate(sample: unknown, mutations: readonly Mutation[]): unknown {
  let root = structuredClone(sample);
  for (const m of mutations) {
    const paths = pathsOf(root);
    const path = paths[m.at % paths.length] as Path;
    if (path.length === 0) {
      if (m.kind === 'set') root = m.value;
      else if (
        m.kind === 'add' &&
        typeof root === 'object' &&
        root !== null &&
        !Array.isArray(root)
      ) {
        (root as Record<string, unknown>)[m.key] = m.value;
      }
      continue;
    }
    let parent: unknown = root;
    for (const step of path.slice(0, -1))
      parent = (parent as Record<string | number, unknown>)[step];
    const container = parent as Record<string | number, unknown>;
    const last = path[path.length - 1] as string | number;
    if (m.kind === 'delete') {
      if (Array.isArray(container)) container.splice(Number(last), 1);
      else delete container[last];
    } else if (m.kind === 'set') container[last] = m.value;
    else {
      const target = container[last];
      if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
        (target as Record<string, unknown>)[m.key] = m.value;
      }
    }
  }
  return root;
}

/** A sample with one to three mutations anywhere in it. */
export const mutatedSampleArb = (samples: readonly unknown[]): fc.Arbitrary<unknown> =>
  fc
    .tuple(
      fc.nat({ max: Math.max(0, samples.length - 1) }),
      fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
    )
    .map(([which, mutations]) => mutate(samples[which], mutations));

/** A parse's answer, to compare: success and value, or the issues. */
export const outcome = (result: z.core.util.SafeParseResult<unknown>) =>
  result.success
    ? { success: true, data: result.data }
    : { success: false, issues: result.error.issues };

/** NaN, undefined and nesting shown as they are (JSON would show null, or drop them). */
const show = (value: unknown): string => inspect(value, { depth: null, breakLength: Infinity });

export interface FidelityOptions {
  /** Passed to both parses, e.g. `{ error: zhCnErrorMap }`. */
  readonly params?: z.core.ParseContext<z.core.$ZodIssue>;
  /** @default 400 */
  readonly numRuns?: number;
}

/**
 * Compiles `schema` strictly (throws if zod refuses its root, where `hot` would keep the
 * interpreter unnoticed; a part zod cannot model inside it runs on the interpreter, even strictly),
 * checks that every sample is valid, and that the compiled and interpreted parsers answer each
 * sample and `numRuns` mutated samples alike.
 * @throws an Error naming the first value they disagree on
 */
export function assertCompiledFidelity(
  schema: z.core.$ZodType,
  samples: readonly unknown[],
  options: FidelityOptions = {},
): void {
  if (samples.length === 0) throw new Error('assertCompiledFidelity needs at least one sample');
  const compiled = z.compile(schema, { strict: true });
  const check = (value: unknown): void => {
    const expected = outcome(z.safeParse(schema, structuredClone(value), options.params));
    const actual = outcome(z.safeParse(compiled, structuredClone(value), options.params));
    if (!isDeepStrictEqual(actual, expected)) {
      throw new Error(
        `compiled and interpreted parsers disagree on ${show(value)}: compiled ${show(actual)}, interpreted ${show(expected)}`,
      );
    }
  };
  for (const sample of samples) {
    if (!z.safeParse(schema, sample, options.params).success) {
      throw new Error(`sample is not valid: ${show(sample)}`);
    }
    check(sample);
  }
  fc.assert(fc.property(mutatedSampleArb(samples), check), { numRuns: options.numRuns ?? 400 });
}
