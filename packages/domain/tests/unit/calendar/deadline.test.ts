import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  addWorkingDaysExact,
  deadlineStatus,
  workingDaysBetween,
} from '../../../src/calendar/deadline';
import { dayOfWeek } from '../../../src/calendar/plain-date';
import { createWorkingCalendar, officialCalendar } from '../../../src/calendar/working-calendar';
import { CalendarNotPublishedError } from '../../../src/errors';

/**
 * A made-up arrangement, so that the unpublished-year tests keep their meaning whatever years
 * chinese-days learns: only 2030 is published; 2030-12-31 (Tuesday) is off and 2030-12-28
 * (Saturday) is worked.
 */
const fakeCalendar = createWorkingCalendar({
  publishedYears: [2030],
  isWorkday: (date) => date === '2030-12-28' || (date !== '2030-12-31' && dayOfWeek(date) <= 5),
});

describe('Function: addWorkingDays', () => {
  // Expected values worked out by hand from 2026's arrangement (国办发明电〔2025〕7号):
  // off 元旦 Jan 1-3, 春节 Feb 15-23, 清明 Apr 4-6, 劳动节 May 1-5, 端午 Jun 19-21,
  // 中秋 Sep 25-27, 国庆 Oct 1-7; worked Jan 4 (Sun), Feb 14 and 28 (Sat), May 9 (Sat),
  // Sep 20 (Sun), Oct 10 (Sat). The day of receipt is never counted.
  it.each([
    // Wed; Jan 1-3 off, Jan 4 is the Sunday worked for 元旦
    ['2025-12-31', 1, '2026-01-04'],
    // Wed; Jan 4 (Sun, worked) is 1, Mon Jan 5 is 2
    ['2025-12-31', 2, '2026-01-05'],
    // received on a holiday (Fri Jan 2): Jan 3 is off, Jan 4 is worked
    ['2026-01-02', 1, '2026-01-04'],
    // Fri; Sat Feb 14 is worked before 春节
    ['2026-02-13', 1, '2026-02-14'],
    // Fri; Feb 14 is 1, Feb 15-23 off, Tue Feb 24 is 2
    ['2026-02-13', 2, '2026-02-24'],
    // Fri Feb 27; Sat Feb 28 is worked after 春节
    ['2026-02-27', 1, '2026-02-28'],
    // Mon; Feb 3-6 (4), Feb 9-13 (9), Feb 14 (10), Feb 24-27 (14), Feb 28 (15), Mar 2-6 (20)
    ['2026-02-02', 20, '2026-03-06'],
    // Thu; Feb 13 (1), Feb 14 (2), Feb 24-27 (6), Feb 28 (7), Mar 2-6 (12), Mar 9-13 (17),
    // Mar 16-18 (20)
    ['2026-02-12', 20, '2026-03-18'],
    // Fri; Apr 4-6 off (清明), Tue Apr 7
    ['2026-04-03', 1, '2026-04-07'],
    // Thu; May 1-5 off, May 6-8 (3), Sat May 9 worked (4), Mon May 11 (5)
    ['2026-04-30', 5, '2026-05-11'],
    // Tue; Apr 29-30 (2), May 1-5 off, May 6-8 (5)
    ['2026-04-28', 5, '2026-05-08'],
    // Fri; Sat May 9 is worked
    ['2026-05-08', 1, '2026-05-09'],
    // Thu; Jun 19-21 off (端午), Mon Jun 22
    ['2026-06-18', 1, '2026-06-22'],
    // Fri; Sat Sep 19 off, Sun Sep 20 worked before 国庆
    ['2026-09-18', 1, '2026-09-20'],
    // Thu; Sep 25-27 off (中秋), Mon Sep 28
    ['2026-09-24', 1, '2026-09-28'],
    // Wed; Oct 1-7 off (国庆), Thu Oct 8
    ['2026-09-30', 1, '2026-10-08'],
    // Thu; Sep 18 (1), Sep 20 (2), Sep 21-24 (6), Sep 28-30 (9), Oct 8-9 (11), Oct 10 (12),
    // Oct 12-16 (17), Oct 19-21 (20)
    ['2026-09-17', 20, '2026-10-21'],
    // Fri Oct 9; Sat Oct 10 is worked after 国庆
    ['2026-10-09', 1, '2026-10-10'],
    // received on Sat Mar 7, an ordinary weekend: Mon Mar 9
    ['2026-03-07', 1, '2026-03-09'],
    // Tue, no holiday: Mar 11-13 (3), Mar 16-17 (5)
    ['2026-03-10', 5, '2026-03-17'],
    // 0 days on a working day: the day itself
    ['2026-01-05', 0, '2026-01-05'],
    // 0 days on a Saturday worked (调休): the day itself
    ['2026-02-14', 0, '2026-02-14'],
    // 0 days on a holiday: the next working day, Thu Oct 8
    ['2026-10-01', 0, '2026-10-08'],
  ])('returns exact %s + %i working days = %s', (start, days, due) => {
    // Act
    const result = addWorkingDays(start, days);

    // Assess
    expect(result).toEqual({ kind: 'exact', due });
  });

  it('returns provisional, counted Monday to Friday, when the count crosses into 2027', () => {
    // Prepare: Sun 2026-12-20; Dec 21-25 (5), Dec 28-31 (9), then 2027 unpublished so
    // Mon-Fri: Fri Jan 1 (10), Jan 4-8 (15), Jan 11-15 (20)
    const start = '2026-12-20';

    // Act
    const result = addWorkingDays(start, 20);

    // Assess
    expect(result).toEqual({ kind: 'provisional', due: '2027-01-15', unpublishedYears: [2027] });
  });

  it('returns exact when a count ends on the last working day of 2026', () => {
    // Prepare: Sun 2026-12-20; Dec 21-25 (5), Dec 28-31 (9)
    const start = '2026-12-20';

    // Act
    const result = addWorkingDays(start, 9);

    // Assess
    expect(result).toEqual({ kind: 'exact', due: '2026-12-31' });
  });

  it('returns provisional when the count crosses into an unpublished year of a fake calendar', () => {
    // Prepare: Fri 2030-12-27; Sat Dec 28 worked (1), Dec 30 (2), Dec 31 off,
    // 2031 unpublished: Jan 1-3 (5), Jan 6 (6)
    const start = '2030-12-27';

    // Act
    const result = addWorkingDays(start, 6, fakeCalendar);

    // Assess
    expect(result).toEqual({ kind: 'provisional', due: '2031-01-06', unpublishedYears: [2031] });
  });

  it('returns every unpublished year crossed, in order', () => {
    // Prepare: 2031 has 261 weekdays, so 300 working days from the end of 2030 reach 2032
    const start = '2030-12-31';

    // Act
    const result = addWorkingDays(start, 300, fakeCalendar);

    // Assess
    expect(result).toMatchObject({ kind: 'provisional', unpublishedYears: [2031, 2032] });
  });

  it('returns exact when the count stays in the published year of a fake calendar', () => {
    // Prepare: Fri 2030-12-27; Sat Dec 28 worked (1), Mon Dec 30 (2)
    const start = '2030-12-27';

    // Act
    const result = addWorkingDays(start, 2, fakeCalendar);

    // Assess
    expect(result).toEqual({ kind: 'exact', due: '2030-12-30' });
  });

  it('returns exact when the receipt is in an unpublished year but no day counted is', () => {
    // Prepare: the day of receipt is not counted, so its year does not matter
    const start = '2029-12-31';

    // Act
    const result = addWorkingDays(start, 1, fakeCalendar);

    // Assess
    expect(result).toEqual({ kind: 'exact', due: '2030-01-01' });
  });

  it('returns provisional for 0 days received in an unpublished year', () => {
    // Prepare: Sat 2031-01-04, unpublished: Mon Jan 6 on the Mon-Fri reckoning
    const start = '2031-01-04';

    // Act
    const result = addWorkingDays(start, 0, fakeCalendar);

    // Assess
    expect(result).toEqual({ kind: 'provisional', due: '2031-01-06', unpublishedYears: [2031] });
  });

  it.each([
    ['days negative', '2026-01-05', -1],
    ['days fractional', '2026-01-05', 1.5],
    ['days not a number', '2026-01-05', Number.NaN],
    ['start not a real date', '2026-02-30', 1],
  ])('throws a RangeError when %s', (_case, start, days) => {
    // Act & Assess
    expect(() => addWorkingDays(start, days)).toThrow(RangeError);
  });
});

