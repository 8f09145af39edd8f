import { citizenIdCheckChar } from '@jilin/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/index';
import { redactLogValue } from '../../src/redact';

describe('Function: redact', () => {
  it.each([
    ['a citizen id', '11010519491231002X', '110105********002X'],
    ['a citizen id with a lower-case x', 'id=11010519491231002x;', 'id=110105********002x;'],
    [
      'a citizen id with a digit check',
      '身份证号码220102199003071234。',
      '身份证号码220102********1234。',
    ],
    ['a citizen id glued to letters', 'ID11010519491231002Xabc', 'ID110105********002Xabc'],
    ['a credit code', 'USCC 91350100M000100Y43', 'USCC 913501********0Y43'],
    ['a mobile', 'tel 13812345678', 'tel 138****5678'],
    ['a mobile with +86', '+8613812345678', '+86138****5678'],
    ['a mobile in 3-4-4 groups', '138-1234-5678 / 138 1234 5678', '138****5678 / 138****5678'],
    [
      'several of each',
      'a 11010519491231002X b 22010219900307123X c 13912345678 d 91350100M000100Y43',
      'a 110105********002X b 220102********123X c 139****5678 d 913501********0Y43',
    ],
  ])('masks %s', (_, input, expected) => {
    // Act
    const output = redact(input);

    // Assess
    expect(output).toBe(expected);
  });

  it.each([
    ['an epoch timestamp in ms', 'timeEpoch 1732600000000'],
    ['an ISO timestamp', '2025-11-26T03:37:00.000+08:00'],
    ['a case id', '220100-20251126-ABCDEFGH'],
    ['a UUID', 'ca464c7a-8281-4427-9b13-fd695906ecfd'],
    ['a 12-digit account id', 'arn:aws-cn:lambda:cn-north-1:123456789012:function:x'],
    ['a landline', '0431-88888888'],
    ['a mobile-like run inside a longer number', '213812345678'],
    ['plain Chinese', '办件已被他人更新，请刷新后重试'],
  ])('leaves %s alone', (_, input) => {
    // Act
    const output = redact(input);

    // Assess
    expect(output).toBe(input);
  });

  it('never leaves a valid citizen id in the text, wherever it is embedded', () => {
    const id = fc
      .tuple(
        fc.constantFrom('110105', '220102', '220181', '810000'),
        fc.date({ min: new Date('1900-01-01'), max: new Date('2024-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
      )
      .map(([area, date, seq]) => {
        const first17 = `${area}${date.toISOString().slice(0, 10).replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
        return `${first17}${citizenIdCheckChar(first17)}`;
      });
    fc.assert(
      fc.property(fc.string(), id, fc.string(), (before, number, after) => {
        // Act
        const output = redact(`${before}${number}${after}`);

        // Assess
        expect(output).not.toContain(number);
        expect(output).not.toContain(number.slice(6, 14));
      }),
      { numRuns: 300 },
    );
  });
});

describe('Function: redactLogValue', () => {
  it.each<[string, unknown, unknown]>([
    ['a string', 'x 13812345678', 'x 138****5678'],
    ['a number that is a mobile', 13812345678, '138****5678'],
    ['a bigint that holds a citizen id', 110105194912310021n, '110105********0021'],
    ['an ordinary number', 1732600000000, 1732600000000],
    ['a boolean', true, true],
    ['null', null, null],
  ])('returns %s redacted', (_, value, expected) => {
    // Act
    const output = redactLogValue('key', value);

    // Assess
    expect(output).toEqual(expected);
  });

  it('returns a copy with masked keys when an object is keyed by a number', () => {
    // Act
    const output = redactLogValue('', { '11010519491231002X': 1, other: 2 });

    // Assess
    expect(output).toEqual({ '110105********002X': 1, other: 2 });
  });

  it('returns the same object when no key needs masking', () => {
    // Prepare
    const value = { a: 1 };

    // Act
    const output = redactLogValue('', value);

    // Assess
    expect(output).toBe(value);
  });
});
