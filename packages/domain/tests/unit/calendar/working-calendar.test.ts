import chineseDays from 'chinese-days';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, dayOfWeek, type PlainDate } from '../../../src/calendar/plain-date';
import { createWorkingCalendar, officialCalendar } from '../../../src/calendar/working-calendar';

/** Every date from `from` to `to`, both included. */
function datesFrom(from: PlainDate, to: PlainDate): PlainDate[] {
  const dates: PlainDate[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    dates.push(date);
  }
  return dates;
}

/**
 * 2026's arrangement (国办发明电〔2025〕7号) as REFERENCE.md lists it, written out by hand:
 * the days off and the weekends worked (调休).
 */
const OFFICIAL_2026 = {
  daysOff: [
    ['元旦', '2026-01-01', '2026-01-03'],
    ['春节', '2026-02-15', '2026-02-23'],
    ['清明', '2026-04-04', '2026-04-06'],
    ['劳动节', '2026-05-01', '2026-05-05'],
    ['端午', '2026-06-19', '2026-06-21'],
    ['中秋', '2026-09-25', '2026-09-27'],
    ['国庆', '2026-10-01', '2026-10-07'],
  ],
  weekendsWorked: [
    ['元旦', '2026-01-04'], // Sunday
    ['春节', '2026-02-14'], // Saturday
    ['春节', '2026-02-28'], // Saturday
    ['劳动节', '2026-05-09'], // Saturday
    ['国庆', '2026-09-20'], // Sunday
    ['国庆', '2026-10-10'], // Saturday
  ],
} as const;

const daysOff2026 = OFFICIAL_2026.daysOff.flatMap(([name, from, to]) =>
  datesFrom(from, to).map((date) => [name, date] as const),
);
const weekendsWorked2026 = OFFICIAL_2026.weekendsWorked.map(
  ([name, date]) => [name, date] as const,
);

