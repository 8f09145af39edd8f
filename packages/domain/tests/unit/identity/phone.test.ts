import { describe, expect, expectTypeOf, it } from 'vitest';
import { type MobilePhone, MobilePhoneSchema, PHONE_FORMAT } from '../../../src/identity/phone';

describe('Schema: MobilePhoneSchema', () => {
  it.each([
    '13812345678',
    '14512345678',
    '15012345678',
    '16612345678',
    '17012345678',
    '18612345678',
    '19912345678',
  ])('parses %s into a branded MobilePhone', (input) => {
    // Act
    const phone = MobilePhoneSchema.parse(input);

    // Assess
    expect(phone).toBe(input);
    expectTypeOf(phone).toEqualTypeOf<MobilePhone>();
    expectTypeOf<MobilePhone>().not.toEqualTypeOf<string>();
  });

  it.each([
    ['an empty string', ''],
    ['10 digits', '1381234567'],
    ['12 digits', '138123456789'],
    ['a second digit 2', '12812345678'],
    ['a first digit other than 1', '23812345678'],
    ['a +86 prefix', '+8613812345678'],
    ['an 86 prefix', '8613812345678'],
    ['spaces', '138 1234 5678'],
    ['hyphens', '138-1234-5678'],
    ['a trailing newline', '13812345678\n'],
    ['full-width digits', '１３８１２３４５６７８'],
    ['a landline number', '043188888888'],
  ])('fails with PHONE_FORMAT when given %s', (_, input) => {
    // Act
    const result = MobilePhoneSchema.safeParse(input);

    // Assess
    if (result.success) return expect.fail('expected the parse to fail');
    expect(result.error.issues).toEqual([
      expect.objectContaining({
        code: 'custom',
        params: { code: PHONE_FORMAT },
        message: '手机号码应为11位数字，以13至19开头',
      }),
    ]);
  });

  it('keeps the number out of the error it reports', () => {
    // Prepare
    const input = '12812345678';

    // Act
    const result = MobilePhoneSchema.safeParse(input);

    // Assess
    expect(JSON.stringify(result.error?.issues)).not.toContain(input);
  });

  it('fails with invalid_type when given a number', () => {
    // Act
    const result = MobilePhoneSchema.safeParse(13812345678);

    // Assess
    expect(result.error?.issues[0]?.code).toBe('invalid_type');
  });
});
