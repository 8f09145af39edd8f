import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayOfWeek,
  daysBetween,
  PlainDateSchema,
  toChinaDate,
} from '../../../src/calendar/plain-date';

describe('Schema: PlainDateSchema', () => {
  it.each(['2026-01-01', '2024-02-29', '2000-02-29', '2026-12-31'])('accepts %s', (value) => {
    // Act
    const result = PlainDateSchema.safeParse(value);

    // Assess
    expect(result).toEqual({ success: true, data: value });
  });

  const rejected: [value: unknown, reason: string][] = [
    ['2026-02-29', 'not a leap year'],
    ['1900-02-29', 'a century not divisible by 400'],
    ['2026-04-31', 'April has 30 days'],
    ['2026-13-01', 'no month 13'],
    ['2026-00-10', 'no month 0'],
    ['2026-1-4', 'not zero-padded'],
    ['2026-01-04T00:00:00Z', 'a date-time'],
    [' 2026-01-04', 'surrounding blanks'],
    [20260104, 'a number'],
  ];

  it.each(rejected)('rejects %s (%s)', (value) => {
    // Act
    const result = PlainDateSchema.safeParse(value);

    // Assess
    expect(result.success).toBe(false);
  });
});

describe('Function: addDays', () => {
  it.each([
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-03-29', 1, '2026-03-30'], // a DST change in Europe: plays no part
    ['2026-11-01', 1, '2026-11-02'], // a DST change in the USA: plays no part
    ['2026-01-04', 0, '2026-01-04'],
    ['2026-01-01', 365, '2027-01-01'],
  ])('returns %s + %i days = %s', (date, days, expected) => {
    // Act
    const result = addDays(date, days);

    // Assess
    expect(result).toBe(expected);
  });

  it('throws when days is not an integer', () => {
    // Act & Assess
    expect(() => addDays('2026-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('Function: dayOfWeek', () => {
  it.each([
    ['2026-01-01', 4], // Thursday
    ['2026-01-04', 7], // Sunday
    ['2026-02-14', 6], // Saturday
    ['2026-02-23', 1], // Monday
    ['2026-10-10', 6], // Saturday
    ['2000-01-01', 6], // Saturday
  ])('returns the ISO day of %s as %i', (date, expected) => {
    // Act
    const result = dayOfWeek(date);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('Function: daysBetween', () => {
  it.each([
    ['2026-01-01', '2026-01-01', 0],
    ['2026-01-01', '2027-01-01', 365],
    ['2024-01-01', '2025-01-01', 366],
    ['2026-03-01', '2026-02-28', -1],
  ])('returns the days from %s to %s as %i', (from, to, expected) => {
    // Act & Assess
    expect(daysBetween(from, to)).toBe(expected);
  });
});

describe('Function: toChinaDate', () => {
  it.each([
    ['2026-01-31T16:00:00Z', '2026-02-01'], // midnight in Beijing
    ['2026-01-31T15:59:59.999Z', '2026-01-31'], // a millisecond before it
    ['2026-02-01T00:30:00+08:00', '2026-02-01'],
    ['2026-01-31T10:00:00-06:00', '2026-02-01'], // 16:00Z
    ['2025-12-31T16:00Z', '2026-01-01'], // a new year in China first
    ['2026-06-15t08:00:00z', '2026-06-15'],
  ])('returns the China date of %s as %s', (instant, expected) => {
    // Act & Assess
    expect(toChinaDate(instant)).toBe(expected);
  });

  it('returns the China date of a Date', () => {
    // Prepare
    const instant = new Date(Date.UTC(2026, 8, 30, 16, 0, 0)); // 2026-10-01 00:00 in Beijing

    // Act & Assess
    expect(toChinaDate(instant)).toBe('2026-10-01');
  });

  it.each([
    ['2026-01-31T16:00:00', 'no offset: would be read in host time'],
    ['2026-01-31', 'a date, not an instant'],
    ['2026-02-30T00:00:00Z', 'not a real date (Date.parse rolls it to March)'],
    ['2026-01-31T24:00:00Z', 'hour 24'],
    ['yesterday', 'not ISO 8601'],
  ])('throws when the instant is %s (%s)', (instant) => {
    // Act & Assess
    expect(() => toChinaDate(instant)).toThrow(RangeError);
  });

  it('throws when the Date is invalid', () => {
    // Act & Assess
    expect(() => toChinaDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});
