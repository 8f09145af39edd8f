import fc from 'fast-check';
import { describe, expect, expectTypeOf, it, onTestFinished } from 'vitest';
import * as z from 'zod';
import { InvalidIdentifierError } from '../../../src/errors';
import {
  CREDIT_CODE_ALPHABET,
  type CreditCode,
  CreditCodeSchema,
  creditCodeCheckChar,
  validateCreditCode,
} from '../../../src/identity/credit-code';
import { validCreditCodeArb } from '../../../src/testing/identity-arbitraries';

// Check characters below were computed independently of the code under test (by script).
const ALPHABET = [...CREDIT_CODE_ALPHABET];

describe('Function: validateCreditCode', () => {
  it.each([
    ['a published example', '91350100M000100Y43'],
    ['a code whose check is a letter', '91110000600037341L'],
    ['a 长春 南关区 company', '91220102MA17Q3KT10'],
    ['a 吉林 public institution', '12220000412759478T'],
    ['a 长春 social organisation', '52220104MJ0000000W'],
    ['registration authority Y', 'Y1220106000000000F'],
  ])('returns the code when given %s', (_, input) => {
    // Act
    const result = validateCreditCode(input);

    // Assess
    expect(result).toEqual({ ok: true, value: input });
  });

  it.each([
    ['91350100m000100y43', '91350100M000100Y43'],
    ['91110000600037341l', '91110000600037341L'],
    ['91220102ma17q3kt10', '91220102MA17Q3KT10'],
  ])('normalises the lowercase letters of %s to upper case', (input, expected) => {
    // Act
    const result = validateCreditCode(input);

    // Assess
    expect(result).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['USCC_LENGTH', 'an empty string', ''],
    ['USCC_LENGTH', '17 characters', '91350100M000100Y4'],
    ['USCC_LENGTH', '19 characters', '91350100M000100Y430'],
    ['USCC_LENGTH', 'a trailing space', '91350100M000100Y43 '],
    ['USCC_LENGTH', 'a 9-character organisation code', 'M000100Y4'],
    ['USCC_CHARSET', 'the letter I', '91350100M000100I43'],
    ['USCC_CHARSET', 'the letter O', '91350100O000100Y43'],
    ['USCC_CHARSET', 'the letter S', 'S1350100M000100Y43'],
    ['USCC_CHARSET', 'the letter V', '91350100M000100V43'],
    ['USCC_CHARSET', 'the letter Z', '9Z350100M000100Y43'],
    ['USCC_CHARSET', 'a lowercase i', '91350100M000100i43'],
    ['USCC_CHARSET', 'a leading space', ' 1350100M000100Y43'],
    ['USCC_CHARSET', 'a hyphen', '91350100-000100Y43'],
    ['USCC_CHARSET', 'a full-width letter', '91350100Ｍ000100Y43'],
    ['USCC_CHARSET', 'a dotless ı that upper-cases to I', '91350100M000100ı43'],
    ['USCC_AREA', 'a letter in the area code', '91A50100M000100Y43'],
    ['USCC_AREA', 'a letter at the end of the area code', '9135010AM000100Y43'],
    ['USCC_CHECKSUM', 'a wrong check character', '91350100M000100Y44'],
    ['USCC_CHECKSUM', 'two adjacent characters swapped', '91350100M001000Y43'],
    ['USCC_CHECKSUM', 'a lowercase wrong check character', '91110000600037341m'],
  ])('returns %s when given %s', (rule, _, input) => {
    // Act
    const result = validateCreditCode(input);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(InvalidIdentifierError);
    expect(result.error.code).toBe(rule);
    expect(result.error.messageZh).toMatch(/^统一社会信用代码/);
    if (input.length > 0) {
      expect(result.error.message).not.toContain(input.trim());
    }
  });

  it.each([
    ['USCC_LENGTH', '', '统一社会信用代码应为18位'],
    [
      'USCC_CHARSET',
      '91350100M000100I43',
      '统一社会信用代码只能包含数字和大写英文字母（不使用I、O、S、V、Z）',
    ],
    ['USCC_AREA', '91A50100M000100Y43', '统一社会信用代码第3至8位应为6位数字的行政区划码'],
    ['USCC_CHECKSUM', '91350100M000100Y44', '统一社会信用代码校验位不正确'],
  ])('returns the zh-CN message of %s', (_, input, messageZh) => {
    // Act
    const result = validateCreditCode(input);

    // Assess
    expect(result.ok ? undefined : result.error.messageZh).toBe(messageZh);
  });

  it.each([
    ['USCC_CHARSET before USCC_AREA', '91I50100M000100Y43', 'USCC_CHARSET'],
    ['USCC_AREA before USCC_CHECKSUM', '91A50100M000100Y40', 'USCC_AREA'],
  ])('reports the first rule broken: %s', (_, input, rule) => {
    // Act
    const result = validateCreditCode(input);

    // Assess
    expect(result.ok ? undefined : result.error.code).toBe(rule);
  });

  it('accepts every generated valid code, in upper or lower case', () => {
    fc.assert(
      fc.property(validCreditCodeArb, fc.boolean(), (code, lower) => {
        // Prepare
        const input = lower ? code.toLowerCase() : code;

        // Act
        const result = validateCreditCode(input);

        // Assess
        expect(result).toEqual({ ok: true, value: code });
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects every single-character substitution of a valid code', () => {
    // Each rejection builds an error; skipping their stack traces makes the ~10^5 of them 5x faster.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    onTestFinished(() => {
      Error.stackTraceLimit = stackTraceLimit;
    });

    fc.assert(
      fc.property(validCreditCodeArb, (code) => {
        for (let position = 0; position < code.length; position++) {
          for (const char of ALPHABET) {
            if (char === code[position]) continue;
            // Prepare
            const changed = code.slice(0, position) + char + code.slice(position + 1);

            // Act
            const result = validateCreditCode(changed);

            // Assess
            if (result.ok) {
              expect.fail(`accepted a substitution at position ${position + 1}`);
            }
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Function: creditCodeCheckChar', () => {
  it.each([
    ['91350100M000100Y4', '3'],
    ['91110000600037341', 'L'],
    ['Y1220106000000000', 'F'],
  ])('returns the check character of %s', (first17, expected) => {
    // Act
    const check = creditCodeCheckChar(first17);

    // Assess
    expect(check).toBe(expected);
  });

  it.each([
    ['16 characters', '91350100M000100Y'],
    ['18 characters', '91350100M000100Y43'],
    ['a lowercase letter', '91350100m000100Y4'],
    ['a letter outside the alphabet', '91350100M000100I4'],
  ])('throws a RangeError when given %s', (_, first17) => {
    // Act & Assess
    expect(() => creditCodeCheckChar(first17)).toThrow(RangeError);
  });
});

describe('Schema: CreditCodeSchema', () => {
  it('parses a lowercase code into the branded, upper-case code', () => {
    // Act
    const code = CreditCodeSchema.parse('91350100m000100y43');

    // Assess
    expect(code).toBe('91350100M000100Y43');
    expectTypeOf(code).toEqualTypeOf<CreditCode>();
    expectTypeOf<CreditCode>().not.toEqualTypeOf<string>();
  });

  it.each([
    ['USCC_LENGTH', '91350100M000100Y4'],
    ['USCC_CHARSET', '91350100M000100I43'],
    ['USCC_AREA', '91A50100M000100Y43'],
    ['USCC_CHECKSUM', '91350100M000100Y44'],
  ])('fails with params.code %s and the zh-CN message', (rule, input) => {
    // Act
    const result = CreditCodeSchema.safeParse(input);

    // Assess
    const expected = validateCreditCode(input);
    if (result.success || expected.ok) return expect.fail('expected both to fail');
    expect(result.error.issues).toEqual([
      expect.objectContaining({
        code: 'custom',
        params: { code: rule },
        message: expected.error.messageZh,
      }),
    ]);
  });

  it('keeps the code out of the error it reports', () => {
    // Prepare
    const input = '91350100M000100Y44';

    // Act
    const result = CreditCodeSchema.safeParse(input);

    // Assess
    if (result.success) return expect.fail('expected the parse to fail');
    expect(JSON.stringify(result.error.issues)).not.toContain(input);
    expect(z.prettifyError(result.error)).not.toContain(input);
  });

  it('converts to a JSON Schema string', () => {
    // Act
    const jsonSchema = z.toJSONSchema(CreditCodeSchema);

    // Assess
    expect(jsonSchema).toMatchObject({ type: 'string' });
  });
});
