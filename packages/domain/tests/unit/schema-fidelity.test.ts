import { describe, expect, it } from 'vitest';
import { ActorSchema } from '../../src/case/case';
import { CitizenIdSchema } from '../../src/identity/citizen-id';
import { assertCompiledFidelity } from '../../src/testing/schema-fidelity';

const officer = { role: 'officer', id: 'sub-officer-1', platform: '220100', department: 'tax' };

describe('assertCompiledFidelity', () => {
  it('passes for a schema zod compiles whole, on valid and mutated samples', () => {
    expect(() => assertCompiledFidelity(ActorSchema, [officer], { numRuns: 50 })).not.toThrow();
  });

  it('fails on a sample the schema refuses, so a test cannot check only invalid values', () => {
    expect(() => assertCompiledFidelity(ActorSchema, [{ ...officer, role: 'mayor' }])).toThrow(
      /sample is not valid/,
    );
    expect(() => assertCompiledFidelity(ActorSchema, [])).toThrow(/at least one sample/);
  });

  it('fails on a schema zod cannot compile whole, which hot would leave on the interpreter unnoticed', () => {
    // z.meta at the root: zod's compiler refuses it (inside an object it runs as a runtime island).
    expect(() => assertCompiledFidelity(CitizenIdSchema, ['11010519491231002X'])).toThrow(
      /z\.compile does not support/,
    );
  });
});
