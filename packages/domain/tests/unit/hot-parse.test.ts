import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ActorSchema, CaseIdSchema } from '../../src/case/case';
import { COMPILE_AFTER, hot, tieredParser } from '../../src/hot-parse';
import { outcome } from '../../src/testing/schema-fidelity';

const valid = { role: 'officer', id: 'sub-officer-1', platform: '220100', department: 'tax' };
const invalid = { role: 'mayor', id: '', extra: true };
const errorMap = (issue: { code?: string }) => `问题：${issue.code}`;

describe('tieredParser', () => {
  it('runs the interpreter for its first `after` values and zod’s compiled parser from the next', () => {
    const parser = tieredParser(ActorSchema, 3);
    expect(parser.safeParse(valid).success).toBe(true);
    expect(parser.safeParse(invalid).success).toBe(false);
    expect(parser.safeParse(valid).success).toBe(true);
    expect(parser.compiled).toBe(false);
    expect(parser.safeParse(valid).success).toBe(true);
    expect(parser.compiled).toBe(true);
    expect(parser.safeParse(valid).success).toBe(true);
    expect(parser.compiled).toBe(true);
  });

  it('answers exactly as the schema does before and after it compiles, error map included', () => {
    const parser = tieredParser(ActorSchema, 2);
    const before = [parser.safeParse(valid), parser.safeParse(invalid, { error: errorMap })];
    expect(parser.compiled).toBe(false);
    const after = [parser.safeParse(valid), parser.safeParse(invalid, { error: errorMap })];
    expect(parser.compiled).toBe(true);
    const direct = [
      ActorSchema.safeParse(valid),
      ActorSchema.safeParse(invalid, { error: errorMap }),
    ];
    expect(before.map(outcome)).toEqual(direct.map(outcome));
    expect(after.map(outcome)).toEqual(direct.map(outcome));
    const issues = outcome(after[1] as z.core.util.SafeParseResult<unknown>).issues ?? [];
    expect(issues.map((i) => i.message)).toContain('问题：invalid_value');
    expect(issues.map((i) => i.code)).toContain('unrecognized_keys');
  });

  it('builds fresh output, never hands the input back', () => {
    const parser = tieredParser(ActorSchema, 1);
    const input = { ...valid };
    parser.safeParse(input);
    const result = parser.safeParse(input);
    expect(parser.compiled).toBe(true);
    expect(result.success && result.data).toEqual(input);
    expect(result.success && result.data).not.toBe(input);
  });

  it('parse answers the value, or throws zod’s error with every issue, before and after it compiles', () => {
    const parser = tieredParser(ActorSchema, 2);
    for (let i = 0; i < 3; i++) {
      expect(parser.parse(valid)).toEqual(valid);
      let thrown: unknown;
      try {
        parser.parse(invalid, { error: errorMap });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(z.core.$ZodError);
      expect((thrown as z.core.$ZodError).issues).toEqual(
        (ActorSchema.safeParse(invalid, { error: errorMap }).error as z.core.$ZodError).issues,
      );
    }
    expect(parser.compiled).toBe(true);
  });

  it('keeps the interpreter for a schema zod cannot compile, and still answers', () => {
    // A reference cycle: zod's compiler refuses it (only the runtime can close a cycle).
    const Node: z.ZodMiniType = z.object({
      name: z.string(),
      get children() {
        return z.array(Node);
      },
    });
    const tree = { name: 'a', children: [{ name: 'b', children: [] }] };
    const parser = tieredParser(Node, 1);
    expect(parser.parse(tree)).toEqual(tree);
    expect(parser.compiled).toBe(false);
    expect(parser.safeParse({ name: 1, children: [] }).success).toBe(false);
  });

  it('refuses an async refinement as safeParse does, so a caller can parse it asynchronously', async () => {
    const schema = z.string().check(z.refine(async (s) => s.length > 1));
    expect(() => tieredParser(schema, 5).safeParse('ab')).toThrow(z.core.$ZodAsyncError);
    expect((await z.safeParseAsync(schema, 'ab')).success).toBe(true);
  });

  it('refuses a threshold that is not a positive integer', () => {
    expect(() => tieredParser(ActorSchema, 0)).toThrow(RangeError);
    expect(() => tieredParser(ActorSchema, 1.5)).toThrow(RangeError);
  });
});

describe('hot', () => {
  it('is one parser per schema, so every caller counts towards the same switch', () => {
    const schema = z.strictObject({ caseId: CaseIdSchema });
    expect(hot(schema)).toBe(hot(schema));
    expect(hot(schema)).not.toBe(hot(ActorSchema));
    const value = { caseId: '220100-20260302-AB12CD34' };
    for (let i = 0; i < COMPILE_AFTER; i++) hot(schema).safeParse(value);
    expect(hot(schema).compiled).toBe(false);
    expect(outcome(hot(schema).safeParse(value))).toEqual(outcome(schema.safeParse(value)));
    expect(hot(schema).compiled).toBe(true);
  });
});