describe('Function: addWorkingDaysExact', () => {
  it('returns the exact due date when every day counted is in a published year', () => {
    // Act
    const result = addWorkingDaysExact('2026-02-13', 2);

    // Assess
    expect(result).toEqual({ kind: 'exact', due: '2026-02-24' });
  });

  it('throws CalendarNotPublishedError naming 2027 when the count crosses into it', () => {
    // Act
    const act = () => addWorkingDaysExact('2026-12-20', 20);

    // Assess
    expect(act).toThrow(CalendarNotPublishedError);
    expect(act).toThrow(expect.objectContaining({ code: 'CALENDAR_NOT_PUBLISHED', years: [2027] }));
  });

  it('throws CalendarNotPublishedError naming the years of a fake calendar', () => {
    // Act
    const act = () => addWorkingDaysExact('2030-12-31', 300, fakeCalendar);

    // Assess
    expect(act).toThrow(expect.objectContaining({ years: [2031, 2032] }));
  });
});

describe('Function: workingDaysBetween', () => {
  it.each([
    // Feb 14 (Sat, worked) and Tue Feb 24
    ['2026-02-13', '2026-02-24', 2],
    // the reverse: minus the same days
    ['2026-02-24', '2026-02-13', -2],
    // the same day
    ['2026-02-13', '2026-02-13', 0],
    // the whole of 春节: Feb 15-23 off
    ['2026-02-14', '2026-02-23', 0],
    ['2026-02-23', '2026-02-14', 0],
    // Fri May 8 to Mon May 11: Sat May 9 worked, Mon May 11
    ['2026-05-08', '2026-05-11', 2],
    // Oct 1 to Oct 10: Oct 8, 9, 10
    ['2026-10-01', '2026-10-10', 3],
    // 2026 has 365 days: 104 weekend days, 6 weekends worked; off on weekdays: Jan 1-2,
    // Feb 16-20, Feb 23, Apr 6, May 1, May 4-5, Jun 19, Sep 25, Oct 1-2, Oct 5-7 (19)
    // → 261 weekdays - 19 + 6 = 248
    ['2025-12-31', '2026-12-31', 248],
  ])('returns exact working days from %s to %s as %i', (from, to, days) => {
    // Act
    const result = workingDaysBetween(from, to);

    // Assess
    expect(result).toEqual({ kind: 'exact', days });
  });

  it('returns provisional when the range reaches an unpublished year', () => {
    // Prepare: Dec 31 (Thu) 2026, then Fri Jan 1 and Mon-Fri Jan 4-8 2027 on weekdays
    const [from, to] = ['2026-12-30', '2027-01-08'];

    // Act
    const result = workingDaysBetween(from, to);

    // Assess
    expect(result).toEqual({ kind: 'provisional', days: 7, unpublishedYears: [2027] });
  });

  it('returns the fake calendar count with its worked Saturday and day off', () => {
    // Prepare: Dec 26, 27 (Thu, Fri), Sat 28 worked, Mon 30; Tue 31 off
    const [from, to] = ['2030-12-25', '2030-12-31'];

    // Act
    const result = workingDaysBetween(from, to, fakeCalendar);

    // Assess
    expect(result).toEqual({ kind: 'exact', days: 4 });
  });

  it('is the inverse of addWorkingDays for a positive count', () => {
    // Prepare
    const start = '2026-09-17';
    const due = addWorkingDaysExact(start, 20).due;

    // Act
    const result = workingDaysBetween(start, due);

    // Assess
    expect(result).toEqual({ kind: 'exact', days: 20 });
  });
});