describe('Constant: officialCalendar', () => {
  describe('Method: isWorkingDay', () => {
    it.each(daysOff2026)('returns false on %s day off %s', (_name, date) => {
      // Act & Assess
      expect(officialCalendar.isWorkingDay(date)).toBe(false);
    });

    it.each(weekendsWorked2026)('returns true on %s weekend worked %s', (_name, date) => {
      // Prepare
      const weekday = dayOfWeek(date);

      // Act
      const result = officialCalendar.isWorkingDay(date);

      // Assess
      expect(weekday).toBeGreaterThanOrEqual(6); // it is a weekend, so the calendar knows it
      expect(result).toBe(true);
    });

    it('agrees with the official 2026 arrangement on every day of the year', () => {
      // Prepare
      const off = new Set<string>(daysOff2026.map(([, date]) => date));
      const worked = new Set<string>(weekendsWorked2026.map(([, date]) => date));
      const expected = (date: PlainDate): boolean =>
        worked.has(date) || (!off.has(date) && dayOfWeek(date) <= 5);

      // Act
      const disagreements = datesFrom('2026-01-01', '2026-12-31').filter(
        (date) => officialCalendar.isWorkingDay(date) !== expected(date),
      );

      // Assess
      expect(disagreements).toEqual([]);
    });

    it.each([
      ['2025-12-31', true], // Wednesday, the day before 2026's 元旦
      ['2025-10-08', false], // 2025's 国庆 ran Oct 1-8
      ['2025-09-28', true], // a Sunday worked in 2025
      ['2024-02-04', true], // a Sunday worked in 2024
      ['2004-01-01', false], // the library's first year
    ])('returns %s for %s, in an earlier published year', (date, expected) => {
      // Act & Assess
      expect(officialCalendar.isWorkingDay(date)).toBe(expected);
    });

    // These name the library as installed (chinese-days 1.5.x): once it publishes 2027 they
    // fail, on purpose, so the upgrade is noticed. The fake-calendar tests below keep covering
    // the unpublished case whatever the library knows.
    it.each([
      '2027-01-01', // Friday: chinese-days' isWorkday guesses "workday"
      '2027-01-04', // an ordinary Monday, still not known to be one
      '2027-02-06', // a Saturday
      '2003-12-31', // before the library's data
    ])('returns unpublished for %s, in a year without published data', (date) => {
      // Act & Assess
      expect(officialCalendar.isWorkingDay(date)).toBe('unpublished');
    });

    it('agrees with chinese-days on every date of every year it publishes', () => {
      // Prepare: the library's own functions (they read dates in the host's time zone, which
      // this project's vitest config pins to Asia/Shanghai)
      const years = Array.from({ length: 2030 - 2000 + 1 }, (_, i) => 2000 + i).filter(
        (year) => chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length,
      );
      const dates = years.flatMap((year) => datesFrom(`${year}-01-01`, `${year}-12-31`));

      // Act
      const disagreements = dates.filter(
        (date) => officialCalendar.isWorkingDay(date) !== chineseDays.getDayDetail(date).work,
      );

      // Assess
      expect(years.length).toBeGreaterThanOrEqual(23); // 2004-2026 in chinese-days 1.5.x
      expect(dates.length).toBeGreaterThan(23 * 365);
      expect(disagreements).toEqual([]);
    });

    it('throws when the date is not a plain date', () => {
      // Act & Assess
      expect(() => officialCalendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    });
  });

  describe('Method: isPublished', () => {
    it('returns true exactly for the years the library has holidays for', () => {
      // Prepare
      const years = Array.from({ length: 2040 - 1990 + 1 }, (_, i) => 1990 + i);
      const libraryYears = years.filter(
        (year) => chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length,
      );

      // Act & Assess
      expect(years.filter((year) => officialCalendar.isPublished(year))).toEqual(libraryYears);
    });

    it('returns true for an unbroken run of years from 2004', () => {
      // Prepare
      const years = Array.from({ length: 2030 - 2000 + 1 }, (_, i) => 2000 + i);

      // Act
      const published = years.filter((year) => officialCalendar.isPublished(year));

      // Assess
      expect(published[0]).toBe(2004);
      expect(published).toContain(2026);
      expect(published).toEqual(
        Array.from({ length: published.length }, (_, i) => 2004 + i), // no gaps
      );
    });

    it('returns false for a year the library could not parse', () => {
      // Act & Assess
      expect(officialCalendar.isPublished(26)).toBe(false);
    });
  });
});

describe('Function: createWorkingCalendar', () => {
  const originalTz = process.env.TZ;

  afterEach(() => {
    // Assigning undefined to process.env stores the string 'undefined'.
    if (originalTz === undefined) {
      delete process.env.TZ;
    } else {
      process.env.TZ = originalTz;
    }
  });

  it('returns a calendar answering from the injected isWorkday on published years', () => {
    // Prepare
    const calendar = createWorkingCalendar({
      publishedYears: [2030],
      isWorkday: (date) => date !== '2030-01-01' && dayOfWeek(date) <= 5,
    });

    // Act & Assess
    expect(calendar.isWorkingDay('2030-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2030-01-02')).toBe(true);
    expect(calendar.isWorkingDay('2030-01-05')).toBe(false);
    expect(calendar.isWorkingDay('2031-01-01')).toBe('unpublished');
    expect(calendar.isWorkingDay('2026-01-05')).toBe('unpublished');
  });

  it('returns a calendar that never asks isWorkday about an unpublished year', () => {
    // Prepare
    const asked: string[] = [];
    const calendar = createWorkingCalendar({
      publishedYears: (year) => year === 2030,
      isWorkday: (date) => {
        asked.push(date);
        return true;
      },
    });

    // Act
    calendar.isWorkingDay('2029-12-31');
    calendar.isWorkingDay('2030-06-03');

    // Assess
    expect(asked).toEqual(['2030-06-03']);
  });

  it('returns the library calendar restricted to the injected published years', () => {
    // Prepare
    const calendar = createWorkingCalendar({ publishedYears: [2025] });

    // Act & Assess
    expect(calendar.isWorkingDay('2025-10-08')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-04')).toBe('unpublished');
  });

  it('throws when publishedYears holds something other than integer years', () => {
    // Act & Assess
    expect(() => createWorkingCalendar({ publishedYears: [2026.5] })).toThrow(/integer years/);
  });

  it.each([
    'Asia/Shanghai',
    'America/New_York', // west of UTC, where chinese-days' own functions read the day before
    'Pacific/Kiritimati', // UTC+14
  ])('returns the same answers in host time zone %s as in UTC', (timeZone) => {
    // Prepare
    const dates = ['2026-01-04', '2026-02-14', '2026-02-23', '2026-10-08', '2026-10-10'];
    process.env.TZ = 'UTC';
    const inUtc = dates.map((date) => createWorkingCalendar().isWorkingDay(date));

    // Act
    process.env.TZ = timeZone;
    const elsewhere = dates.map((date) => createWorkingCalendar().isWorkingDay(date));

    // Assess
    expect(inUtc).toEqual([true, true, false, true, true]);
    expect(elsewhere).toEqual(inUtc);
  });
});
