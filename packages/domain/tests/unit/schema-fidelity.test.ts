import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ActorSchema } from '../../src/case/case';
import { CitizenIdSchema } from '../../src/identity/citizen-id';
import { CreditCodeSchema } from '../../src/identity/credit-code';
import { MobilePhoneSchema } from '../../src/identity/phone';
import { assertCompiledFidelity } from '../../src/testing/schema-fidelity';

const officer = { role: 'officer', id: 'sub-officer-1', platform: '220100', department: 'tax' };

describe('identity schemas', () => {
  it.each([
    ['公民身份号码', CitizenIdSchema],
    ['统一社会信用代码', CreditCodeSchema],
    ['手机号码', MobilePhoneSchema],
  ])(
    '%s compiles at its root, so zod compiles it inside every case and request (its OpenAPI metadata is in the registry, not a z.meta check)',
    (_, schema) => {
      expect(() => z.compile(schema, { strict: true })).not.toThrow();
      expect(z.globalRegistry.get(schema)).toMatchObject({ pattern: expect.any(String) });
    },
  );
});

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
    // A z.meta check at the root: zod's compiler refuses it (inside an object, that part would
    // run on the interpreter).
    const described = z.string().check(z.meta({ description: '事项名称' }));
    expect(() => assertCompiledFidelity(described, ['社会保障卡申领'])).toThrow(
      /z\.compile does not support/,
    );
  });
});