describe('Function: deadlineStatus', () => {
  it.each([
    // due Tue Feb 24; working days left after today up to the due date
    ['2026-02-24', '2026-02-10', 2, 'on_time'], // 11, 12, 13, 14, 24 left: 5
    ['2026-02-24', '2026-02-12', 2, 'on_time'], // 13, 14, 24 left: 3
    ['2026-02-24', '2026-02-13', 2, 'due_soon'], // 14, 24 left: 2
    ['2026-02-24', '2026-02-14', 2, 'due_soon'], // 24 left: 1 (all of 春节 in between)
    ['2026-02-24', '2026-02-20', 0, 'on_time'], // 24 left: 1 … with no warning window
    ['2026-02-24', '2026-02-20', 1, 'due_soon'], // … and with one
    ['2026-02-24', '2026-02-24', 0, 'due_soon'], // the due date itself: 0 left
    ['2026-02-24', '2026-02-25', 2, 'overdue'], // a day after
    ['2026-02-24', '2026-03-31', 2, 'overdue'], // long after
    ['2026-10-08', '2026-09-30', 1, 'due_soon'], // 国庆 between: Oct 8 left: 1
    ['2026-10-08', '2026-09-28', 1, 'on_time'], // Sep 29, 30, Oct 8 left: 3
    ['2026-10-08', '2026-10-09', 5, 'overdue'], // the day after the due date is overdue
  ] as const)(
    'returns for due %s on %s, warning within %i: %s',
    (due, today, warnWithin, expected) => {
      // Act
      const result = deadlineStatus(due, today, warnWithin);

      // Assess
      expect(result).toBe(expected);
    },
  );

  it('returns due_soon across an unpublished year counted Monday to Friday', () => {
    // Prepare: due Mon 2031-01-06 on the fake calendar; from Mon Dec 30 2030: Dec 31 off,
    // Jan 1-3 and Jan 6 left (4)
    const [due, today] = ['2031-01-06', '2030-12-30'];

    // Act & Assess
    expect(deadlineStatus(due, today, 4, fakeCalendar)).toBe('due_soon');
    expect(deadlineStatus(due, today, 3, fakeCalendar)).toBe('on_time');
  });

  it('throws a RangeError when warnWithin is negative', () => {
    // Act & Assess
    expect(() => deadlineStatus('2026-02-24', '2026-02-13', -1, officialCalendar)).toThrow(
      RangeError,
    );
  });
});
