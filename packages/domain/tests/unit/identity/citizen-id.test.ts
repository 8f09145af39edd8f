import fc from 'fast-check';
import { afterEach, describe, expect, expectTypeOf, it, onTestFinished, vi } from 'vitest';
import * as z from 'zod';
import { InvalidIdentifierError } from '../../../src/errors';
import {
  type CitizenId,
  CitizenIdSchema,
  citizenIdCheckChar,
  citizenIdFacts,
  validateCitizenId,
} from '../../../src/identity/citizen-id';
import {
  validCitizenIdArb,
  validCitizenIdInputArb,
} from '../../../src/testing/identity-arbitraries';

// Check characters below were computed independently of the code under test (by hand / script).
const TODAY = '2026-11-26';
const ID_CHARS = [...'0123456789X'];

describe('Function: validateCitizenId', () => {
  it.each([
    ['the GB 11643 example', '11010519491231002X'],
    ['a 长春 南关区 id', '220102199003071235'],
    ['a 四平 铁东区 id', '220303198501010016'],
    ['a leap-day birth date', '220422200002290046'],
    ['the earliest birth date', '220102190001010016'],
    ['a birth date of today', '220102202611260026'],
    ['a Hong Kong prefix', '810000199707010010'],
    ['a Taiwan prefix', '710000198001010029'],
    ['a Jilin id ending in X', '22010319880808019X'],
  ])('returns the id when given %s', (_, input) => {
    // Prepare
    const options = { today: TODAY };

    // Act
    const result = validateCitizenId(input, options);

    // Assess
    expect(result).toEqual({ ok: true, value: input });
  });

  it.each([
    ['11010519491231002x', '11010519491231002X'],
    ['22010319880808019x', '22010319880808019X'],
  ])('normalises a lowercase check character in %s to X', (input, expected) => {
    // Prepare
    const options = { today: TODAY };

    // Act
    const result = validateCitizenId(input, options);

    // Assess
    expect(result).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['ID_LENGTH', 'an empty string', ''],
    ['ID_LENGTH', '17 characters', '11010519491231002'],
    ['ID_LENGTH', '19 characters', '11010519491231002X0'],
    ['ID_LENGTH', 'a trailing space', '11010519491231002X '],
    ['ID_LENGTH', 'a 15-digit first-generation number', '110105491231002'],
    ['ID_CHARSET', 'a leading space', ' 11010519491231002'],
    ['ID_CHARSET', 'an X before the last place', '1101051949123100X2'],
    ['ID_CHARSET', 'a lowercase x before the last place', '1101051949123100x2'],
    ['ID_CHARSET', 'another letter last', '11010519491231002A'],
    ['ID_CHARSET', 'a hyphen', '110105-9491231002X'],
    ['ID_CHARSET', 'a full-width digit', '１10105194912310021'],
    ['ID_CHARSET', 'an Arabic-Indic digit', '١10105194912310021'],
    ['ID_AREA', 'a prefix that is no province', '990105194912310021'],
    ['ID_AREA', 'a prefix 00', '000105194912310021'],
    ['ID_AREA', 'a prefix 16', '160105194912310021'],
    ['ID_AREA', 'a prefix 84', '840000198001010021'],
    ['ID_BIRTH_DATE', 'a birth year before 1900', '220102189912310011'],
    ['ID_BIRTH_DATE', 'month 00', '220102199000070011'],
    ['ID_BIRTH_DATE', 'month 13', '220102199013070011'],
    ['ID_BIRTH_DATE', 'day 00', '220102199003000011'],
    ['ID_BIRTH_DATE', '31 April', '220102199004310011'],
    ['ID_BIRTH_DATE', '30 February', '220102199002300011'],
    ['ID_BIRTH_DATE', '29 February 1900 (not a leap year)', '220102190002290011'],
    ['ID_BIRTH_DATE', '29 February 2023', '220102202302290011'],
    ['ID_BIRTH_FUTURE', 'a birth date of tomorrow', '220102202611270013'],
    ['ID_BIRTH_FUTURE', 'a birth year far ahead', '220102209901010011'],
    ['ID_CHECKSUM', 'a wrong check digit', '110105194912310021'],
    ['ID_CHECKSUM', 'two adjacent digits swapped', '220102199003072135'],
    ['ID_CHECKSUM', 'X where a digit is due', '22010219900307123X'],
  ])('returns %s when given %s', (rule, _, input) => {
    // Prepare
    const options = { today: TODAY };

    // Act
    const result = validateCitizenId(input, options);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(InvalidIdentifierError);
    expect(result.error.name).toBe('InvalidIdentifierError');
    expect(result.error.code).toBe(rule);
    expect(result.error.messageZh).toMatch(/^公民身份号码/);
    if (input.length > 0) {
      expect(result.error.message).not.toContain(input.trim());
    }
  });

  it.each([
    ['ID_LENGTH', '', '公民身份号码应为18位'],
    ['ID_CHARSET', '1101051949123100X2', '公民身份号码应由17位数字和1位数字或X组成'],
    ['ID_AREA', '990105194912310021', '公民身份号码的地址码不正确'],
    ['ID_BIRTH_DATE', '220102199002300011', '公民身份号码中的出生日期不是有效日期'],
    ['ID_BIRTH_FUTURE', '220102209901010011', '公民身份号码中的出生日期晚于当前日期'],
    ['ID_CHECKSUM', '110105194912310021', '公民身份号码校验位不正确'],
  ])('returns the zh-CN message of %s', (_, input, messageZh) => {
    // Act
    const result = validateCitizenId(input, { today: TODAY });

    // Assess
    expect(result.ok ? undefined : result.error.messageZh).toBe(messageZh);
  });

  it.each([
    ['ID_AREA before ID_BIRTH_DATE', '990105194913310021', 'ID_AREA'],
    ['ID_CHARSET before ID_AREA', '99010519491231002A', 'ID_CHARSET'],
    ['ID_BIRTH_DATE before ID_CHECKSUM', '220102199002300019', 'ID_BIRTH_DATE'],
    ['ID_BIRTH_FUTURE before ID_CHECKSUM', '220102209901010019', 'ID_BIRTH_FUTURE'],
  ])('reports the first rule broken: %s', (_, input, rule) => {
    // Act
    const result = validateCitizenId(input, { today: TODAY });

    // Assess
    expect(result.ok ? undefined : result.error.code).toBe(rule);
  });

  describe('with the default today', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it.each([
      ['accepts', 'after midnight in Shanghai', '2026-11-26T16:00:00Z', true],
      ['rejects', 'before midnight in Shanghai', '2026-11-26T15:59:59Z', false],
    ])('%s a birth date of 2026-11-27 just %s', (_, __, now, ok) => {
      // Prepare
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(now));

      // Act
      const result = validateCitizenId('220102202611270013');

      // Assess
      expect(result.ok).toBe(ok);
    });

    it('moves on to the next day at midnight in Shanghai, in a process that runs through it', () => {
      // Prepare
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2026-11-26T15:59:59.999Z'));
      const before = validateCitizenId('220102202611270013');

      // Act
      vi.setSystemTime(new Date('2026-11-26T16:00:00.000Z'));
      const after = validateCitizenId('220102202611270013');

      // Assess
      expect(before.ok).toBe(false);
      expect(after.ok).toBe(true);
    });
  });

  it.each(['', '2026-1-1', '20261126', 'today'])(
    'throws a RangeError when today is %j',
    (today) => {
      // Act & Assess
      expect(() => validateCitizenId('11010519491231002X', { today })).toThrow(RangeError);
    },
  );

  it('accepts every generated valid id and normalises it to upper case', () => {
    fc.assert(
      fc.property(validCitizenIdInputArb, (input) => {
        // Act
        const result = validateCitizenId(input, { today: TODAY });

        // Assess
        expect(result).toEqual({ ok: true, value: input.toUpperCase() });
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects every single-character substitution of a valid id', () => {
    // Each rejection builds an error; skipping their stack traces makes the ~10^5 of them 5x faster.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    onTestFinished(() => {
      Error.stackTraceLimit = stackTraceLimit;
    });

    fc.assert(
      fc.property(validCitizenIdArb, (id) => {
        for (let position = 0; position < id.length; position++) {
          for (const char of ID_CHARS) {
            if (char === id[position]) continue;
            // Prepare
            const changed = id.slice(0, position) + char + id.slice(position + 1);

            // Act
            const result = validateCitizenId(changed, { today: TODAY });

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

describe('Function: citizenIdCheckChar', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['22010219900307123', '5'],
    ['22042220000229004', '6'],
    ['22010220001010000', '1'],
  ])('returns the check character of %s', (first17, expected) => {
    // Act
    const check = citizenIdCheckChar(first17);

    // Assess
    expect(check).toBe(expected);
  });

  it.each([
    ['16 digits', '1101051949123100'],
    ['18 digits', '110105194912310021'],
    ['a letter', '1101051949123100X'],
  ])('throws a RangeError when given %s', (_, first17) => {
    // Act & Assess
    expect(() => citizenIdCheckChar(first17)).toThrow(RangeError);
  });
});

describe('Function: citizenIdFacts', () => {
  it.each([
    ['11010519491231002X', { areaCode: '110105', birthDate: '1949-12-31', sex: 'female' }],
    ['220102199003071235', { areaCode: '220102', birthDate: '1990-03-07', sex: 'male' }],
    ['220422200002290046', { areaCode: '220422', birthDate: '2000-02-29', sex: 'female' }],
  ])('returns the area, birth date and sex of %s', (input, expected) => {
    // Prepare
    const id = CitizenIdSchema.parse(input);

    // Act
    const facts = citizenIdFacts(id);

    // Assess
    expect(facts).toEqual(expected);
  });

  it('returns facts that agree with the digits of every generated id', () => {
    fc.assert(
      fc.property(validCitizenIdArb, (id) => {
        // Act
        const { areaCode, birthDate, sex } = citizenIdFacts(id);

        // Assess
        expect(areaCode + birthDate.replaceAll('-', '')).toBe(id.slice(0, 14));
        expect(sex).toBe(Number(id[16]) % 2 === 1 ? 'male' : 'female');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Schema: CitizenIdSchema', () => {
  it('parses a lowercase x into the branded, upper-case id', () => {
    // Act
    const id = CitizenIdSchema.parse('11010519491231002x');

    // Assess
    expect(id).toBe('11010519491231002X');
    expectTypeOf(id).toEqualTypeOf<CitizenId>();
    expectTypeOf<CitizenId>().not.toEqualTypeOf<string>();
  });

  it.each([
    ['ID_LENGTH', '1101051949123100'],
    ['ID_CHARSET', '1101051949123100X2'],
    ['ID_AREA', '990105194912310021'],
    ['ID_BIRTH_DATE', '220102199002300011'],
    ['ID_BIRTH_FUTURE', '220102299901010011'],
    ['ID_CHECKSUM', '110105194912310021'],
  ])('fails with params.code %s and the zh-CN message', (rule, input) => {
    // Act
    const result = CitizenIdSchema.safeParse(input);

    // Assess
    const expected = validateCitizenId(input);
    if (result.success || expected.ok) return expect.fail('expected both to fail');
    expect(result.error.issues).toEqual([
      expect.objectContaining({
        code: 'custom',
        params: { code: rule },
        message: expected.error.messageZh,
      }),
    ]);
  });

  it('keeps the number out of the error it reports', () => {
    // Prepare
    const input = '110105194912310021';

    // Act
    const result = CitizenIdSchema.safeParse(input);

    // Assess
    if (result.success) return expect.fail('expected the parse to fail');
    expect(JSON.stringify(result.error.issues)).not.toContain(input);
    expect(z.prettifyError(result.error)).not.toContain(input);
  });

  it('fails with invalid_type when given a number', () => {
    // Act
    const result = CitizenIdSchema.safeParse(110105194912310020);

    // Assess
    expect(result.error?.issues[0]?.code).toBe('invalid_type');
  });

  it('converts to a JSON Schema string', () => {
    // Act
    const jsonSchema = z.toJSONSchema(CitizenIdSchema);

    // Assess
    expect(jsonSchema).toMatchObject({ type: 'string' });
  });
});
