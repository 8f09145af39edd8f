import fc from 'fast-check';
import {
  CITIZEN_ID_PROVINCE_CODES,
  type CitizenId,
  citizenIdCheckChar,
  validateCitizenId,
} from '../identity/citizen-id';
import {
  CREDIT_CODE_ALPHABET,
  type CreditCode,
  creditCodeCheckChar,
  validateCreditCode,
} from '../identity/credit-code';

/**
 * fast-check arbitraries for the identifiers of GB 11643 and GB 32100. Values are built part by
 * part, then passed through the validator, so each one carries its brand without a cast (and a
 * generator bug fails loudly instead of feeding an invalid value to a test).
 */

/** The latest birth date generated; also the `today` the generated ids are validated against. */
const LAST_BIRTH_DATE = '2025-12-31';

const digitsArb = (length: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });

const creditCharsArb = (length: number): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.constantFrom(...CREDIT_CODE_ALPHABET),
    minLength: length,
    maxLength: length,
  });

/** YYYYMMDD, a real date from 1900-01-01 to 2025-12-31. */
const birthDateArb: fc.Arbitrary<string> = fc
  .date({
    min: new Date('1900-01-01T00:00:00Z'),
    max: new Date(`${LAST_BIRTH_DATE}T00:00:00Z`),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString().slice(0, 10).replaceAll('-', ''));

/**
 * Any valid 公民身份号码: a province prefix + 4 digits, a birth date from 1900-01-01 to
 * 2025-12-31, a 3-digit sequence and the right check character (upper-case X).
 */
export const validCitizenIdArb: fc.Arbitrary<CitizenId> = fc
  .tuple(fc.constantFrom(...CITIZEN_ID_PROVINCE_CODES), digitsArb(4), birthDateArb, digitsArb(3))
  .map(([province, county, birthDate, sequence]) => {
    const first17 = `${province}${county}${birthDate}${sequence}`;
    const result = validateCitizenId(first17 + citizenIdCheckChar(first17), {
      today: LAST_BIRTH_DATE,
    });
    if (!result.ok) {
      throw new Error(`validCitizenIdArb generated an invalid id (${result.error.code})`);
    }
    return result.value;
  });

/**
 * Valid 公民身份号码 as a person may type them: like {@link validCitizenIdArb}, but a check
 * character X is written as a lowercase x about half the time.
 */
export const validCitizenIdInputArb: fc.Arbitrary<string> = fc
  .tuple(validCitizenIdArb, fc.boolean())
  .map(([id, lower]) => (lower && id.endsWith('X') ? `${id.slice(0, 17)}x` : id));

/**
 * Any valid 统一社会信用代码: registration authority and organisation type from the alphabet, a
 * six-digit area code, a 9-character organisation code and the right check character.
 */
export const validCreditCodeArb: fc.Arbitrary<CreditCode> = fc
  .tuple(creditCharsArb(2), digitsArb(6), creditCharsArb(9))
  .map(([authorityAndType, area, organisation]) => {
    const first17 = `${authorityAndType}${area}${organisation}`;
    const result = validateCreditCode(first17 + creditCodeCheckChar(first17));
    if (!result.ok) {
      throw new Error(`validCreditCodeArb generated an invalid code (${result.error.code})`);
    }
    return result.value;
  });
