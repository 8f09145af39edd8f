import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdentifier, maskName, maskPhone } from '../../../src/identity/masking';
import { validCitizenIdArb, validCreditCodeArb } from '../../../src/testing/identity-arbitraries';

const codePoints = (value: string): number => Array.from(value).length;

describe('Function: maskIdentifier', () => {
  it.each([
    ['a citizen id', '22010219900307123X', '220102********123X'],
    ['the GB 11643 example', '11010519491231002X', '110105********002X'],
    ['a credit code', '91350100M000100Y43', '913501********0Y43'],
    ['a 15-digit first-generation id', '220102900307123', '220102*****7123'],
    ['19 characters', '22010219900307123X0', '220102*********23X0'],
  ])('keeps the first 6 and last 4 of %s', (_, input, expected) => {
    // Act
    const masked = maskIdentifier(input);

    // Assess
    expect(masked).toBe(expected);
  });

  it.each([
    ['an empty string', '', ''],
    ['4 characters', '1234', '****'],
    ['10 characters', '2201021990', '**********'],
    ['14 characters', '22010219900307', '**************'],
  ])('masks %s entirely', (_, input, expected) => {
    // Act
    const masked = maskIdentifier(input);

    // Assess
    expect(masked).toBe(expected);
  });

  it('never shows the birth date of a citizen id', () => {
    fc.assert(
      fc.property(validCitizenIdArb, (id) => {
        // Act
        const masked = maskIdentifier(id);

        // Assess
        expect(masked).toBe(`${id.slice(0, 6)}********${id.slice(14)}`);
        expect(masked).not.toContain(id.slice(6, 14));
      }),
      { numRuns: 1000 },
    );
  });

  it('never shows the middle 8 characters of a credit code', () => {
    fc.assert(
      fc.property(validCreditCodeArb, (code) => {
        // Act
        const masked = maskIdentifier(code);

        // Assess
        expect(masked).toBe(`${code.slice(0, 6)}********${code.slice(14)}`);
        expect(masked).not.toContain(code.slice(6, 14));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Function: maskPhone', () => {
  it.each([
    ['a mobile number', '13812345678', '138****5678'],
    ['a number with +86', '+8613812345678', '+86*******5678'],
    ['a landline with area code', '043188888888', '043*****8888'],
  ])('keeps the first 3 and last 4 of %s', (_, input, expected) => {
    // Act
    const masked = maskPhone(input);

    // Assess
    expect(masked).toBe(expected);
  });

  it.each([
    ['an empty string', '', ''],
    ['a 7-digit number', '8888888', '*******'],
    ['10 digits', '1381234567', '**********'],
  ])('masks %s entirely', (_, input, expected) => {
    // Act
    const masked = maskPhone(input);

    // Assess
    expect(masked).toBe(expected);
  });

  it('never shows digits 4 to 7 of a mobile number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (phone) => {
        // Act
        const masked = maskPhone(phone);

        // Assess
        expect(masked).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Function: maskName', () => {
  it.each([
    ['a two-character name', '张三', '张*'],
    ['a three-character name', '李小龙', '李**'],
    ['a compound surname', '欧阳娜娜', '欧***'],
    ['a one-character name', '张', '*'],
    ['an empty string', '', ''],
    ['a name with a character outside the BMP', '𠮷野家', '𠮷**'],
    ['a name ending outside the BMP', '李𠮷', '李*'],
    ['a name with a middle dot', '阿依·买买提', '阿*****'],
    ['a Latin name', 'Anna', 'A***'],
  ])('masks %s', (_, input, expected) => {
    // Act
    const masked = maskName(input);

    // Assess
    expect(masked).toBe(expected);
  });
});

describe('Masking functions', () => {
  it.each([
    ['maskIdentifier', 10, maskIdentifier],
    ['maskPhone', 7, maskPhone],
    ['maskName', 1, maskName],
  ])('%s takes any string, keeps its length and shows at most %i characters', (_, most, mask) => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (input) => {
        // Act
        const masked = mask(input);

        // Assess
        const inputChars = Array.from(input);
        const maskedChars = Array.from(masked);
        expect(codePoints(masked)).toBe(codePoints(input));
        const shown = maskedChars.filter((char, i) => char !== '*' || inputChars[i] === '*');
        expect(shown.length).toBeLessThanOrEqual(most);
        expect(maskedChars.every((char, i) => char === '*' || char === inputChars[i])).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
